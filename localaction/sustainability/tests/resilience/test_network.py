"""The network's resilience figures and their report partial."""

from django.template.loader import render_to_string

from localaction.sustainability.resilience import services
from localaction.sustainability.resilience.network import network_figures


def test_members_count_once_with_their_latest_published_profile(cast, published, draft):
    # Nairobi (published) rates the flood 5 × 5 in 2022; Freiburg's 2024 draft does not count.
    profile = services.profile_save(local_government=cast.nairobi, year=2022)
    services.rating_set(profile=profile, hazard="riverine_flood", likelihood=5, impact=5)
    services.rating_set(profile=profile, hazard="drought", likelihood=2, impact=2)
    services.profile_publish(profile=profile, published=True)
    figures = network_figures(2024)
    assert figures.members == 2
    assert figures.hazards_rated == 4  # Freiburg 2020: 2, Nairobi 2022: 2
    # High (≥ 10): the flood at both (16, 25); the heatwave 9 and drought 4 are not.
    assert [(r.hazard, r.members, r.share) for r in figures.frequent_high_risks] == [
        ("riverine_flood", 2, 1.0)
    ]
    # A profile older than five years is no longer current; one of a later year not yet.
    assert network_figures(2025).members == 1
    assert network_figures(2019).members == 0


def test_the_partial_renders_the_figures(cast, published):
    html = render_to_string(
        "sustainability/resilience/_network_report.html", {"figures": network_figures(2020)}
    )
    assert "1 member had a current hazard profile in 2020" in html
    assert "River flood" in html and "100 %" in html
