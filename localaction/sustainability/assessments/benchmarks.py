"""The network's benchmarks of a questionnaire: the median and quartiles of
members' total and section shares (core.assessments.benchmark), over the
network and by region and size band (core.assessments.SIZE_BANDS).

Each member counts once, with its latest closed or published assessment of
the questionnaire (any version: sections keep their codes across versions).
A group of fewer than MIN_GROUP members shows no figures, so that no member's
result can be read from them; a member is named only if it published its
result (and is itself published).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from localaction.core import assessments as engine
from localaction.sustainability.assessments import services
from localaction.sustainability.assessments.models import Assessment

MIN_GROUP = 3
"""The fewest members a benchmark group shows figures for."""

SIZE_BAND_LABELS = {
    "small": _("Small (below 50,000 people)"),
    "medium": _("Medium (50,000 to 249,999 people)"),
    "large": _("Large (250,000 to 999,999 people)"),
    "metropolitan": _("Metropolitan (1 million people and more)"),
}


@dataclass(frozen=True)
class Entry:
    assessment: Assessment
    result: engine.Result
    region_id: int
    size_band: str | None

    @property
    def named(self) -> bool:
        """Whether the member may be named: it published this result."""
        return self.assessment.is_published and self.assessment.local_government.is_published


@dataclass(frozen=True)
class Group:
    key: str
    label: str
    count: int
    benchmark: engine.Benchmark | None
    """None when the group has fewer than MIN_GROUP members."""


@dataclass(frozen=True)
class SectionBenchmark:
    code: str
    title: str
    benchmark: engine.Benchmark | None


@dataclass(frozen=True)
class NetworkBenchmarks:
    code: str
    entries: list[Entry]
    overall: Group
    regions: list[Group]
    sizes: list[Group]
    sections: list[SectionBenchmark]

    @property
    def overall_groups(self) -> list[Group]:
        return [self.overall]

    @property
    def published(self) -> list[Entry]:
        """The members that published their result, best first."""
        return sorted(
            (e for e in self.entries if e.named),
            key=lambda e: (-(e.result.percent or 0), e.assessment.local_government.name),
        )

    def region_of(self, region_id: int) -> Group | None:
        return next((g for g in self.regions if g.key == str(region_id)), None)

    def size_of(self, band: str | None) -> Group | None:
        return next((g for g in self.sizes if g.key == band), None)


def latest_finished(code: str) -> list[Assessment]:
    """Each member's latest closed or published assessment of the questionnaire."""
    latest: dict[int, Assessment] = {}
    assessments = (
        Assessment.objects.finished()
        .filter(questionnaire__code=code)
        .select_related("questionnaire", "local_government__country__region")
        .order_by("local_government_id", "-assessed_on", "-pk")
    )
    for assessment in assessments:
        latest.setdefault(assessment.local_government_id, assessment)
    return list(latest.values())


def _group(key: str, label: str, values: list[float]) -> Group:
    shown = engine.benchmark(values) if len(values) >= MIN_GROUP else None
    return Group(key=key, label=label, count=len(values), benchmark=shown)


def network_benchmarks(code: str) -> NetworkBenchmarks:
    assessments = latest_finished(code)
    results = services.combined_results(assessments)
    entries = [
        Entry(
            assessment=a,
            result=results[a.pk],
            region_id=a.local_government.country.region_id,
            size_band=engine.size_band(a.local_government.population),
        )
        for a in assessments
        if results[a.pk].percent is not None
    ]
    totals = [e.result.percent for e in entries if e.result.percent is not None]
    regions: dict[int, tuple[str, list[float]]] = {}
    for entry in entries:
        region = entry.assessment.local_government.country.region
        regions.setdefault(region.pk, (region.name, []))[1].append(entry.result.percent or 0.0)
    sizes = []
    for band, _below in engine.SIZE_BANDS:
        values = [e.result.percent or 0.0 for e in entries if e.size_band == band]
        if values:
            sizes.append(_group(band, str(SIZE_BAND_LABELS[band]), values))
    sections = []
    newest = max(
        (e.assessment.questionnaire for e in entries), key=lambda q: q.version, default=None
    )
    if newest is not None:
        for section in newest.sections.all():
            values = []
            for entry in entries:
                try:
                    share = entry.result.section(section.code).percent
                except KeyError:
                    continue
                if share is not None:
                    values.append(share)
            shown = engine.benchmark(values) if len(values) >= MIN_GROUP else None
            sections.append(SectionBenchmark(section.code, section.title, shown))
    return NetworkBenchmarks(
        code=code,
        entries=entries,
        overall=_group("network", str(_("The network")), totals),
        regions=[
            _group(str(pk), name, values)
            for pk, (name, values) in sorted(regions.items(), key=lambda item: item[1][0])
        ],
        sizes=sizes,
        sections=sections,
    )
