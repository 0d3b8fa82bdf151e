"""Freiburg's biodiversity record for the tests.

Commitments: the Durban Commitment (active, 2008) and an own commitment (draft).
CBI: 2019, closed (not published), and 2023, published:

| part        | 2019 | 2023 |
|-------------|------|------|
| native      |  16  |  23  |
| services    |   8  |  12  |
| governance  |  20  |  26  |
| total (/92) |  44  |  61  |
"""

import datetime

import pytest

from localaction.sustainability.biodiversity import services
from localaction.sustainability.resilience.scorecards import assessment_record

# Worked in tests/resilience/test_questionnaires.py: 16 + 8 + 20 = 44.
ANSWERS_2019 = {
    "cbi.1": 25, "cbi.2": 750, "cbi.3": 20, "cbi.4": 0, "cbi.5": 1, "cbi.6": 2,
    "cbi.7": -1, "cbi.8": 0, "cbi.9": 15, "cbi.10": 5,
    "cbi.11": 50, "cbi.12": 30, "cbi.13": 4, "cbi.14": 1,
    "cbi.15": 1.0, "cbi.16": 15, "cbi.17": 3, "cbi.18": 2, "cbi.19": 4, "cbi.20": 4,
    "cbi.21": 30, "cbi.22": 1, "cbi.23": 100,
}  # fmt: skip
# Gains by 2023: cbi.2 → 1,600 ha (2 → 4), cbi.4 +4 species (0 → 4), cbi.7 +1 (0 → 1):
# native 16 + 2 + 4 + 1 = 23; cbi.12 → 60 % (3 → 4), cbi.14 → 4 visits (1 → 4):
# services 8 + 1 + 3 = 12; cbi.15 → 3 % (1 → 3), cbi.16 → 40 (1 → 3), cbi.22 → 3 (1 → 3):
# governance 20 + 2 + 2 + 2 = 26. Total 23 + 12 + 26 = 61.
ANSWERS_2023 = ANSWERS_2019 | {
    "cbi.2": 1600, "cbi.4": 4, "cbi.7": 1, "cbi.12": 60, "cbi.14": 4,
    "cbi.15": 3.0, "cbi.16": 40, "cbi.22": 3,
}  # fmt: skip


@pytest.fixture
def commitments(cast):
    durban = services.commitment_save(
        local_government=cast.freiburg,
        kind="durban",
        title="Durban Commitment",
        adopted_on=datetime.date(2008, 5, 20),
        council_decision="Council decision 114/2008",
        decision_url="https://example.org/decision-114",
        areas=["assessment", "strategy", "protected_areas"],
    )
    own = services.commitment_save(
        local_government=cast.freiburg,
        kind="own",
        title="Freiburg nature pledge",
        adopted_on=datetime.date(2024, 3, 1),
        council_decision="Draft for council",
        areas=["education"],
        status="draft",
    )
    return durban, own


@pytest.fixture
def cbi(cast):
    first = assessment_record(
        local_government=cast.freiburg,
        code="cbi",
        title="CBI 2019",
        assessed_on=datetime.date(2019, 6, 1),
        answers=ANSWERS_2019,
        publish=False,
    )
    second = assessment_record(
        local_government=cast.freiburg,
        code="cbi",
        title="CBI 2023",
        assessed_on=datetime.date(2023, 6, 1),
        answers=ANSWERS_2023,
        publish=True,
    )
    return first, second
