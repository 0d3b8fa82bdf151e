"""Every resilience page for every role: who sees what, who writes, and what a
refused write leaves (nothing)."""

import pytest
from django.urls import reverse

from localaction.sustainability.resilience.models import (
    ResilienceHazardProfile,
    ResilienceHazardRating,
)

EVERYONE = ("anonymous", "colleague", "editor", "outsider", "staff", "other_staff", "secretariat")
INSIDERS = {"colleague", "editor", "staff", "secretariat"}
EDITORS = {"editor", "staff", "secretariat"}


def _url(name, *args):
    return reverse(f"resilience:{name}", args=args)


@pytest.mark.parametrize("who", EVERYONE)
def test_a_published_profile_is_for_everyone_with_its_matrix(client_as, published, who):
    page = client_as(who).get(_url("profile", "de-freiburg", 2020))
    assert page.status_code == 200
    text = page.content.decode()
    assert "<svg" in text and 'role="img"' in text and "<title" in text
    assert "River flood" in text and '<th scope="row">' in text
    assert "16" in text  # the flood's risk, 4 × 4


@pytest.mark.parametrize("who", EVERYONE)
def test_a_draft_profile_is_for_insiders_only(client_as, draft, who):
    page = client_as(who).get(_url("profile", "de-freiburg", 2024))
    assert page.status_code == (200 if who in INSIDERS else 404)
    member = client_as(who).get(_url("member", "de-freiburg")).content.decode()
    assert ("Latest profile: 2024" in member) == (who in INSIDERS)


@pytest.mark.parametrize("who", EVERYONE)
def test_the_forms_are_shown_to_editors_only(client_as, published, who):
    text = client_as(who).get(_url("profile", "de-freiburg", 2020)).content.decode()
    assert ("Rate a hazard" in text) == (who in EDITORS)


def test_an_unpublished_member_is_hidden_from_visitors(client_as, cast):
    assert client_as("anonymous").get(_url("member", "de-hidden")).status_code == 404
    assert client_as("staff").get(_url("member", "de-hidden")).status_code == 200


def test_a_year_out_of_range_is_not_found(client_as, published):
    assert client_as("editor").get(_url("profile", "de-freiburg", 99999)).status_code == 404


@pytest.mark.parametrize("who", EVERYONE)
def test_only_editors_start_a_profile(client_as, cast, who):
    response = client_as(who).post(_url("profile-new", "de-freiburg"), {"year": 2025, "notes": "x"})
    created = ResilienceHazardProfile.objects.filter(year=2025).exists()
    assert created == (who in EDITORS)
    if who == "anonymous":
        assert response.status_code == 302 and "login" in response["Location"]
    elif who not in EDITORS:
        assert response.status_code == 403


@pytest.mark.parametrize("who", EVERYONE)
def test_only_editors_rate_a_hazard(client_as, published, who):
    response = client_as(who).post(
        _url("rating-new", "de-freiburg", 2020),
        {"hazard": "earthquake", "likelihood": 1, "impact": 5},
    )
    rated = ResilienceHazardRating.objects.filter(hazard="earthquake").exists()
    assert rated == (who in EDITORS)
    if who in EDITORS:
        assert response.status_code == 302


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        ({"hazard": "alien_invasion", "likelihood": 1, "impact": 1}, "alien_invasion"),
        ({"hazard": "earthquake", "likelihood": 6, "impact": 1}, "6"),
        ({"hazard": "earthquake", "likelihood": 1, "impact": 0}, "0"),
        ({"hazard": "earthquake", "likelihood": "x", "impact": 1}, "x"),
    ],
)
def test_a_bad_rating_is_refused_and_nothing_written(client_as, published, data, problem):
    response = client_as("editor").post(_url("rating-new", "de-freiburg", 2020), data)
    assert response.status_code == 400
    assert "not one of the available choices" in response.content.decode()
    assert not ResilienceHazardRating.objects.filter(hazard="earthquake").exists()
    assert ResilienceHazardRating.objects.count() == 2


@pytest.mark.parametrize("who", EVERYONE)
def test_only_editors_remove_a_rating_and_publish(client_as, draft, who):
    rating = draft.ratings.get(hazard="storm")
    client_as(who).post(_url("rating-delete", "de-freiburg", 2024, rating.pk))
    assert ResilienceHazardRating.objects.filter(pk=rating.pk).exists() == (who not in EDITORS)
    client_as(who).post(_url("publish", "de-freiburg", 2024), {"publish": "1"})
    draft.refresh_from_db()
    assert draft.is_published == (who in EDITORS)


def test_an_empty_profile_is_not_published(client_as, cast):
    client_as("editor").post(_url("profile-new", "de-freiburg"), {"year": 2025})
    response = client_as("editor").post(_url("publish", "de-freiburg", 2025), {"publish": "1"})
    assert response.status_code == 400
    assert "without any rated hazard" in response.content.decode()
    assert not ResilienceHazardProfile.objects.get(year=2025).is_published


@pytest.mark.parametrize("who", EVERYONE)
def test_the_profile_section_shows_published_risks(client_as, published, who):
    page = client_as(who).get(reverse("network:local-government", args=["de-freiburg"]))
    text = page.content.decode()
    assert 'id="resilience-section"' in text and "River flood: 16" in text
