"""The Procura+ milestones the procurement records prove (registered with
campaigns.recognition from setup.py), for whichever campaign:

- `procurement_commitment` (Political commitment): a council commitment recorded;
- `procurement_baseline` (Baseline assessment): awarded tenders of one year
  covering at least BASELINE_GROUPS product groups — the baseline is the
  year's procurement in its priority groups, as the Procura+ Manual (2016)
  asks of a baseline assessment; the proof is a tender of the first such year;
- `procurement_monitoring` (Monitoring and reporting): a green share reported
  for two years (awarded tenders of value in two years); the proof is a tender
  of the later of the first two.
"""

from __future__ import annotations

from collections import defaultdict

from django.db.models.functions import ExtractYear

from localaction.sustainability.procurement.models import ProcurementCommitment, ProcurementTender

BASELINE_GROUPS = 3


def commitment_proofs(ids: list[int]) -> dict:
    found = {}
    rows = (
        ProcurementCommitment.objects.filter(local_government_id__in=ids)
        .order_by("adopted_on", "pk")
        .values_list("local_government_id", "pk")
    )
    for local_government_id, pk in rows:
        found.setdefault((local_government_id, None), (ProcurementCommitment, pk))
    return found


def _awarded_by_year(ids: list[int]) -> dict[int, dict[int, list[tuple[int, int]]]]:
    """{local government: {year: [(group, tender pk)]}} of awarded tenders of value."""
    years: dict[int, dict[int, list[tuple[int, int]]]] = defaultdict(lambda: defaultdict(list))
    rows = (
        ProcurementTender.objects.awarded()
        .filter(local_government_id__in=ids, value__gt=0)
        .annotate(year=ExtractYear("awarded_on"))
        .order_by("awarded_on", "pk")
        .values_list("local_government_id", "year", "group_id", "pk")
    )
    for local_government_id, year, group_id, pk in rows:
        years[local_government_id][year].append((group_id, pk))
    return years


def baseline_proofs(ids: list[int]) -> dict:
    found = {}
    for local_government_id, years in _awarded_by_year(ids).items():
        for year in sorted(years):
            tenders = years[year]
            if len({group for group, _pk in tenders}) >= BASELINE_GROUPS:
                found[local_government_id, None] = (ProcurementTender, tenders[0][1])
                break
    return found


def monitoring_proofs(ids: list[int]) -> dict:
    found = {}
    for local_government_id, years in _awarded_by_year(ids).items():
        if len(years) >= 2:
            second = sorted(years)[1]
            found[local_government_id, None] = (ProcurementTender, years[second][0][1])
    return found
