"""Published annual reports: the secretariat alone generates them, everyone reads
them, and the PDF holds the headline figures, the method and nothing
unpublished."""

from __future__ import annotations

import io

import pypdf
import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import translation

from localaction.conftest import PEOPLE
from localaction.pdf import LocalOnlyFetcher
from localaction.reports.models import NetworkReport
from localaction.reports.pdf import report_html, report_pdf
from localaction.reports.services import network_report, parse_scope
from localaction.reports.tests.dashboard_data import (
    FREIBURG_T,
    HEADLINE,
    YEAR,
    assert_no_secrets,
    build_network,
)

pytestmark = pytest.mark.django_db

PUBLICATIONS = reverse("reports:publications")
NEW = reverse("reports:publication-new")
NOT_SECRETARIAT = [who for who in PEOPLE if who not in ("secretariat", "anonymous")]


@pytest.fixture(autouse=True)
def isolated(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    cache.clear()
    with translation.override("en"):  # numbers read as 231,195
        yield
    cache.clear()


@pytest.fixture
def network(cast):
    return build_network(cast)


def pdf_text(content: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(content))
    return "\n".join(page.extract_text() for page in reader.pages)


def publish(cast, **params) -> NetworkReport:
    report = network_report(parse_scope({"year": YEAR, **params}))
    return NetworkReport.record(report, pdf=report_pdf(report), user=cast.secretariat)


# The PDF


def test_the_pdf_holds_the_headline_figures_and_the_method(network):
    report = network_report(parse_scope({"year": YEAR}))
    content = report_pdf(report)
    assert content.startswith(b"%PDF")
    text = pdf_text(content)
    assert f"Report to the global community {YEAR}" in text
    for figure in HEADLINE:
        assert figure in text
    assert "members reporting" in text
    assert "Method" in text
    assert "globalwarmingpotentials" in text
    assert "Vauban" in text  # left out, with the reason
    assert_no_secrets(text)


def test_the_pdf_shows_the_dashboards_own_body(client, network):
    """One partial for both: the dashboard's report body is in the printed HTML."""
    html = client.get(reverse("reports:dashboard"), {"year": YEAR}).content.decode()
    body = html[html.index('<div class="report">') : html.index("</main>")].strip()
    printed = report_html(network_report(parse_scope({"year": YEAR})))
    assert '<div class="report">' in printed
    for heading in ("Emissions by year and region", "By sector", "Commitments", "The rules"):
        assert heading in body
        assert heading in printed


def test_the_pdf_fetches_nothing_from_the_network():
    fetcher = LocalOnlyFetcher()
    for url in ("http://example.org/style.css", "https://example.org/a.png", "file:///etc/hosts"):
        with pytest.raises(ValueError):
            fetcher.fetch(url)


# Reading publications


@pytest.mark.parametrize("who", PEOPLE)
def test_everyone_reads_the_published_reports(client_as, cast, network, who):
    publication = publish(cast)
    client = client_as(who)
    listing = client.get(PUBLICATIONS)
    assert listing.status_code == 200
    assert publication.get_absolute_url() in listing.content.decode()
    response = client.get(publication.get_absolute_url())
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(b"".join(response.streaming_content))
    for figure in HEADLINE:
        assert figure in text
    assert_no_secrets(text)


@pytest.mark.parametrize("who", PEOPLE)
def test_only_the_secretariat_is_offered_to_generate_one(client_as, cast, who):
    html = client_as(who).get(PUBLICATIONS).content.decode()
    assert (NEW in html) == (who == "secretariat")


def test_an_unknown_publication_is_not_found(client, cast):
    assert client.get(reverse("reports:publication-download", args=[999])).status_code == 404


def test_a_publication_keeps_its_figures_as_they_stood(cast, network):
    publication = publish(cast)
    assert publication.snapshot["total_tco2e"] == pytest.approx(FREIBURG_T)
    assert publication.snapshot["members_reporting"] == 1
    assert (publication.year, publication.gwp, publication.level, publication.window) == (
        YEAR,
        "AR6GWP100",
        "BASIC",
        3,
    )
    assert publication.generated_by == cast.secretariat


# Generating


def test_the_secretariat_generates_a_publication(client_as, cast, network):
    client = client_as("secretariat")
    assert client.get(NEW).status_code == 200
    response = client.post(NEW, {"year": YEAR, "gwp": "AR5GWP100", "level": "BASIC+"})
    # A task computes and renders it (at once in tests); its progress page says so.
    assert response.status_code == 302
    progress = client.get(response["Location"])
    assert "The report for 2022 is published." in progress.content.decode()
    assert PUBLICATIONS in progress.content.decode()
    publication = NetworkReport.objects.get()
    assert (publication.year, publication.gwp, publication.level) == (YEAR, "AR5GWP100", "BASIC+")
    assert publication.generated_by == cast.secretariat
    with publication.pdf.open("rb") as pdf:
        text = pdf_text(pdf.read())
    assert "4,321,000" in text
    assert "AR5GWP100" in text
    assert_no_secrets(text)


@pytest.mark.parametrize("who", NOT_SECRETARIAT)
def test_no_one_else_generates_a_publication(client_as, network, who):
    client = client_as(who)
    assert client.get(NEW).status_code == 403
    assert client.post(NEW, {"year": YEAR}).status_code == 403
    assert not NetworkReport.objects.exists()


def test_anonymous_visitors_are_asked_to_log_in(client, network):
    for response in (client.get(NEW), client.post(NEW, {"year": YEAR})):
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))
    assert not NetworkReport.objects.exists()


@pytest.mark.parametrize(
    "field, value, message",
    [
        ("gwp", "AR99GWP100", "is not a GWP set"),
        ("level", "everything", "is not a level"),
        ("year", "1066", "A report year lies between"),
        ("window", "-1", "A window is a whole number"),
    ],
)
def test_a_bad_choice_is_explained_and_nothing_is_published(
    client_as, network, field, value, message
):
    response = client_as("secretariat").post(NEW, {"year": YEAR, field: value})
    assert response.status_code == 200
    assert message in response.content.decode().replace("&#x27;", "'")
    assert not NetworkReport.objects.exists()


def test_a_publication_covers_the_whole_network(client_as, network):
    """Filters are the dashboard's: the annual report ignores them."""
    client_as("secretariat").post(NEW, {"year": YEAR, "region": "africa"})
    publication = NetworkReport.objects.get()
    assert publication.snapshot["filters"] == {"region": None, "country": None, "campaign": None}
    assert publication.snapshot["members_reporting"] == 1
