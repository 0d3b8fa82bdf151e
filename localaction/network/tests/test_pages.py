"""The register's pages: who sees what, who changes what, and what bad input gets."""

import pytest
from django.urls import reverse
from django.utils import translation

from localaction.network.models import LocalGovernment, Membership

pytestmark = pytest.mark.django_db

EVERYONE = ["editor", "colleague", "outsider", "staff", "other_staff", "secretariat", "anonymous"]


def profile_url(lg):
    return reverse("network:local-government", args=[lg.code])


def edit_url(lg):
    return reverse("network:local-government-edit", args=[lg.code])


def snapshot(lg):
    return LocalGovernment.objects.filter(pk=lg.pk).values().get()


@pytest.mark.parametrize("who", EVERYONE)
def test_public_pages_open_to_everyone(client_as, cast, who):
    client = client_as(who)
    for url in [
        reverse("home"),
        reverse("network:directory"),
        reverse("network:offices"),
        reverse("network:office", args=[cast.europe_office.code]),
        profile_url(cast.freiburg),
    ]:
        assert client.get(url).status_code == 200, url


@pytest.mark.parametrize(
    "who, status",
    [
        ("editor", 404),  # an editor of Freiburg has no business with this town
        ("colleague", 404),
        ("outsider", 404),
        ("staff", 200),  # the European office covers Germany
        ("other_staff", 404),
        ("secretariat", 200),
        ("anonymous", 404),
    ],
)
def test_unpublished_profile_only_for_those_who_cover_it(client_as, cast, who, status):
    assert client_as(who).get(profile_url(cast.hidden)).status_code == status


@pytest.mark.parametrize(
    "who, listed",
    [
        ("anonymous", False),
        ("outsider", False),
        ("other_staff", False),
        ("staff", True),
        ("secretariat", True),
    ],
)
def test_directory_lists_unpublished_only_for_those_who_cover_it(client_as, cast, who, listed):
    page = client_as(who).get(reverse("network:directory")).content.decode()
    assert "Freiburg im Breisgau" in page
    assert ("Unpublished Town" in page) is listed


@pytest.mark.parametrize(
    "who, status",
    [
        ("editor", 200),
        ("colleague", 403),
        ("outsider", 403),
        ("staff", 200),
        ("other_staff", 403),
        ("secretariat", 200),
        ("anonymous", 302),  # to the login page
    ],
)
def test_edit_page_for_editors_and_covering_staff(client_as, cast, who, status):
    client = client_as(who)
    before = snapshot(cast.freiburg)
    assert client.get(edit_url(cast.freiburg)).status_code == status
    response = client.post(edit_url(cast.freiburg), {"name": "Renamed", "kind": "municipality"})
    if status == 200:
        assert response.status_code == 302
        assert LocalGovernment.objects.get(pk=cast.freiburg.pk).name == "Renamed"
    else:
        assert response.status_code == status
        assert snapshot(cast.freiburg) == before


def valid_profile(**changes):
    data = {
        "name": "Freiburg im Breisgau",
        "kind": "municipality",
        "subdivision": "DE-BW",
        "population": "231195",
        "population_year": "2022",
        "area_km2": "153.07",
        "latitude": "47.999",
        "longitude": "7.8421",
        "languages": "de, en",
        "is_published": "on",
    }
    data.update(changes)
    return data


def test_editor_saves_the_profile_and_history_records_who(client_as, cast):
    response = client_as("editor").post(edit_url(cast.freiburg), valid_profile(population="240000"))
    assert response.status_code == 302
    cast.freiburg.refresh_from_db()
    assert cast.freiburg.population == 240_000
    assert cast.freiburg.languages == ["de", "en"]
    assert cast.freiburg.history.first().history_user == cast.editor


@pytest.mark.parametrize(
    "field, value, message",
    [
        ("subdivision", "FR-IDF", "not a subdivision of DE"),
        ("subdivision", "DE-XX", "not an ISO 3166-2 subdivision code"),
        ("languages", "de, klingon", "&#x27;klingon&#x27; is not an ISO 639 language code"),
        ("latitude", "123", "less than or equal to 90"),
        ("population", "-5", "greater than or equal to 0"),
    ],
)
def test_bad_profile_is_refused_field_by_field(client_as, cast, field, value, message):
    before = snapshot(cast.freiburg)
    response = client_as("editor").post(edit_url(cast.freiburg), valid_profile(**{field: value}))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert field in response.context["form"].errors
    assert snapshot(cast.freiburg) == before


def test_the_office_sets_the_parent_jurisdiction(client_as, cast):
    LocalGovernment.objects.create(
        code="de-bw", name="Baden-Württemberg", country_id="DE", kind="regional"
    )
    response = client_as("staff").post(edit_url(cast.freiburg), valid_profile(parent="de-bw"))
    assert response.status_code == 302
    cast.freiburg.refresh_from_db()
    assert cast.freiburg.parent.code == "de-bw"


def test_a_member_cannot_set_its_own_parent(client_as, cast):
    # Nesting decides what the network counts once; it is the office's call.
    LocalGovernment.objects.create(code="de-bw", name="Baden-Württemberg", country_id="DE")
    client = client_as("editor")
    assert "parent" not in client.get(edit_url(cast.freiburg)).context["form"].fields
    client.post(edit_url(cast.freiburg), valid_profile(parent="de-bw"))
    cast.freiburg.refresh_from_db()
    assert cast.freiburg.parent is None


@pytest.mark.parametrize("code", ["nowhere", "ke-hidden"])
def test_a_parent_one_may_not_see_is_as_unknown_as_a_missing_one(client_as, cast, code):
    LocalGovernment.objects.create(
        code="ke-hidden", name="Hidden Kenyan County", country_id="KE", is_published=False
    )
    response = client_as("staff").post(edit_url(cast.freiburg), valid_profile(parent=code))
    assert response.context["form"].errors["parent"] == [
        f"No local government has the code '{code}'."
    ]
    cast.freiburg.refresh_from_db()
    assert cast.freiburg.parent is None


def test_a_cycle_of_parents_is_refused(client_as, cast):
    region = LocalGovernment.objects.create(
        code="de-bw", name="Baden-Württemberg", country_id="DE", kind="regional"
    )
    cast.freiburg.parent = region
    cast.freiburg.save()
    response = client_as("staff").post(
        edit_url(region), {"name": region.name, "kind": "regional", "parent": "de-freiburg"}
    )
    assert "cycle of parents" in response.content.decode()
    region.refresh_from_db()
    assert region.parent is None


@pytest.mark.parametrize(
    "who, status",
    [
        ("editor", 403),
        ("colleague", 403),
        ("outsider", 403),
        ("staff", 302),
        ("other_staff", 403),  # Africa's office may not add a German city
        ("secretariat", 302),
        ("anonymous", 302),
    ],
)
def test_adding_a_local_government(client_as, cast, who, status):
    count = LocalGovernment.objects.count()
    response = client_as(who).post(
        reverse("network:local-government-new"),
        {"code": "de-ulm", "country": "DE", "name": "Ulm", "kind": "municipality"},
    )
    assert response.status_code in {status, 200}
    created = LocalGovernment.objects.filter(code="de-ulm").exists()
    assert created is (who in {"staff", "secretariat"})
    assert LocalGovernment.objects.count() == count + created


@pytest.mark.parametrize(
    "who, allowed",
    [
        ("editor", False),
        ("colleague", False),
        ("outsider", False),
        ("staff", True),
        ("other_staff", False),
        ("secretariat", True),
    ],
)
def test_only_covering_offices_decide_on_memberships(client_as, cast, who, allowed):
    membership = Membership.objects.create(local_government=cast.hidden, type="full")
    url = reverse("network:membership-move", args=[cast.hidden.code, membership.pk])
    client_as(who).post(url, {"status": "approved"})
    membership.refresh_from_db()
    assert (membership.status == "approved") is allowed
    if allowed:
        assert membership.approved_by == getattr(cast, who)
        assert membership.approved_on is not None


def test_a_membership_cannot_skip_to_an_impossible_status(client_as, cast):
    membership = Membership.objects.create(local_government=cast.hidden, type="full")
    url = reverse("network:membership-move", args=[cast.hidden.code, membership.pk])
    client_as("staff").post(url, {"status": "lapsed"})
    membership.refresh_from_db()
    assert membership.status == "applied"


@pytest.mark.parametrize(
    "who, allowed",
    [
        ("editor", False),
        ("colleague", False),
        ("outsider", True),  # the outsider is Nairobi's editor
        ("staff", False),  # the European office does not cover Kenya
        ("other_staff", True),
        ("secretariat", True),
        ("anonymous", False),
    ],
)
def test_applying_for_membership(client_as, cast, who, allowed):
    url = reverse("network:membership-apply", args=[cast.nairobi.code])
    client_as(who).post(url, {"type": "full"})
    assert cast.nairobi.memberships.filter(status="applied").exists() is allowed


def test_a_second_open_membership_is_refused(client_as, cast):
    url = reverse("network:membership-apply", args=[cast.freiburg.code])
    client_as("editor").post(url, {"type": "full"})
    assert cast.freiburg.memberships.count() == 1


def test_directory_filters_and_finds(client, cast):
    response = client.get(reverse("network:directory"), {"q": "freib", "country": "de"})
    assert [lg.code for lg in response.context["page"]] == ["de-freiburg"]
    response = client.get(reverse("network:directory"), {"membership_status": "none"})
    assert [lg.code for lg in response.context["page"]] == ["ke-nairobi"]


def test_directory_reports_a_bad_filter(client, cast):
    response = client.get(reverse("network:directory"), {"region": "atlantis"})
    assert response.status_code == 200
    assert "region" in response.context["filters"].errors
    assert list(response.context["page"]) == []


def test_home_counts_nested_members_once(client, cast):
    region = LocalGovernment.objects.create(
        code="de-bw",
        name="Baden-Württemberg",
        country_id="DE",
        kind="regional",
        population=11_000_000,
    )
    Membership.objects.create(local_government=region, status="active")
    cast.freiburg.parent = region
    cast.freiburg.save()
    response = client.get(reverse("home"))
    assert response.context["members"] == 2
    # Freiburg lies inside Baden-Württemberg: its people are counted once.
    assert response.context["population"] == 11_000_000


@pytest.mark.parametrize(
    "language, text", [("es", "Miembros"), ("fr", "Membres"), ("pt", "Membros")]
)
def test_pages_speak_four_languages(client, cast, language, text):
    client.post(reverse("set_language"), {"language": language, "next": "/"})
    page = client.get(reverse("network:directory")).content.decode()
    assert f'lang="{language}"' in page
    assert text in page
    with translation.override(language):
        assert str(cast.freiburg.country) != "Germany"


def test_no_page_loads_anything_from_another_host(client, cast):
    for url in [reverse("home"), reverse("network:directory"), profile_url(cast.freiburg)]:
        page = client.get(url).content.decode()
        for attribute in ("src=", "href="):
            for chunk in page.split(attribute)[1:]:
                target = chunk[1:].split(chunk[0])[0]
                assert not target.startswith(("http:", "https:", "//")), (url, target)


@pytest.mark.parametrize(
    "who, status, listed",
    [
        ("editor", 403, None),
        ("colleague", 403, None),
        ("outsider", 403, None),
        ("staff", 200, ["Unpublished Town"]),
        ("other_staff", 200, ["Nairobi"]),
        ("secretariat", 200, ["Unpublished Town", "Nairobi"]),
        ("anonymous", 302, None),
    ],
)
def test_memberships_to_decide_queue_covers_the_office_countries(
    client_as, cast, who, status, listed
):
    Membership.objects.create(local_government=cast.hidden, applied_on="2026-01-05")
    Membership.objects.create(local_government=cast.nairobi, applied_on="2026-02-01")
    response = client_as(who).get(reverse("network:memberships-to-decide"))
    assert response.status_code == status
    if listed is not None:
        assert [m.local_government.name for m in response.context["page"]] == listed


def test_deciding_from_the_queue_returns_to_it(client_as, cast):
    membership = Membership.objects.create(local_government=cast.hidden)
    queue = reverse("network:memberships-to-decide")
    response = client_as("staff").post(
        reverse("network:membership-move", args=[cast.hidden.code, membership.pk]),
        {"status": "approved", "next": queue},
    )
    assert response.url == queue
    membership.refresh_from_db()
    assert membership.status == "approved"


def test_deciding_never_redirects_to_another_host(client_as, cast):
    membership = Membership.objects.create(local_government=cast.hidden)
    response = client_as("staff").post(
        reverse("network:membership-move", args=[cast.hidden.code, membership.pk]),
        {"status": "approved", "next": "https://evil.example/"},
    )
    assert response.url == profile_url(cast.hidden)
