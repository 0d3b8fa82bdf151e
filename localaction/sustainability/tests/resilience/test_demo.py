"""The demo's resilience part, on the test cast."""

from localaction.sustainability.resilience.demo import build_demo_resilience
from localaction.sustainability.resilience.models import (
    ResilienceHazardProfile,
    ResilienceHazardRating,
)


def test_published_members_get_profiles_the_editors_latest_a_draft(cast):
    members, profiles, scorecards = build_demo_resilience(seed=1)
    assert members == scorecards == 2  # Freiburg and Nairobi: the cast's published members
    assert profiles == ResilienceHazardProfile.objects.count() >= 2
    assert not ResilienceHazardProfile.objects.filter(local_government=cast.hidden).exists()
    latest = ResilienceHazardProfile.objects.filter(local_government=cast.freiburg).order_by(
        "-year"
    )[0]
    assert not latest.is_published
    assert 6 <= latest.ratings.count() <= 10


def test_the_demo_is_deterministic(cast):
    build_demo_resilience(seed=7)
    first = sorted(
        ResilienceHazardRating.objects.values_list(
            "profile__local_government__code", "profile__year", "hazard", "likelihood", "impact"
        )
    )
    ResilienceHazardProfile.objects.all().delete()
    build_demo_resilience(seed=7)
    assert (
        sorted(
            ResilienceHazardRating.objects.values_list(
                "profile__local_government__code", "profile__year", "hazard", "likelihood", "impact"
            )
        )
        == first
    )
