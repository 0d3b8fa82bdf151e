"""The demo part: deterministic, tenders for Procura+ participants and others,
professionals and questions, quickly."""

import datetime
import time

from localaction.campaigns.models import Campaign, Participation
from localaction.network.models import LocalGovernment
from localaction.sustainability.procurement.demo import build_demo_procurement
from localaction.sustainability.procurement.models import (
    ProcurementCommitment,
    ProcurementQuestion,
    ProcurementTender,
)


def _snapshot():
    return list(
        ProcurementTender.objects.order_by("local_government__code", "reference").values_list(
            "local_government__code", "reference", "value", "criteria_applied", "co2_saving_kg"
        )
    )


def test_demo_part_builds_deterministic_records(cast):
    # A Procura+ participant besides the cast's published members.
    lyon = LocalGovernment.objects.create(code="fr-lyon", name="Lyon", country_id="FR")
    Participation.objects.create(
        campaign=Campaign.objects.get(code="procura"),
        local_government=lyon,
        joined_on=datetime.date(2020, 1, 1),
    )
    started = time.monotonic()
    members, tenders = build_demo_procurement(seed=7)
    assert time.monotonic() - started < 10
    # The editor's city (Freiburg), the participant, and others (Nairobi).
    assert members == 3
    assert set(ProcurementCommitment.objects.values_list("local_government__code", flat=True)) == {
        "de-freiburg",
        "fr-lyon",
        "ke-nairobi",
    }
    assert tenders == ProcurementTender.objects.count() > 0
    assert ProcurementCommitment.objects.count() == members
    assert ProcurementQuestion.objects.exists()
    assert ProcurementTender.objects.filter(co2_saving_kg__gt=0).exists()
    first = _snapshot()
    ProcurementTender.objects.all().delete()
    ProcurementCommitment.objects.all().delete()
    ProcurementQuestion.objects.all().delete()
    build_demo_procurement(seed=7)
    assert _snapshot() == first
