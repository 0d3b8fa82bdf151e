"""Line charts are self-contained, labelled SVG like bar charts: named series of
points, each a line or markers, with a legend that stays text."""

import re
import xml.etree.ElementTree as ET

import pytest

from localaction.charts import Series, line_chart
from localaction.inventories.tests.test_charts import SVG, assert_self_contained


def chart(**overrides):
    arguments = {
        "series": [
            Series("Inventories", [(2010, 1_000_000), (2015, 920_000)], style="markers"),
            Series("BAU forecast", [(2015, 920_000), (2050, 1_100_000)]),
            Series("Trajectory", [(2010, 1_000_000), (2030, 600_000)], style="dashed"),
        ],
        "title": "Progress towards the target",
        "description": "2010: 1,000,000 t CO2e; 2030 target: 600,000 t CO2e",
        "unit": "t CO2e",
        "chart_id": "progress",
    }
    return line_chart(**(arguments | overrides))


def test_a_line_chart_is_valid_svg_with_its_title_description_and_legend():
    root = ET.fromstring(chart())
    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "progress-title progress-desc"
    assert root.find(f"{SVG}title").text == "Progress towards the target"
    assert root.find(f"{SVG}desc").text.startswith("2010: 1,000,000 t CO2e")
    texts = " ".join(text.text or "" for text in root.iter(f"{SVG}text"))
    for name in ("Inventories", "BAU forecast", "Trajectory", "t CO2e"):
        assert name in texts


def test_years_are_ticked_as_whole_years_and_tonnes_in_shorthand():
    texts = [text.text or "" for text in ET.fromstring(chart()).iter(f"{SVG}text")]
    years = [int(text) for text in texts if re.fullmatch(r"\d{4}", text)]
    assert years and all(2005 <= year <= 2055 for year in years)
    assert any(text.endswith("k") for text in texts)  # 600k, 800k …


def test_a_line_chart_holds_no_address_of_another_host():
    assert_self_contained(chart())


def test_text_in_a_line_chart_is_escaped():
    svg = chart(title="<b>&</b>", series=[Series("a < b & c", [(2020, 1.0), (2021, 2.0)])])
    assert_self_contained(svg)
    root = ET.fromstring(svg)
    assert root.find(f"{SVG}title").text == "<b>&</b>"
    assert "a < b & c" in " ".join(text.text or "" for text in root.iter(f"{SVG}text"))


def test_two_line_charts_on_one_page_share_no_element_id():
    def ids(svg):
        return set(re.findall(r'\sid="([^"]+)"', svg))

    first, second = chart(chart_id="forecast"), chart(chart_id="progress")
    assert ids(first) and ids(second)
    assert not ids(first) & ids(second)


@pytest.mark.parametrize(
    "series",
    [
        [],
        [Series("Empty", [])],
        [Series("One point", [(2030, 0.0)], style="markers")],
        [Series("Removals", [(2020, -50.0), (2030, 10.0)])],
    ],
)
def test_a_line_chart_is_drawn_for_nothing_one_point_and_negatives(series):
    ET.fromstring(chart(series=series))


def test_a_series_is_a_line_a_dashed_line_or_markers():
    with pytest.raises(ValueError, match="dotted"):
        chart(series=[Series("x", [(2020, 1.0)], style="dotted")])
