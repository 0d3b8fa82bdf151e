"""Publications and series written on the platform's pages by the secretariat:
who reaches the pages, drafts beside published versions, ISBN and ISSN refused
with their reason, language versions, and search holding published ones only.

ISBNs are real books' (see test_content.py for the sources): "Our Common
Future" 0-19-282080-X = 978-0-19-282080-8, "Silent Spring" 978-0-618-24906-0;
the ISSN 1354-9839 is Local Environment's."""

from __future__ import annotations

import pytest
from django.urls import reverse
from wagtail.models import Revision

from localaction.knowledge import services
from localaction.knowledge.models import Publication, Series
from localaction.search.models import Entry

PEOPLE = ("editor", "colleague", "outsider", "staff", "other_staff", "secretariat", "anonymous")


def expected_status(who: str) -> int:
    return {"secretariat": 200, "anonymous": 302}.get(who, 403)


@pytest.fixture
def series(db) -> Series:
    return Series.objects.create(title="Local Action Handbooks", slug="handbooks", kind="handbook")


@pytest.fixture
def live(cast, series) -> Publication:
    """A published handbook, in English."""
    return services.publication_create(
        by=cast.secretariat,
        language="en",
        data={"series": series, "title": "Climate handbook", "isbn": "978-0-618-24906-0"},
        publish=True,
    )


def form(chosen: Series, /, **changes) -> dict:
    return {
        "series": chosen.pk,
        "language": "en",
        "title": "Energy handbook",
        "authors": "A. Sun; B. Moon",
        "number": "4",
        "volume": "",
        "published_on": "2024-05-01",
        "isbn": "0-19-282080-X",
        "abstract": "<p>How to start.</p>",
        "state": "draft",
        **changes,
    }


def indexed_titles() -> set[str]:
    return set(Entry.objects.filter(kind="publication").values_list("title", flat=True))


# --- Who reaches the pages ---------------------------------------------------------


@pytest.mark.parametrize("who", PEOPLE)
def test_only_the_secretariat_reaches_the_writing_pages(client_as, live, who):
    client = client_as(who)
    for url in (
        reverse("knowledge:publication-new"),
        reverse("knowledge:publication-edit", args=[live.pk]),
        reverse("knowledge:series-new"),
        f"{reverse('knowledge:publication-new')}?translation_of={live.pk}",
    ):
        assert client.get(url).status_code == expected_status(who), url


@pytest.mark.parametrize("who", PEOPLE)
def test_only_the_secretariat_writes(client_as, series, live, who):
    client = client_as(who)
    created = client.post(reverse("knowledge:publication-new"), form(series, state="publish"))
    edited = client.post(
        reverse("knowledge:publication-edit", args=[live.pk]),
        form(series, title="Taken over", isbn="", state="publish"),
    )
    new_series = client.post(
        reverse("knowledge:series-new"), {"title": "Fact sheets", "kind": "fact_sheet"}
    )
    if who == "secretariat":
        assert {created.status_code, edited.status_code, new_series.status_code} == {302}
        assert Publication.objects.count() == 2 and Series.objects.count() == 2
        return
    for response in (created, edited, new_series):
        assert response.status_code == expected_status(who)
    assert list(Publication.objects.values_list("title", flat=True)) == ["Climate handbook"]
    assert Series.objects.count() == 1


@pytest.mark.parametrize("who", PEOPLE)
def test_the_links_show_to_the_secretariat_only(client_as, live, who):
    client = client_as(who)
    listing = client.get(reverse("knowledge:publications")).content.decode()
    page = client.get(live.get_absolute_url()).content.decode()
    keeper = who == "secretariat"
    assert (reverse("knowledge:publication-new") in listing) == keeper
    assert (reverse("knowledge:series-new") in listing) == keeper
    assert (reverse("knowledge:publication-edit", args=[live.pk]) in page) == keeper
    assert (f"?translation_of={live.pk}" in page) == keeper


# --- Writing -------------------------------------------------------------------------


def test_a_draft_is_the_secretariats_until_it_is_published(
    cast, client_as, series, django_capture_on_commit_callbacks
):
    secretariat = client_as("secretariat")
    with django_capture_on_commit_callbacks(execute=True):
        response = secretariat.post(reverse("knowledge:publication-new"), form(series))
    draft = Publication.objects.get()
    assert response.status_code == 302 and response["Location"] == draft.get_absolute_url()
    assert not draft.live
    assert draft.isbn == "978-0-19-282080-8"
    assert draft.authors == "A. Sun; B. Moon" and str(draft.published_on) == "2024-05-01"
    assert draft.locale.language_code == "en" and draft.slug == "energy-handbook"
    assert secretariat.get(draft.get_absolute_url()).status_code == 200
    for who in ("editor", "staff", "anonymous"):
        client = client_as(who)
        assert client.get(draft.get_absolute_url()).status_code == 404
        assert b"Energy handbook" not in client.get(reverse("knowledge:publications")).content
    assert indexed_titles() == set()

    with django_capture_on_commit_callbacks(execute=True):
        response = secretariat.post(
            reverse("knowledge:publication-edit", args=[draft.pk]), form(series, state="publish")
        )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.live
    assert client_as("anonymous").get(draft.get_absolute_url()).status_code == 200
    assert indexed_titles() == {"Energy handbook"}


def test_a_draft_of_a_live_publication_waits_beside_it(
    cast, client_as, series, live, django_capture_on_commit_callbacks
):
    secretariat = client_as("secretariat")
    edit = reverse("knowledge:publication-edit", args=[live.pk])
    with django_capture_on_commit_callbacks(execute=True):
        secretariat.post(edit, form(series, title="Climate handbook, 2nd ed.", isbn=""))
    live.refresh_from_db()
    assert live.live and live.title == "Climate handbook" and live.has_unpublished_changes
    assert b"2nd ed." not in client_as("editor").get(live.get_absolute_url()).content
    assert indexed_titles() == {"Climate handbook"}
    # The secretariat's edit page starts from the draft, and its page says a draft waits.
    assert "2nd ed." in secretariat.get(edit).content.decode()
    assert "changes saved as a draft" in secretariat.get(live.get_absolute_url()).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        secretariat.post(edit, form(series, title="Climate handbook, 2nd ed.", state="publish"))
    live.refresh_from_db()
    assert live.title == "Climate handbook, 2nd ed." and not live.has_unpublished_changes
    assert indexed_titles() == {"Climate handbook, 2nd ed."}


def test_the_abstract_is_cleaned_when_saved(client_as, series):
    client_as("secretariat").post(
        reverse("knowledge:publication-new"),
        form(series, abstract='<p onclick="x()">Start <script>alert(1)</script>here.</p>'),
    )
    assert Publication.objects.get().abstract == "<p>Start here.</p>"


@pytest.mark.parametrize(
    ("isbn", "message"),
    [
        ("978-0-19-282080-9", "“978-0-19-282080-9” is not a valid ISBN."),
        ("0-19-282080-1", "“0-19-282080-1” is not a valid ISBN."),
        (
            "0618249060",
            "The ISBN 978-0-618-24906-0 is the ISBN of “Climate handbook” already",
        ),
    ],
)
def test_a_bad_or_taken_isbn_is_refused_with_its_reason(client_as, series, live, isbn, message):
    revisions = Revision.objects.count()
    response = client_as("secretariat").post(
        reverse("knowledge:publication-new"), form(series, isbn=isbn, state="publish")
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert Publication.objects.count() == 1 and Revision.objects.count() == revisions


def test_an_edit_refused_changes_nothing(client_as, series, live):
    revisions = Revision.objects.count()
    response = client_as("secretariat").post(
        reverse("knowledge:publication-edit", args=[live.pk]),
        form(series, title="Renamed", isbn="12345"),
    )
    assert response.status_code == 400 and "is not a valid ISBN" in response.content.decode()
    live.refresh_from_db()
    assert live.title == "Climate handbook" and not live.has_unpublished_changes
    assert Revision.objects.count() == revisions


def test_a_missing_series_or_title_is_named(client_as, series):
    response = client_as("secretariat").post(
        reverse("knowledge:publication-new"), form(series, series="", title="")
    )
    assert response.status_code == 400
    assert response.context["form"].errors.keys() == {"series", "title"}
    assert not Publication.objects.exists()


# --- Language versions -----------------------------------------------------------------


def test_a_translation_is_another_language_version_of_the_same_publication(client_as, series, live):
    secretariat = client_as("secretariat")
    url = f"{reverse('knowledge:publication-new')}?translation_of={live.pk}"
    page = secretariat.get(url)
    assert page.context["form"].initial["isbn"] == ""
    assert page.context["form"].initial["title"] == "Climate handbook"
    response = secretariat.post(
        url, form(series, language="es", title="Manual del clima", isbn="", state="publish")
    )
    assert response.status_code == 302
    spanish = Publication.objects.get(locale__language_code="es")
    assert spanish.translation_key == live.translation_key and spanish.live
    english_page = client_as("anonymous").get(live.get_absolute_url()).content.decode()
    assert f'href="{spanish.get_absolute_url()}" hreflang="es"' in english_page


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("en", "The translation needs another language."),
        ("es", "The publication has a version in this language already."),
    ],
)
def test_a_translation_in_a_taken_language_is_refused(client_as, series, live, language, message):
    secretariat = client_as("secretariat")
    url = f"{reverse('knowledge:publication-new')}?translation_of={live.pk}"
    secretariat.post(url, form(series, language="es", title="Manual del clima", isbn=""))
    response = secretariat.post(url, form(series, language=language, title="Otra", isbn=""))
    assert response.status_code == 400 and message in response.content.decode()
    assert Publication.objects.count() == 2


@pytest.mark.parametrize("value", ["abc", "1.5", "99999"])
def test_a_malformed_or_unknown_translation_source_is_a_404(client_as, live, value):
    url = f"{reverse('knowledge:publication-new')}?translation_of={value}"
    assert client_as("secretariat").get(url).status_code == 404


# --- Series ------------------------------------------------------------------------------


def test_a_new_series_has_its_issn_checked_and_written_whole(client_as, series):
    secretariat = client_as("secretariat")
    response = secretariat.post(
        reverse("knowledge:series-new"),
        {"title": "Local Environment", "kind": "periodical", "issn": "13549839"},
    )
    created = Series.objects.get(title="Local Environment")
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('knowledge:publication-new')}?series={created.pk}"
    assert created.issn == "1354-9839" and created.slug == "local-environment"
    # An empty series shows to the secretariat, to fill it.
    listing = secretariat.get(reverse("knowledge:publications")).content.decode()
    assert "Local Environment" in listing
    assert secretariat.get(response["Location"]).context["form"].initial["series"] == created.pk


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            {"title": "Reviews", "kind": "periodical", "issn": "0028-0837"},
            "“0028-0837” is not a valid ISSN.",
        ),
        ({"title": "Local Action Handbooks", "kind": "handbook"}, "already exists"),
        ({"title": "Reviews", "kind": "novel"}, "Select a valid choice"),
    ],
)
def test_a_bad_series_is_refused_with_its_reason(client_as, series, data, message):
    response = client_as("secretariat").post(reverse("knowledge:series-new"), data)
    assert response.status_code == 400 and message in response.content.decode()
    assert Series.objects.count() == 1
