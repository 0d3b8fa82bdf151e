"""Rich text sanitising, ISBN/ISSN, publication files (type and size), the
documents URL, the search entries, figures read live, and the network
report's recognition section."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from localaction import richtext
from localaction.inventories.models import Inventory, InventoryLevelCO2e
from localaction.knowledge import search, services
from localaction.knowledge.models import Publication, PublicationFile, Recognition, Series
from localaction.knowledge.network import network_recognitions
from localaction.knowledge.tests.conftest import publish, write
from localaction.network.models import LocalGovernment
from localaction.report_sections import sections
from localaction.search.tests.test_sitemap import addresses

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"

# --- Sanitising ------------------------------------------------------------------

ATTACKS = [
    '<script>alert("x")</script>',
    '<p onclick="alert(1)">click</p>',
    '<a href="javascript:alert(1)">link</a>',
    '<a href=" JaVaScRiPt:alert(1)">link</a>',
    '<img src="x" onerror="alert(1)">',
    '<iframe src="https://evil.example"></iframe>',
    '<p style="background:url(javascript:alert(1))">s</p>',
    '<svg onload="alert(1)"></svg>',
    '<a href="data:text/html;base64,PHNjcmlwdD4=">d</a>',
]


@pytest.mark.parametrize("attack", ATTACKS)
def test_no_script_ever_reaches_the_page(cast, world, client_as, attack):
    case_study = publish(cast, write(cast, world, problem=f"<p>Before</p>{attack}"))
    stored = case_study.problem.lower()
    for bad in (
        "<script",
        "onclick",
        "onerror",
        "onload",
        "javascript:",
        "<iframe",
        "style=",
        "data:",
    ):
        assert bad not in stored
    page = client_as("anonymous").get(case_study.get_absolute_url()).content.decode().lower()
    body = page.split('<div lang="en">', 1)[1]
    for bad in ("<script", "onclick", "onerror", "onload", "javascript:", "<iframe"):
        assert bad not in body
    assert "before" in body


def test_safe_markup_is_kept():
    html = '<h2>Results</h2><p>A <b>bold</b> <a href="https://example.org/x">link</a></p><ul><li>one</li></ul>'
    assert richtext.clean(html) == html


# --- ISBN and ISSN -----------------------------------------------------------------

# Real published numbers: "Our Common Future" (World Commission on Environment
# and Development, Oxford University Press 1987), ISBN 0-19-282080-X, whose
# ISBN-13 is 978-0-19-282080-8; Rachel Carson, "Silent Spring" (Houghton
# Mifflin, 2002 edition), ISBN 0-618-24906-0. ISSNs: Nature 0028-0836, Local
# Environment (Taylor & Francis) 1354-9839. Sources: the books' copyright pages
# and the ISSN Portal (portal.issn.org).
ISBNS = [
    ("0-19-282080-X", "978-0-19-282080-8"),
    ("019282080x", "978-0-19-282080-8"),
    ("978-0-19-282080-8", "978-0-19-282080-8"),
    ("0618249060", "978-0-618-24906-0"),
]


@pytest.fixture
def series(db) -> Series:
    return Series.objects.create(title="Local Action Handbooks", slug="handbooks", kind="handbook")


@pytest.mark.parametrize(("given", "stored"), ISBNS)
def test_isbn_normalised(series, given, stored):
    publication = Publication(series=series, title="x", slug="x", isbn=given)
    publication.full_clean(exclude=["translation_key", "locale"])
    assert publication.isbn == stored


@pytest.mark.parametrize("given", ["0-19-282080-1", "978-0-19-282080-9", "12345", "ISBN"])
def test_bad_isbn_refused(series, given):
    publication = Publication(series=series, title="x", slug="x", isbn=given)
    with pytest.raises(ValidationError, match="not a valid ISBN"):
        publication.full_clean(exclude=["translation_key", "locale"])


@pytest.mark.parametrize(
    ("given", "valid"),
    [("0028-0836", True), ("13549839", True), ("0028-0837", False), ("1234", False)],
)
def test_issn(given, valid, db):
    one = Series(title=f"S {given}", slug=f"s-{given}", kind="periodical", issn=given)
    if valid:
        one.full_clean()
        assert len(one.issn) == 9 and one.issn[4] == "-"
    else:
        with pytest.raises(ValidationError, match="not a valid ISSN"):
            one.full_clean()


# --- Publications and their files ----------------------------------------------------


@pytest.fixture
def publication(cast, series) -> Publication:
    from localaction.knowledge.services import locale_of

    draft = Publication(
        series=series,
        title="Climate handbook",
        slug="climate-handbook",
        locale=locale_of("en"),
        live=False,
    )
    draft.full_clean(exclude=["translation_key"])
    draft.save()
    return draft


def _upload(publication, cast, content=PDF, name="handbook.pdf", language="en"):
    return services.publication_file_add(
        publication,
        by=cast.secretariat,
        language=language,
        upload=SimpleUploadedFile(name, content, content_type="application/pdf"),
    )


def test_an_executable_named_pdf_is_refused(cast, publication):
    with pytest.raises(ValidationError, match="content is not a PDF"):
        _upload(publication, cast, content=b"MZ\x90\x00\x03" + b"\x00" * 200, name="setup.pdf")
    with pytest.raises(ValidationError, match="not a PDF"):
        _upload(publication, cast, name="setup.exe")
    assert not PublicationFile.objects.exists()


def test_an_oversized_file_is_refused(cast, publication, settings):
    settings.WAGTAILDOCS_MAX_UPLOAD_SIZE = 100
    with pytest.raises(ValidationError, match="at most"):
        _upload(publication, cast, content=PDF + b"0" * 200)


def test_only_the_secretariat_adds_files(cast, client_as, publication):
    for who in ("editor", "staff", "outsider"):
        with pytest.raises(Exception, match="secretariat"):
            services.publication_file_add(
                publication,
                by=getattr(cast, who),
                language="en",
                upload=SimpleUploadedFile("a.pdf", PDF),
            )
        url = reverse("knowledge:publication-file-new", args=[publication.pk])
        assert client_as(who).get(url).status_code == 403


def test_the_upload_page_says_why(client_as, publication):
    response = client_as("secretariat").post(
        reverse("knowledge:publication-file-new", args=[publication.pk]),
        {"language": "en", "file": SimpleUploadedFile("virus.pdf", b"MZ" + b"\x00" * 50)},
    )
    assert response.status_code == 400
    assert "content is not a PDF" in response.content.decode()


EVERYONE = ("editor", "colleague", "outsider", "staff", "other_staff", "secretariat", "anonymous")


@pytest.mark.parametrize("who", EVERYONE)
def test_an_unpublished_publication_and_its_files_reach_the_secretariat_only(
    cast, client_as, publication, who
):
    publication_file = _upload(publication, cast)
    client = client_as(who)
    seen = who == "secretariat"
    assert client.get(publication.get_absolute_url()).status_code == (200 if seen else 404)
    assert client.get(publication_file.get_absolute_url()).status_code == (200 if seen else 404)
    document = publication_file.document
    assert client.get(document.url).status_code == (200 if seen else 404)
    assert client.get(reverse("knowledge-publication-list")).json()["count"] == 0


@pytest.mark.parametrize("who", EVERYONE)
def test_a_live_publication_is_downloaded_and_counted(cast, client_as, publication, who):
    publication_file = _upload(publication, cast)
    services.publish_content(publication, by=cast.secretariat)
    client = client_as(who)
    response = client.get(publication_file.get_absolute_url())
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    client.get(publication_file.get_absolute_url())
    publication_file.refresh_from_db()
    assert publication_file.downloads == 2
    assert client.get(publication_file.document.url).status_code == 200
    listed = client.get(reverse("knowledge-publication-list")).json()
    assert listed["count"] == 1
    assert listed["results"][0]["files"][0]["downloads"] == 2


def test_a_document_of_no_content_is_the_secretariats_only(cast, client_as):
    from wagtail.documents import get_document_model

    document = get_document_model().objects.create(
        title="Loose", file=SimpleUploadedFile("loose.pdf", PDF)
    )
    assert client_as("editor").get(document.url).status_code == 404
    assert client_as("anonymous").get(document.url).status_code == 404
    assert client_as("secretariat").get(document.url).status_code == 200


def test_publishing_keeps_the_download_count(cast, publication):
    publication_file = _upload(publication, cast)
    services.publish_content(publication, by=cast.secretariat)
    services.file_downloaded(publication_file)
    publication.title = "Climate handbook, 2nd ed."
    services.publish_content(publication, by=cast.secretariat)
    publication_file.refresh_from_db()
    assert publication_file.downloads == 1


# --- Search entries --------------------------------------------------------------------


def test_entries_hold_published_items_only(cast, world, publication):
    draft = write(cast, world, title="Secret draft")
    live = publish(cast, write(cast, world, title="Open case"))
    services.case_study_edit(live, by=cast.editor, data={"title": "Unapproved new title"})
    found = list(search.entries())
    titles = [entry["title"] for entry in found]
    assert titles == ["Open case"]
    entry = found[0]
    assert entry["kind"] == "case-study" and entry["key"] == str(live.pk)
    assert entry["language"] == "en"
    assert entry["region_id"] == cast.freiburg.country.region_id
    assert entry["country_code"] == "DE"
    assert entry["themes"] == ["climate-europe", "I"]
    assert "citizens' cooperative" in entry["body"] and "<b>" not in entry["body"]
    assert search.entry_for(draft) is None
    assert search.entry_for(services.editable_version(live))["title"] == "Open case"
    assert search.entry_for(publication) is None
    services.publish_content(publication, by=cast.secretariat)
    assert search.entry_for(publication)["kind"] == "publication"
    assert {e["kind"] for e in search.entries()} == {"case-study", "publication"}
    assert Publication in search.WATCHED


def test_the_sitemap_lists_live_case_studies_only(
    cast, world, client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        draft = write(cast, world, title="Secret draft")
        live = publish(cast, write(cast, world, title="Open case"))
    listed = addresses(client)
    assert live.get_absolute_url() in listed and draft.get_absolute_url() not in listed
    with django_capture_on_commit_callbacks(execute=True):
        live.unpublish(user=cast.secretariat)
    assert live.get_absolute_url() not in addresses(client)


# --- Figures stay true -------------------------------------------------------------------


def _figures(case_study):
    return {figure.label: figure.reading()[0] for figure in case_study.figures.all()}


def test_figures_follow_the_data(cast, world, client_as):
    case_study = publish(cast, write(cast, world))
    assert _figures(case_study) == {"Avoided": 1200.0, "Target": 40.0, "Emissions": 450_000.0}

    world.action.impact_tco2e = 1500.0
    world.action.save()
    InventoryLevelCO2e.objects.filter(inventory=world.inventory).update(t=430_000.0)
    world.target.reduction_percent = 55
    world.target.save()
    assert _figures(case_study) == {"Avoided": 1500.0, "Target": 55.0, "Emissions": 430_000.0}
    page = client_as("anonymous").get(case_study.get_absolute_url()).content.decode()
    assert "1,500" in page or "1500" in page

    # Data no longer public shows as not available, never as a stale number.
    Inventory.objects.filter(pk=world.inventory.pk).update(status="superseded")
    world.action.is_published = False
    world.action.save()
    assert _figures(case_study)["Emissions"] is None
    assert _figures(case_study)["Avoided"] is None


# --- The network report's section ---------------------------------------------------------


def test_the_report_section_equals_an_independent_count(cast, world):
    published = publish(cast, write(cast, world))
    give = services.recognition_give
    give(
        by=cast.staff,
        office=cast.europe_office,
        local_government=cast.freiburg,
        kind="award",
        name="A",
        year=2024,
        citation="x",
        case_study=published,
    )
    give(
        by=cast.staff,
        office=cast.europe_office,
        local_government=cast.freiburg,
        kind="label",
        name="B",
        year=2024,
        citation="x",
    )
    give(
        by=cast.other_staff,
        office=cast.africa_office,
        local_government=cast.nairobi,
        kind="label",
        name="C",
        year=2024,
        citation="x",
    )
    give(
        by=cast.secretariat,
        office=cast.world_office,
        local_government=cast.hidden,
        kind="award",
        name="D",
        year=2024,
        citation="unpublished member: not counted",
    )
    give(
        by=cast.staff,
        office=cast.europe_office,
        local_government=cast.freiburg,
        kind="award",
        name="E",
        year=2023,
        citation="another year",
    )

    figures = network_recognitions(2024)
    rows = [
        r
        for r in Recognition.objects.all()
        if r.year == 2024 and LocalGovernment.objects.get(pk=r.local_government_id).is_published
    ]
    assert figures.awards == sum(r.kind == "award" for r in rows) == 1
    assert figures.labels == sum(r.kind == "label" for r in rows) == 2
    assert figures.members == len({r.local_government_id for r in rows}) == 2
    assert figures.total == sum(region.total for region in figures.regions)
    by_region = {region.region: (region.awards, region.labels) for region in figures.regions}
    assert by_region == {"Europe": (1, 1), "Africa": (0, 1)}
    assert "recognition" in [section.key for section in sections()]


def test_a_recognition_for_a_case_study_of_other_members_is_refused(cast, world):
    published = publish(cast, write(cast, world))
    with pytest.raises(ValidationError, match="not one of the case study"):
        services.recognition_give(
            by=cast.secretariat,
            office=cast.world_office,
            local_government=cast.nairobi,
            kind="award",
            name="x",
            year=2024,
            citation="x",
            case_study=published,
        )
    with pytest.raises(ValidationError, match="future"):
        services.recognition_give(
            by=cast.secretariat,
            office=cast.world_office,
            local_government=cast.nairobi,
            kind="award",
            name="x",
            year=datetime.date.today().year + 1,
            citation="x",
        )


def test_the_case_study_pdf(cast, world, client_as):
    case_study = publish(cast, write(cast, world))
    response = client_as("anonymous").get(reverse("knowledge:case-study-pdf", args=[case_study.pk]))
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF-")
