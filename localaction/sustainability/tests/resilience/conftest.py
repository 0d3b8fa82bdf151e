"""Freiburg's hazard profiles for the tests.

| year | published | hazard         | L | I | risk |
|------|-----------|----------------|---|---|------|
| 2020 | yes       | riverine_flood | 4 | 4 | 16   |
|      |           | heatwave       | 3 | 3 | 9    |
| 2024 | no        | riverine_flood | 3 | 4 | 12   |
|      |           | heatwave       | 5 | 3 | 15   |
|      |           | storm          | 2 | 2 | 4    |
"""

import pytest

from localaction.sustainability.resilience import services


def _profile(lg, year, ratings, *, published):
    profile = services.profile_save(local_government=lg, year=year, notes=f"Profile {year}")
    for hazard, likelihood, impact in ratings:
        services.rating_set(profile=profile, hazard=hazard, likelihood=likelihood, impact=impact)
    if published:
        services.profile_publish(profile=profile, published=True)
    return profile


@pytest.fixture
def published(cast):
    return _profile(
        cast.freiburg, 2020, [("riverine_flood", 4, 4), ("heatwave", 3, 3)], published=True
    )


@pytest.fixture
def draft(cast):
    return _profile(
        cast.freiburg,
        2024,
        [("riverine_flood", 3, 4), ("heatwave", 5, 3), ("storm", 2, 2)],
        published=False,
    )
