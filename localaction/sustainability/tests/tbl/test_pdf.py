"""The TBL report as a PDF: its narrative, tables, targets and the links of
values read from the platform, in the member's language."""

import io

from django.urls import reverse
from django.utils import translation
from pypdf import PdfReader

from localaction.sustainability.tbl.pdf import report_html, report_pdf


def _text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def test_the_pdf_has_the_narrative_the_tables_and_the_targets(published):
    text = _text(report_pdf(published))
    assert "Triple Bottom Line report 2024" in text
    assert "Freiburg's second report." in text  # the introduction
    assert "More people reach a tram stop." in text  # the social section
    assert "Share of renewable energy in electricity consumed" in text
    assert "Target: 60 percent by 2030" in text
    # The trend 30 → 42 %: +12 points, +40.0 %.
    assert "Trend 2020–2024: 12 percent (40.0 %)" in text
    # Emissions read from the inventories of 2015 and 2020.
    assert "920,000" in text and "800,000" in text
    assert "Inventory 2020 (BASIC, AR6), published" in text


def test_the_pdf_links_to_the_inventory_a_value_comes_from(published):
    html = report_html(published)
    assert reverse("inventories:results", args=["de-freiburg", 2020]) in html


def test_the_pdf_is_printed_in_the_members_language(client_as, published, cast):
    cast.freiburg.languages = ["fr"]
    cast.freiburg.save()
    response = client_as("anonymous").get(reverse("tbl:report-pdf", args=["de-freiburg", 2024]))
    content = b"".join(response)
    # The date of publication, formatted in French (the month's name).
    with translation.override("fr"):
        month = translation.gettext(published.published_at.strftime("%B"))
    assert month in _text(content)
    assert response["Content-Disposition"] == 'attachment; filename="de-freiburg-tbl-2024.pdf"'
