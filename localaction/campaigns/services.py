"""Targets turned into figures, forecasts from inventories, and milestones
recognised from the data.

The method lives in `localaction.core.targets` and `localaction.core.forecast`;
this module feeds it from the database. Emissions are read from the
inventories' per-cell summaries (InventoryTotal), never from their lines.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

import localaction.lookups  # noqa: F401 (registers field__one_of)
from localaction.accounts import notifications
from localaction.campaigns.models import (
    Campaign,
    Forecast,
    Milestone,
    MilestoneProgress,
    Participation,
    Target,
)
from localaction.campaigns.permissions import can_verify_milestone
from localaction.campaigns.recognition import Facts, Proof
from localaction.core import forecast as bau
from localaction.core.coverage import Coverage
from localaction.core.gwp import GWPError
from localaction.core.quantities import CO2E_TOTAL
from localaction.core.targets import (
    Activity,
    Commitment,
    Progress,
    TargetError,
    progress,
    target_t,
    trajectory_t,
)
from localaction.inventories.models import Inventory, InventoryTotal
from localaction.network.models import LocalGovernment

# Emissions and forecasts

CHUNK = 5000


def coverage_of(target: Target) -> Coverage:
    """What a GHG target's emissions add up (core.coverage): its level, sectors, gases, GWP set."""
    return Coverage(
        level=target.coverage,
        sectors=frozenset(target.sectors or ()),
        gases=frozenset(target.gases or ()),
        gwp=target.gwp_set,
    )


def covered_by_sector_t(
    rows: Iterable[tuple[str, str, float]], coverage: Coverage
) -> dict[str, float]:
    """Emissions by GPC sector (t CO2e) of (cell, gas, kg) summary rows, within
    the coverage (core.coverage). Raises GWPError for a gas the GWP set has no value for."""
    return coverage.by_sector_t(rows)


def summary_rows(inventory_ids: Iterable[int]) -> dict[int, list[tuple[str, str, float]]]:
    """Each inventory's per-cell gas masses (cell, gas, kg), read in chunks."""
    ids = list(inventory_ids)
    rows: dict[int, list[tuple[str, str, float]]] = {pk: [] for pk in ids}
    # Chunks keep each query under SQLite's limit on bound parameters.
    for start in range(0, len(ids), CHUNK):
        for inventory_id, ref, gas, kg in InventoryTotal.objects.filter(
            inventory_id__one_of=ids[start : start + CHUNK]
        ).values_list("inventory_id", "gpc_ref", "gas", "kg"):
            rows[inventory_id].append((ref, gas, kg))
    return rows


def emissions_by_sector_t(
    inventory_ids: Iterable[int], coverage: Coverage
) -> dict[int, dict[str, float]]:
    """Each inventory's emissions by GPC sector (t CO2e) within the coverage."""
    return {
        pk: covered_by_sector_t(rows, coverage) for pk, rows in summary_rows(inventory_ids).items()
    }


@dataclass(frozen=True)
class Growth:
    """How a local government grows (percent a year): its forecast's sector rates
    and default rate, and its population."""

    sector_percent: dict[str, float] = field(default_factory=dict)
    default_percent: float = 0.0
    population_percent: float = 0.0

    @classmethod
    def of(cls, local_government: LocalGovernment, forecast: Forecast | None = None) -> Growth:
        return cls.from_rates(
            local_government.population_growth_percent,
            None
            if forecast is None
            else (forecast.sector_growth_percent, forecast.default_growth_percent),
        )

    @classmethod
    def from_rates(
        cls,
        population_percent: float | None,
        forecast: tuple[dict[str, float] | None, float | None] | None = None,
    ) -> Growth:
        """Growth from the population's rate and a forecast's (sector rates,
        default rate), as stored; without a forecast everything grows with the
        population (0 when unknown)."""
        population = population_percent or 0.0
        if forecast is None:
            return cls(default_percent=population, population_percent=population)
        sector_percent, default_percent = forecast
        return cls(
            sector_percent=dict(sector_percent or {}),
            default_percent=population if default_percent is None else default_percent,
            population_percent=population,
        )


def growth_of(local_government: LocalGovernment) -> Growth:
    return Growth.of(
        local_government, Forecast.objects.filter(local_government=local_government).first()
    )


def forecast_from(
    local_government: LocalGovernment, year: int, by_sector_t: dict[str, float]
) -> bau.Forecast:
    """The BAU forecast growing from one inventory's emissions by sector."""
    growth = growth_of(local_government)
    return bau.Forecast(
        year, by_sector_t, growth.sector_percent, default_growth_percent=growth.default_percent
    )


def latest_forecast(
    local_government: LocalGovernment,
    inventories: models.QuerySet[Inventory],
    coverage: Coverage | None = None,
) -> bau.Forecast | None:
    """The forecast from the latest of `inventories`, or None without one."""
    latest = inventories.order_by("-year").values_list("pk", "year").first()
    if latest is None:
        return None
    pk, year = latest
    by_sector = emissions_by_sector_t([pk], coverage or Coverage())[pk]
    return forecast_from(local_government, year, by_sector)


# Targets as figures


@dataclass(frozen=True)
class TargetFigures:
    """A GHG target in tonnes CO2e, computed from the inventories a person may count.

    `problem` says, in words, why a figure is missing (None when all are there).
    """

    target: Target
    base_t: float | None = None
    target_t: float | None = None
    bau_t: float | None = None
    inventories_t: list[tuple[int, float]] = field(default_factory=list)
    forecast: bau.Forecast | None = None
    problem: str | None = None

    @property
    def commitment(self) -> Commitment | None:
        if self.target_t is None or self.bau_t is None:
            return None
        return Commitment(target_t=self.target_t, bau_t=self.bau_t)

    @property
    def committed_reduction_t(self) -> float | None:
        commitment = self.commitment
        return None if commitment is None else commitment.committed_reduction_t

    @property
    def bau_below_target(self) -> bool:
        commitment = self.commitment
        return commitment is not None and commitment.bau_below_target

    def trajectory_t(self, year: int) -> float | None:
        if self.base_t is None or self.target_t is None:
            return None
        target = self.target
        return trajectory_t(
            base_year=target.base_year,
            base_t=self.base_t,
            target_year=target.target_year,
            target_t=self.target_t,
            year=year,
        )

    @property
    def progress(self) -> list[tuple[int, float, Progress]]:
        """Each inventory after the base year: (year, t CO2e, on or off track)."""
        if self.base_t is None or self.target_t is None:
            return []
        target = self.target
        return [
            (
                year,
                tonnes,
                progress(
                    base_year=target.base_year,
                    base_t=self.base_t,
                    target_year=target.target_year,
                    target_t=self.target_t,
                    year=year,
                    emissions_t=tonnes,
                ),
            )
            for year, tonnes in self.inventories_t
            if year > target.base_year
        ]

    @property
    def latest_progress(self) -> tuple[int, float, Progress] | None:
        points = self.progress
        return points[-1] if points else None


INHABITANT = gettext_lazy("inhabitant")


def _activity(target: Target, growth: Growth) -> Activity | None:
    """The intensity's activity in the base and target years."""
    per_inhabitant = target.intensity_per == Target.IntensityPer.INHABITANT
    base = target.base_activity
    if base is None and per_inhabitant:
        base = target.local_government.population
    if not base:
        return None
    later = target.target_activity
    if later is None:
        # Inhabitants grow with the population; economic output at the forecast's
        # default rate — the BAU's own assumption for activity without a sector
        # rate — so that an unchanged intensity keeps pace with business as usual
        # (docs/formats/targets.md).
        rate = growth.population_percent if per_inhabitant else growth.default_percent
        later = base * (1 + rate / 100) ** (target.target_year - target.base_year)
    unit = INHABITANT if per_inhabitant else target.activity_unit
    return Activity(base=float(base), target_year=float(later), unit=unit)


def target_figures(target: Target, inventories: models.QuerySet[Inventory]) -> TargetFigures:
    """The target's figures from `inventories` (those the reader may count)."""
    if not target.is_ghg:
        return TargetFigures(target)
    years = dict(
        inventories.filter(local_government_id=target.local_government_id).values_list("pk", "year")
    )
    rows = summary_rows(years)
    return figures_from(
        target,
        {years[pk]: inventory_rows for pk, inventory_rows in rows.items()},
        growth=growth_of(target.local_government),
    )


def figures_from(
    target: Target,
    inventories: dict[int, list[tuple[str, str, float]]],
    *,
    growth: Growth,
    coverage: Coverage | None = None,
) -> TargetFigures:
    """A GHG target's figures from the summary rows (cell, gas, kg) of the
    inventories that count, by year; `coverage` overrides the target's GWP set
    (the network report converts every target under its own)."""
    coverage = coverage or coverage_of(target)
    try:
        emissions = {
            year: covered_by_sector_t(rows, coverage) for year, rows in inventories.items()
        }
    except GWPError as error:
        return TargetFigures(target, problem=str(error))
    return figures_from_emissions(target, emissions, growth=growth)


def figures_from_emissions(
    target: Target, emissions: dict[int, dict[str, float]], *, growth: Growth
) -> TargetFigures:
    """A GHG target's figures from the emissions by sector (t CO2e, within its
    coverage) of the inventories that count, by year."""
    unusable = sorted(
        year
        for year, sectors in emissions.items()
        if not all(CO2E_TOTAL.accepts(tonnes * 1000) for tonnes in sectors.values())
    )
    if unusable:
        # Inventories stored before the bounds were checked: no forecast can grow
        # from them, and the target says why rather than failing.
        return TargetFigures(
            target,
            problem=_(
                "The emissions of the %(years)s inventory cannot be added up: they are not "
                "finite numbers within the bounds."
            )
            % {"years": ", ".join(map(str, unusable))},
        )
    series = sorted((year, sum(sectors.values())) for year, sectors in emissions.items())
    by_year = dict(series)
    base_t = by_year.get(target.base_year)
    forecast = None
    if series:
        latest = max(emissions)
        forecast = bau.Forecast(
            latest,
            emissions[latest],
            growth.sector_percent,
            default_growth_percent=growth.default_percent,
        )
    bau_t = forecast.total_t(target.target_year) if forecast else None
    figures = {
        "base_t": base_t,
        "bau_t": bau_t,
        "inventories_t": series,
        "forecast": forecast,
    }
    if base_t is None:
        return TargetFigures(
            target,
            problem=_("No inventory of the base year %(year)s counts yet.")
            % {"year": target.base_year},
            **figures,
        )
    try:
        goal = target_t(
            target.as_core(),
            base_t=base_t,
            activity=_activity(target, growth),
            bau_t=bau_t,
        )
    except TargetError as error:
        return TargetFigures(target, problem=str(error), **figures)
    return TargetFigures(target, target_t=goal, **figures)


def target_summary(figures: TargetFigures) -> dict:
    """A target and its figures as plain data (tonnes CO2e), for files, API and
    the command line."""
    target = figures.target
    latest = figures.latest_progress
    return {
        "id": target.pk,
        "member": target.local_government.code,
        "title": target.title,
        "type": target.type,
        "base_year": target.base_year,
        "target_year": target.target_year,
        "reduction_percent": target.reduction_percent,
        "level_tco2e": target.level_tco2e,
        "coverage": target.coverage if target.is_ghg else None,
        "gwp": target.gwp_set if target.is_ghg else None,
        "conditional": target.is_conditional,
        "adopted_on": target.adopted_on.isoformat() if target.adopted_on else None,
        "campaign": target.campaign.code if target.campaign_id else None,
        "base_tco2e": figures.base_t,
        "target_tco2e": figures.target_t,
        "bau_tco2e": figures.bau_t,
        "committed_reduction_tco2e": figures.committed_reduction_t,
        "bau_below_target": figures.bau_below_target,
        "progress": None
        if latest is None
        else {"year": latest[0], "tco2e": latest[1], "status": str(latest[2])},
        "problem": figures.problem,
        **(
            {}
            if target.is_ghg
            else {
                "indicator": target.indicator,
                "unit": target.indicator_unit,
                "base_value": target.base_value,
                "target_value": target.target_value,
            }
        ),
    }


# Milestones


@dataclass(frozen=True)
class MilestoneState:
    """Where a participant stands on a milestone: what people recorded, raised to
    "achieved" when the data prove it (`recognised`)."""

    milestone: Milestone
    status: str
    recorded: MilestoneProgress | None
    recognised: bool
    evidence: models.Model | None

    @property
    def status_label(self) -> str:
        return MilestoneProgress.Status(self.status).label

    @property
    def is_achieved(self) -> bool:
        return self.status in _ACHIEVED


_RANK = {status: rank for rank, status in enumerate(MilestoneProgress.Status.values)}
_ACHIEVED = (MilestoneProgress.Status.ACHIEVED, MilestoneProgress.Status.VERIFIED)


def _records(proofs: Iterable[Proof]) -> dict[Proof, models.Model]:
    """The proving records themselves, a query per model (with their local government)."""
    wanted: dict[type[models.Model], set[int]] = defaultdict(set)
    for model, pk in proofs:
        wanted[model].add(pk)
    return {
        (model, record.pk): record
        for model, pks in wanted.items()
        for record in model._default_manager.filter(pk__one_of=sorted(pks)).select_related(
            "local_government"
        )
    }


def _recorded_evidence(record: MilestoneProgress) -> models.Model | None:
    return record.inventory or record.target or record.action_plan


def _milestones_of(participations: Sequence[Participation]) -> dict[int, list[Milestone]]:
    """The milestones of the participations' methodologies, in order, by methodology."""
    milestones: dict[int, list[Milestone]] = defaultdict(list)
    methodology_ids = {p.campaign.methodology_id for p in participations}
    for milestone in Milestone.objects.filter(methodology_id__in=methodology_ids):
        milestones[milestone.methodology_id].append(milestone)
    return milestones


def _proof(facts: Facts, milestone: Milestone, participation: Participation) -> Proof | None:
    """The record that proves the participant's milestone, if its rule finds one."""
    return facts.proof(
        milestone.recognised_from, participation.local_government_id, participation.campaign_id
    )


def _reached(status: str, proof: Proof | None) -> tuple[str, bool]:
    """The status shown, and whether the data raised it to achieved."""
    recognised = proof is not None and _RANK[status] < _RANK[MilestoneProgress.Status.ACHIEVED]
    return (MilestoneProgress.Status.ACHIEVED if recognised else status), recognised


def milestone_states(
    participations: Sequence[Participation],
) -> dict[int, list[MilestoneState]]:
    """Each participation's milestones in order, recorded and recognised, by its pk."""
    if not participations:
        return {}
    facts = Facts([p.local_government_id for p in participations])
    milestones = _milestones_of(participations)
    recorded = {
        (record.participation_id, record.milestone_id): record
        for record in MilestoneProgress.objects.filter(
            participation__one_of=[p.pk for p in participations]
        ).select_related(
            "inventory__local_government",
            "target__local_government",
            "action_plan__local_government",
            "verified_by",
        )
    }
    proofs = {
        (participation.pk, milestone.pk): _proof(facts, milestone, participation)
        for participation in participations
        for milestone in milestones[participation.campaign.methodology_id]
    }
    records = _records(proof for proof in proofs.values() if proof is not None)
    states: dict[int, list[MilestoneState]] = {}
    for participation in participations:
        row = []
        for milestone in milestones[participation.campaign.methodology_id]:
            record = recorded.get((participation.pk, milestone.pk))
            proof = proofs[participation.pk, milestone.pk]
            status, recognised = _reached(
                record.status if record else MilestoneProgress.Status.NOT_STARTED, proof
            )
            evidence = (record and _recorded_evidence(record)) or (proof and records.get(proof))
            row.append(MilestoneState(milestone, status, record, recognised, evidence))
        states[participation.pk] = row
    return states


def milestones_reached(participations: Sequence[Participation]) -> dict[int, list[bool]]:
    """Whether each participation reached (achieved or verified, as recorded or as the
    data prove) each of its milestones, in order, by its pk: what a funnel counts,
    read without loading any record."""
    if not participations:
        return {}
    facts = Facts([p.local_government_id for p in participations])
    milestones = _milestones_of(participations)
    recorded = {
        (participation, milestone): status
        for participation, milestone, status in MilestoneProgress.objects.filter(
            participation__one_of=[p.pk for p in participations]
        ).values_list("participation_id", "milestone_id", "status")
    }
    return {
        participation.pk: [
            _reached(
                recorded.get(
                    (participation.pk, milestone.pk), MilestoneProgress.Status.NOT_STARTED
                ),
                _proof(facts, milestone, participation),
            )[0]
            in _ACHIEVED
            for milestone in milestones[participation.campaign.methodology_id]
        ]
        for participation in participations
    }


@dataclass(frozen=True)
class FunnelRow:
    """Participants of one region (or all) and how many reached each milestone."""

    label: str
    participants: int
    reached: list[int]


def campaign_funnel(
    campaign: Campaign,
    participations: Sequence[Participation],
    reached: dict[int, list[bool]],
) -> tuple[list[Milestone], list[FunnelRow]]:
    """How many active participants reached each milestone, by region, then in all.

    `reached`: whether each participation reached each milestone, by its pk
    (`milestones_reached`, or the page's `milestone_states`)."""
    milestones = list(campaign.methodology.milestones.all())
    active = [p for p in participations if p.is_active]
    by_region: dict[str, list[Participation]] = defaultdict(list)
    for participation in active:
        by_region[participation.local_government.country.region.display_name].append(participation)

    def row(label: str, members: list[Participation]) -> FunnelRow:
        counts = [0] * len(milestones)
        for participation in members:
            for index, done in enumerate(reached[participation.pk]):
                counts[index] += done
        return FunnelRow(label, len(members), counts)

    rows = [row(label, by_region[label]) for label in sorted(by_region)]
    rows.append(row(_("All regions"), active))
    return milestones, rows


@transaction.atomic
def milestone_record(*, record: MilestoneProgress, user) -> MilestoneProgress:
    """Save what a person recorded on a milestone.

    Verifying is the covering office's act: it stamps the verifier and the
    date; and once verified, only an office changes the record.
    """
    participation = record.participation
    before = (
        MilestoneProgress.objects.filter(pk=record.pk).values_list("status", flat=True).first()
        if record.pk
        else None
    )
    verifying = record.status == MilestoneProgress.Status.VERIFIED
    touches_verified = verifying or before == MilestoneProgress.Status.VERIFIED
    if touches_verified and not can_verify_milestone(user, participation):
        raise ValidationError(
            {
                "status": _(
                    "Only the staff of an office covering %(name)s may verify a milestone "
                    "or change a verified one."
                )
                % {"name": participation.local_government}
            }
        )
    today = timezone.localdate()
    if verifying and before != MilestoneProgress.Status.VERIFIED:
        record.verified_by = user
        record.verified_on = today
    elif not verifying:
        record.verified_by = None
        record.verified_on = None
    if record.status == MilestoneProgress.Status.ACHIEVED and record.achieved_on is None:
        record.achieved_on = today
    if record.status == MilestoneProgress.Status.IN_PROGRESS and record.started_on is None:
        record.started_on = today
    record.local_government_id = participation.local_government_id
    record.full_clean()
    record.save()
    _notify_milestone(record, before=before)
    return record


def _notify_milestone(record: MilestoneProgress, *, before: str | None) -> None:
    """Achieving a milestone asks the covering offices to verify it; verifying it
    tells the member's editors. Saving a record again with the same status tells
    nobody."""
    if record.status == before:
        return
    participation = record.participation
    local_government = participation.local_government
    if record.status == MilestoneProgress.Status.ACHIEVED:
        kind, recipients = (
            "milestone_evidence_recorded",
            notifications.office_staff_covering(local_government),
        )
    elif record.status == MilestoneProgress.Status.VERIFIED:
        kind, recipients = "milestone_verified", notifications.editors_of(local_government)
    else:
        return
    notifications.notify(
        kind,
        recipients=recipients,
        params={
            "local_government": local_government.name,
            "campaign": participation.campaign.name,
            "milestone": record.milestone.name,
            "number": record.milestone.number,
        },
        url=participation.get_absolute_url(),
    )
