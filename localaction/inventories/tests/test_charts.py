"""Charts are self-contained, labelled SVG: nothing fetched from another host."""

import re
import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse

from localaction.charts import bar_chart
from localaction.inventories.models import Inventory
from localaction.inventories.services import LineData, inventory_move, inventory_replace_lines

SVG = "{http://www.w3.org/2000/svg}"
# The only URLs an inline SVG may hold are the names of its XML namespaces.
NAMESPACES = re.compile(r'\sxmlns(:\w+)?="[^"]*"')
URL = re.compile(r"https?://|//[a-z0-9.-]+\.[a-z]{2,}|url\((?!#)", re.IGNORECASE)


def chart(**overrides):
    arguments = {
        "labels": ["I Stationary energy", "II Transportation", "V AFOLU"],
        "values": [1200.5, 800.0, -40.0],
        "title": "Emissions by sector",
        "description": "I: 1,201 t CO2e; II: 800 t CO2e; V: -40 t CO2e",
        "unit": "t CO2e",
        "chart_id": "by-sector",
    }
    return bar_chart(**(arguments | overrides))


def assert_self_contained(svg: str) -> None:
    assert not URL.search(NAMESPACES.sub("", svg)), URL.search(NAMESPACES.sub("", svg))
    root = ET.fromstring(svg)
    for tag in ("script", "image", "foreignObject", "a"):
        assert root.find(f".//{SVG}{tag}") is None, tag


@pytest.mark.parametrize("horizontal", [True, False])
def test_a_chart_is_valid_svg_with_its_title_and_description(horizontal):
    svg = chart(horizontal=horizontal)
    root = ET.fromstring(svg)  # well-formed XML
    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "by-sector-title by-sector-desc"
    assert root.find(f"{SVG}title").text == "Emissions by sector"
    assert root.find(f"{SVG}title").get("id") == "by-sector-title"
    assert root.find(f"{SVG}desc").text.startswith("I: 1,201 t CO2e")
    texts = " ".join(text.text or "" for text in root.iter(f"{SVG}text"))
    assert "Transportation" in texts  # text stays text, not glyph outlines
    assert "t CO2e" in texts


def test_a_chart_holds_no_address_of_another_host():
    assert_self_contained(chart())


def test_text_in_a_chart_is_escaped():
    svg = chart(title='<script>alert("x")</script>', labels=["a & b", "<c>", "d"])
    assert_self_contained(svg)
    assert ET.fromstring(svg).find(f"{SVG}title").text == '<script>alert("x")</script>'


def test_two_charts_on_one_page_share_no_element_id():
    def ids(svg):
        return set(re.findall(r'\sid="([^"]+)"', svg))

    first, second = chart(chart_id="by-sector"), chart(chart_id="by-scope")
    assert ids(first) and ids(second)
    assert not ids(first) & ids(second)


def test_a_chart_is_drawn_for_one_bar_and_for_zeros():
    ET.fromstring(chart(labels=["2019"], values=[0.0], horizontal=False))


def test_one_label_per_value():
    with pytest.raises(ValueError):
        chart(labels=["one"], values=[1.0, 2.0])


@pytest.mark.django_db
def test_the_results_page_inlines_four_self_contained_charts(client, cast):
    inventory = Inventory.objects.create(local_government=cast.freiburg, year=2020)
    inventory_replace_lines(
        inventory=inventory,
        lines=[
            LineData("I.1.1", amount=1000, unit="TJ", factor="natural_gas"),
            LineData("III.1.1", measured_kg={"CH4": 1000}),
        ],
    )
    for step in ("submit", "verify", "publish"):
        inventory_move(inventory=inventory, step=step, user=cast.secretariat)
    page = client.get(
        reverse("inventories:results", args=[cast.freiburg.code, inventory.year])
    ).content.decode()
    charts = re.findall(r"<svg\b.*?</svg>", page, re.DOTALL)
    assert len(charts) == 4
    for svg in charts:
        assert_self_contained(svg)
    assert not re.search(r"<script\b", page)
