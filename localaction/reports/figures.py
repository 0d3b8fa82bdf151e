"""The network report as readers see it: figures, charts and tables, read through the cache.

The dashboard and the printed report (pdf.py) show one body,
`reports/_report.html`, built here from a `Report`. Every figure and table row
carries the address of the provenance page (`reports:members`): the members
and inventories behind it, under the same scope.

Making a report reads every published inventory of the network (seconds on a
large network), so no reader waits for one. Each figure is kept in the shared
cache under its scope, with the stamp of the data it was computed from
(`data_version`) and when. A reader is always served the latest computed
figures at once; when the data has changed since, one recomputation is queued
for that scope (`reports.tasks.recompute`; requests in the meantime queue
nothing more) and the page says that newer figures are being prepared.

No reader waits for a computation either: a scope nobody has asked for before
is computed by one task, queued by its first reader however many ask at once
(a lock per scope and language in the shared cache); readers are told it is
being prepared (`Preparing`: the pages and the API answer 202 with
Retry-After) until it is there. At most MAX_PREPARING scopes are prepared at
once (`Preparing.busy`: 503), and a scope names only what the report knows
(`Reports.scope`), so a crowd — or one visitor making up scopes — cannot make
the workers compute without end.
"""

from __future__ import annotations

import hashlib
import io
import math
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, TypeVar
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, Max
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from localaction.background.tasks import enqueue
from localaction.campaigns.models import (
    Action,
    ActionPlan,
    Campaign,
    Forecast,
    Methodology,
    MilestoneProgress,
    Participation,
    Target,
)
from localaction.campaigns.services import campaign_funnel, milestones_reached
from localaction.charts import Series, bar_chart, line_chart
from localaction.core.gwp import TITLES
from localaction.inventories.models import Inventory
from localaction.network.models import Country, LocalGovernment, Membership, Office, Region
from localaction.report_sections import sections as report_sections
from localaction.reports.services import (
    POPULATION_BANDS,
    Group,
    Report,
    ReportError,
    Scope,
    emissions_by_year,
    network_report,
    parse_scope,
    report_years,
    rules,
)

CACHE_SECONDS = 24 * 60 * 60
TOP_COUNTRIES = 10
T = TypeVar("T")

# What a report and the public pages read, each with the column that moves when
# a row changes (and the records the instruments' report sections name).
# Participations, campaigns, memberships and methodologies have no such
# column; their history tables do.
_STAMPED = (
    (Inventory.objects, "updated_at"),
    (LocalGovernment.objects, "updated_at"),
    (Target.objects, "updated_at"),
    (Action.objects, "updated_at"),
    (ActionPlan.objects, "updated_at"),
    (Forecast.objects, "updated_at"),
    (MilestoneProgress.objects, "updated_at"),
    (Participation.history, "history_date"),
    (Campaign.history, "history_date"),
    (Membership.history, "history_date"),
    (Methodology.history, "history_date"),
)
# Small tables without either, read whole (a few hundred rows): names of
# regions and countries, offices and what they cover.
_READ_WHOLE = (
    (Region.objects, ("pk", "code", "name")),
    (Country.objects, ("pk", "name", "region_id")),
    (Office.objects, ("pk", "code", "name", "kind", "city", "country_id", "email", "website")),
    (Office.regions.through.objects, ("office_id", "region_id")),
    (Office.countries.through.objects, ("office_id", "country_id")),
)


def data_version() -> str:
    """A stamp of everything the report and the public pages read: the number of
    rows and the latest change of each table, and the small tables whole.
    Adding, changing or deleting a row changes it."""
    parts = []
    instruments = [
        (model._default_manager, changed)
        for section in report_sections()
        for model, changed in section.stamps
    ]
    for rows, changed in (*_STAMPED, *instruments):
        stamp = rows.aggregate(count=Count("pk"), last=Max(changed))
        last = stamp["last"].isoformat() if stamp["last"] else "-"
        parts.append(f"{stamp['count']}@{last}")
    for rows, columns in _READ_WHOLE:
        parts.append(repr(list(rows.order_by(*columns[:2]).values_list(*columns))))
    return hashlib.sha256("|".join(parts).encode()).hexdigest()[:20]


def scope_params(scope: Scope, **narrowing: str | int | None) -> dict[str, str | int]:
    """The scope as query parameters (what `parse_scope` reads back), with the
    narrowing filters of one figure added."""
    params: dict[str, Any] = {
        "year": scope.year,
        "gwp": scope.gwp,
        "level": scope.level,
        "window": scope.window,
        "region": scope.region,
        "country": scope.country,
        "campaign": scope.campaign,
        **narrowing,
    }
    return {name: value for name, value in params.items() if value not in (None, "")}


def members_url(scope: Scope, **narrowing: str | int | None) -> str:
    """The provenance page of a figure: the members and inventories behind it."""
    return f"{reverse('reports:members')}?{urlencode(scope_params(scope, **narrowing))}"


# Reading the stamp of the data costs a query per table (50 ms on a network of
# 10,000 members): workers keep it fresh in the shared cache at each heartbeat
# (reports.tasks.refresh_stamp), and a reader that finds none reads it and keeps
# it this many seconds (0 in tests: every request reads it).
STAMP_SECONDS = settings.REPORTS_STAMP_SECONDS
STAMP_KEY = "reports:stamp"
# A recomputation queued for a scope holds this lock until it has run, so the
# readers in the meantime queue nothing more; the lock expires if a worker dies.
RECOMPUTE_LOCK_SECONDS = 15 * 60
# Changes made within this time of each other are recomputed once.
COALESCE = timedelta(seconds=2)
# Scopes being computed (or recomputed) at once, at most: beyond, a scope
# nobody asked for before is refused for a while (Preparing.busy).
MAX_PREPARING = 20
# When to ask again for a scope being prepared (seconds; a report of the demo
# network takes about two).
RETRY_AFTER_SECONDS = 5


class Preparing(Exception):
    """The figures asked for were never computed: a task is preparing them
    (or, when `busy`, too many scopes are being prepared: ask again later)."""

    def __init__(self, *, busy: bool = False) -> None:
        super().__init__("busy" if busy else "preparing")
        self.busy = busy
        self.retry_after = RETRY_AFTER_SECONDS * (6 if busy else 1)


def current_version() -> str:
    """The stamp of the data now, as workers last read it (or read now)."""
    if not STAMP_SECONDS:
        return data_version()
    version = cache.get(STAMP_KEY)
    if version is None:
        version = data_version()
        cache.set(STAMP_KEY, version, STAMP_SECONDS)
    return version


@dataclass(frozen=True)
class Figures:
    """A computed value with the stamp of the data behind it and when it was made."""

    value: Any
    version: str
    computed_at: datetime

    def is_current(self, version: str) -> bool:
        return self.version == version


def _digest(*key: object) -> str:
    return hashlib.sha256(repr(key).encode()).hexdigest()[:32]


def _cache_key(name: str, *key: object) -> str:
    return f"reports:{name}:{_digest(*key)}"


@dataclass(frozen=True)
class Reports:
    """The network's reports as last computed, read through the shared cache.

    `Reports.now()` serves readers: cached figures at once, stale or not, a
    recomputation queued when they are stale. `Reports.recomputing()` is the
    recomputation itself: it makes anew whatever is older than the data.
    """

    version: str
    recompute: bool = False
    # Scopes (and languages) found stale while reading, to queue once.
    stale: set = field(default_factory=set, compare=False)
    # When each figure read was computed: the page is as old as its oldest.
    computed: list = field(default_factory=list, compare=False)

    @classmethod
    def now(cls) -> Reports:
        return cls(current_version())

    @classmethod
    def recomputing(cls) -> Reports:
        return cls(data_version(), recompute=True)

    def _figures(
        self, name: str, compute: Callable[[], T], *key: object, scope: Scope | None = None
    ) -> Figures:
        cache_key = _cache_key(name, *key)
        found = cache.get(cache_key)
        if found is not None and (found.is_current(self.version) or not self.recompute):
            return found
        if scope is not None and not self.recompute:
            return self._prepared(scope, cache_key, pdf=name == "pdf")
        figures = Figures(compute(), self.version, timezone.now())
        cache.set(cache_key, figures, CACHE_SECONDS)
        return figures

    def _prepared(self, scope: Scope, cache_key: str, *, pdf: bool) -> Figures:
        """A reader asks for a scope's figures never computed: one task computes
        them, queued by the first reader (the lock), unless too many are queued."""
        from localaction.reports.tasks import recompute

        language = get_language()
        self._raise_if_refused(scope, language)
        lock = _cache_key("recompute", scope, language, *(["pdf"] if pdf else []))
        if cache.add(lock, True, RECOMPUTE_LOCK_SECONDS):
            if _recomputations_queued() >= MAX_PREPARING:
                cache.delete(lock)
                raise Preparing(busy=True)
            enqueue(recompute, scope=scope_params(scope), language=language, lock=lock, pdf=pdf)
        # Where tasks run at once (tests), the figures are there already.
        found = cache.get(cache_key)
        if found is None:
            self._raise_if_refused(scope, language)
            raise Preparing
        return found

    def _raise_if_refused(self, scope: Scope, language: str) -> None:
        refused = cache.get(_cache_key("refused", scope, language))
        if refused is not None and refused.is_current(self.version):
            message, field_name = refused.value
            raise ReportError(message, field=field_name)

    def refuse(self, scope: Scope, error: ReportError) -> None:
        """Remember that this scope's report cannot be made from this version of
        the data (its readers are told why, not to wait)."""
        cache.set(
            _cache_key("refused", scope, get_language()),
            Figures((str(error), error.field), self.version, timezone.now()),
            CACHE_SECONDS,
        )

    def _cached(self, name: str, compute: Callable[[], T], *key: object, scope=None) -> T:
        return self._read(self._figures(name, compute, *key, scope=scope), scope).value

    def _read(self, figures: Figures, scope: Scope | None) -> Figures:
        self.computed.append(figures.computed_at)
        if not figures.is_current(self.version):
            self.stale.add((scope, get_language()))
        return figures

    def years(self) -> list[int]:
        return self._cached("years", report_years)

    def default_year(self) -> int:
        """The latest year with a published inventory (this year without any)."""
        years = self.years()
        return years[-1] if years else timezone.localdate().year

    def scope(self, params) -> Scope:
        """The scope that request or task parameters ask for (`parse_scope`),
        refused (ReportError) unless it names what the report knows: a year from
        the first with a published inventory, a country with a published local
        government (in the region, if one is named). What a report can be made
        of is so bounded, and every other scope would be empty anyway."""
        scope = parse_scope(params, default_year=self.default_year())
        years = self.years()
        if years and scope.year < years[0]:
            raise ReportError(
                _(
                    "A report year lies between %(first)s (the first year with a published "
                    "inventory) and %(last)s, not %(year)s."
                )
                % {"first": years[0], "last": timezone.localdate().year, "year": scope.year},
                field="year",
            )
        if scope.country:
            if scope.country not in {code for code, _name in self.choices()["country"]}:
                raise ReportError(
                    _("'%(value)s' has no published local government.") % {"value": scope.country},
                    field="country",
                )
            if (
                scope.region
                and not Country.objects.filter(
                    code=scope.country, region__code=scope.region
                ).exists()
            ):
                raise ReportError(
                    _("'%(country)s' is not in the region '%(region)s'.")
                    % {"country": scope.country, "region": scope.region},
                    field="country",
                )
        return scope

    def report_figures(self, scope: Scope) -> Figures:
        # Its names (regions, countries, kinds) and rules are in the active language.
        figures = self._figures(
            "report", lambda: network_report(scope), scope, get_language(), scope=scope
        )
        return self._read(figures, scope)

    def report(self, scope: Scope) -> Report:
        return self.report_figures(scope).value

    def report_file(self, scope: Scope, file_format: str) -> bytes:
        """The report as a CSV, XLSX or JSON file in the active language, written
        once from each computed report (the PDF: `pdf`)."""
        from localaction.reports.files import write_report

        figures = self.report_figures(scope)
        key = _cache_key(
            "file", scope, get_language(), file_format, figures.version, figures.computed_at
        )
        content = cache.get(key)
        if content is None:
            buffer = io.BytesIO()
            write_report(figures.value, file_format, buffer)
            content = buffer.getvalue()
            cache.set(key, content, CACHE_SECONDS)
        return content

    def by_year(self, scope: Scope) -> dict[int, dict[str, float]]:
        """t CO2e by region code for each report year, under the scope's rules."""
        return self._cached(
            "by-year", lambda: tonnes_by_year(scope, self.years()), scope, scope=scope
        )

    def funnels(self, scope: Scope) -> list[Funnel]:
        return self._cached("funnels", lambda: campaign_funnels(scope), scope, scope=scope)

    def body_figures(self, scope: Scope) -> Figures:
        """The report's body as HTML in the active language, with its stamp and time."""
        figures = self._figures(
            "body",
            lambda: render_body(
                self.report(scope), by_year=self.by_year(scope), funnels=self.funnels(scope)
            ),
            scope,
            get_language(),
            scope=scope,
        )
        return self._read(figures, scope)

    def body(self, scope: Scope) -> str:
        return self.body_figures(scope).value

    def pdf(self, scope: Scope) -> bytes:
        """The printed report (PDF) in the active language: rendered once per
        version of the data, by the first reader or by the recomputation."""
        from localaction.reports.pdf import report_pdf

        return self._cached(
            "pdf", lambda: report_pdf(self.report(scope), self), scope, get_language(), scope=scope
        )

    def has_pdf(self, scope: Scope) -> bool:
        return cache.get(_cache_key("pdf", scope, get_language())) is not None

    def choices(self) -> dict[str, list[tuple[str, str]]]:
        """The filter form's choices, in the active language."""
        return self._cached("choices", filter_choices, get_language())

    @property
    def as_of(self) -> datetime | None:
        """When the oldest of the figures read was computed."""
        return min(self.computed, default=None)

    @property
    def preparing(self) -> bool:
        """Whether what was read is older than the data (newer figures are queued)."""
        return bool(self.stale)

    def queue_recomputation(self) -> None:
        """Queue one recomputation per stale scope and language, unless one is
        already queued or running."""
        from localaction.reports.tasks import recompute

        # A scope's recomputation makes the scope-less figures (years, filter
        # choices) anew too: those alone are queued only when nothing else is.
        wanted = {(scope, language) for scope, language in self.stale if scope is not None}
        languages = {language for _scope, language in wanted}
        wanted |= {(None, lang) for scope, lang in self.stale if lang not in languages}
        for scope, language in wanted:
            lock = _cache_key("recompute", scope, language)
            if cache.add(lock, True, RECOMPUTE_LOCK_SECONDS):
                enqueue(
                    recompute,
                    scope=scope_params(scope) if scope else {},
                    language=language,
                    lock=lock,
                    delay=COALESCE,
                )


def _recomputations_queued() -> int:
    """Recomputations queued or running, in every process (the task queue)."""
    from django_tasks import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    from localaction.reports.tasks import recompute

    return DBTaskResult.objects.filter(
        task_path=recompute.module_path,
        status__in=[TaskResultStatus.READY, TaskResultStatus.RUNNING],
    ).count()


def filter_choices() -> dict[str, list[tuple[str, str]]]:
    countries = Country.objects.filter(local_governments__is_published=True).distinct()
    return {
        "region": [(region.code, region.display_name) for region in Region.objects.all()],
        "country": sorted(
            ((country.code, country.display_name) for country in countries),
            key=lambda choice: choice[1],
        ),
        "campaign": list(Campaign.objects.order_by("name").values_list("code", "name")),
    }


# The body's parts


@dataclass(frozen=True)
class Row:
    """One row of a table: what it is, its figures and where they come from."""

    label: str
    tco2e: float | None = None
    members: int | None = None
    population: int | None = None
    url: str = ""


@dataclass(frozen=True)
class Table:
    """A breakdown shown as a table, with the chart of the same figures when it has one."""

    id: str
    title: str
    heading: str
    rows: list[Row]
    svg: str = ""
    counts: bool = True  # whether its rows have members and people (sectors, gases: no)
    more: list[Row] = field(default_factory=list)  # rows beyond the first ones shown


@dataclass(frozen=True)
class Funnel:
    """A campaign's milestone funnel, as plain data (it is cached)."""

    code: str
    name: str
    participants: int
    milestones: tuple[tuple[str, int], ...]  # (milestone, participants who reached it)


def _group_rows(groups: Sequence[Group], scope: Scope, narrowing: str | None) -> list[Row]:
    return [
        Row(
            label=group.name,
            tco2e=group.tco2e,
            members=group.members,
            population=group.population,
            url=members_url(scope, **({narrowing: group.key} if narrowing else {})),
        )
        for group in groups
    ]


def _breakdown(
    table_id: str,
    groups: Sequence[Group],
    scope: Scope,
    *,
    title: str,
    heading: str,
    narrowing: str | None = None,
    chart: bool = True,
    counts: bool = True,
) -> Table:
    rows = _group_rows(groups, scope, narrowing)
    svg = ""
    if chart and rows:
        svg = bar_chart(
            [row.label for row in rows],
            [row.tco2e or 0.0 for row in rows],
            title=title,
            description=_("Bars of t CO2e; the table gives the same figures."),
            unit=_("t CO2e"),
            chart_id=f"report-{table_id}",
        )
    return Table(table_id, title, heading, rows, svg, counts)


def tonnes_by_year(scope: Scope, years: list[int]) -> dict[int, dict[str, float]]:
    """The report's t CO2e by region code for each year (names are looked up when shown)."""
    by_year = emissions_by_year(scope, years) if years else {}
    return {year: {group.key: group.tco2e for group in groups} for year, groups in by_year.items()}


def _by_year_and_region(
    scope: Scope, values: dict[int, dict[str, float]]
) -> tuple[str, list[tuple[str, str]], list[tuple[int, str, list[float], float]]]:
    """The chart, the regions (name, link), and one row per year: (year, link, t CO2e by
    region, total)."""
    region_names = {region.code: region.display_name for region in Region.objects.all()}
    names = {key: region_names.get(key, key) for tonnes in values.values() for key in tonnes}
    keys = sorted(names, key=lambda key: names[key])
    # A line needs two years; one year is drawn as a point.
    style = "line" if len(values) > 1 else "markers"
    series = [
        Series(names[key], [(year, values[year].get(key, 0.0)) for year in sorted(values)], style)
        for key in keys
    ]
    svg = ""
    if series:
        svg = line_chart(
            series,
            title=_("Emissions by year and region"),
            description=_(
                "One line per region, t CO2e of each report year; the table gives the same figures."
            ),
            unit=_("t CO2e"),
            chart_id="report-by-year",
            x_label=_("Report year"),
        )
    rows = [
        (
            year,
            members_url(scope, year=year),
            [values[year].get(key, 0.0) for key in keys],
            sum(values[year].values()),
        )
        for year in sorted(values)
    ]
    regions = [(names[key], members_url(scope, region=key)) for key in keys]
    return svg, regions, rows


def campaign_funnels(scope: Scope) -> list[Funnel]:
    """Each campaign's milestone funnel among published local governments in the scope."""
    campaigns = Campaign.objects.select_related("methodology").order_by("name")
    if scope.campaign:
        campaigns = campaigns.filter(code=scope.campaign)
    participations = Participation.objects.filter(
        local_government__is_published=True, campaign__in=campaigns
    ).select_related("campaign__methodology", "local_government__country__region")
    if scope.region:
        participations = participations.filter(local_government__country__region__code=scope.region)
    if scope.country:
        participations = participations.filter(local_government__country__code=scope.country)
    by_campaign: dict[int, list[Participation]] = defaultdict(list)
    active = [
        participation for participation in participations.order_by("pk") if participation.is_active
    ]
    for participation in active:
        by_campaign[participation.campaign_id].append(participation)
    reached = milestones_reached(active)  # the data read once for every campaign
    funnels = []
    for campaign in campaigns:
        milestones, rows = campaign_funnel(campaign, by_campaign[campaign.pk], reached)
        everyone = rows[-1]
        labels = [f"{milestone.number}. {milestone.name}" for milestone in milestones]
        funnels.append(
            Funnel(
                campaign.code,
                campaign.name,
                everyone.participants,
                tuple(zip(labels, everyone.reached, strict=True)),
            )
        )
    return funnels


def _funnel_figures(scope: Scope, funnels: list[Funnel]) -> list[dict[str, Any]]:
    """Each funnel with participants, with its chart and provenance link."""
    shown = []
    for funnel in funnels:
        if not funnel.participants:
            continue
        svg = ""
        if funnel.milestones:
            svg = bar_chart(
                [label for label, _reached in funnel.milestones],
                [reached for _label, reached in funnel.milestones],
                title=_("%(campaign)s: participants who reached each milestone")
                % {"campaign": funnel.name},
                description=_("Bars of participants; the table gives the same figures."),
                unit=_("participants"),
                chart_id=f"report-funnel-{funnel.code}",
            )
        shown.append(
            {"funnel": funnel, "svg": svg, "url": members_url(scope, campaign=funnel.code)}
        )
    return shown


def percent(share: float) -> str:
    """A share (0–1) in percent with three significant digits, in the active language."""
    value = share * 100
    decimals = 0 if value <= 0 else min(6, max(0, 2 - math.floor(math.log10(value))))
    return number_format(value, decimal_pos=decimals, use_l10n=True)


def _label(choices, key: str) -> str:
    try:
        return str(choices(key).label)
    except ValueError:
        return key


def stated_rules(scope: Scope) -> list[str]:
    """The report's rules in words, with the filters that narrow it."""
    stated = rules(scope)
    narrowing = [
        f"{name} {value}"
        for name, value in (
            (_("region"), scope.region),
            (_("country"), scope.country),
            (_("campaign"), scope.campaign),
        )
        if value
    ]
    if narrowing:
        stated.append(_("Narrowed to: %(filters)s.") % {"filters": ", ".join(narrowing)})
    return stated


def body_context(
    report: Report, *, by_year: dict[int, dict[str, float]], funnels: list[Funnel]
) -> dict[str, Any]:
    """Everything `reports/_report.html` shows of one report."""
    scope = report.scope
    year_svg, regions, year_rows = _by_year_and_region(scope, by_year)
    by_country = _breakdown(
        "by-country",
        report.by_country,
        scope,
        title=_("By country"),
        heading=_("Country"),
        narrowing="country",
        chart=False,
    )
    commitments = [
        Row(
            label=str(target_year.year),
            tco2e=target_year.committed_reduction_tco2e,
            members=target_year.targets,
            url=members_url(scope),
        )
        for target_year in report.commitments
    ]
    commitments_svg = ""
    if commitments:
        commitments_svg = bar_chart(
            [row.label for row in commitments],
            [row.tco2e or 0.0 for row in commitments],
            title=_("Committed reductions by target year"),
            description=_(
                "Bars of t CO2e a year below business as usual, by target year; the table "
                "gives the same figures."
            ),
            unit=_("t CO2e"),
            chart_id="report-commitments",
            horizontal=False,
        )
    return {
        "report": report,
        "scope": scope,
        "gwp_title": TITLES.get(scope.gwp, scope.gwp),
        "share_percent": percent(report.population_share),
        "target_share_percent": percent(report.share_with_target),
        "members_url": members_url(scope),
        "rules": stated_rules(scope),
        "year_svg": year_svg,
        "regions": regions,
        "year_rows": year_rows,
        "emissions": [
            _breakdown(
                "by-sector",
                report.by_sector,
                scope,
                title=_("By sector"),
                heading=_("Sector"),
                counts=False,
            ),
            _breakdown(
                "by-region",
                report.by_region,
                scope,
                title=_("By region"),
                heading=_("Region"),
                narrowing="region",
            ),
            Table(
                by_country.id,
                by_country.title,
                by_country.heading,
                by_country.rows[:TOP_COUNTRIES],
                more=by_country.rows[TOP_COUNTRIES:],
            ),
            _breakdown(
                "by-kind",
                report.by_kind,
                scope,
                title=_("By kind of local government"),
                heading=_("Kind"),
                narrowing="kind",
                chart=False,
            ),
            _breakdown(
                "by-band",
                report.by_population_band,
                scope,
                title=_("By population"),
                heading=_("Inhabitants"),
                narrowing="band",
                chart=False,
            ),
            _breakdown(
                "by-campaign",
                report.by_campaign,
                scope,
                title=_("By campaign"),
                heading=_("Campaign"),
                narrowing="campaign",
                chart=False,
            ),
            _breakdown(
                "by-gas", report.by_gas, scope, title=_("By gas"), heading=_("Gas"), counts=False
            ),
            _breakdown(
                "by-scope",
                report.by_scope,
                scope,
                title=_("By scope"),
                heading=_("Scope"),
                chart=False,
                counts=False,
            ),
        ],
        "commitments": commitments,
        "commitments_svg": commitments_svg,
        "targets_by_type": [
            (_label(Target.Type, key), number)
            for key, number in sorted(report.targets_by_type.items())
        ],
        "actions_by_status": [
            (_label(Action.Status, key), number, tco2e)
            for key, (number, tco2e) in sorted(report.actions_by_status.items())
        ],
        "funnels": _funnel_figures(scope, funnels),
        "quiet_campaigns": [funnel.name for funnel in funnels if not funnel.participants],
        "excluded": report.excluded,
        **sustainability_context(scope.year),
    }


def sustainability_context(year: int) -> dict[str, Any]:
    """The instruments' sections of the report (localaction.report_sections), each
    with the network's figures of `year` — the whole network's, whatever the
    scope."""
    return {
        "sustainability_sections": [
            (section, section.figures(year)) for section in report_sections()
        ]
    }


def render_body(
    report: Report,
    *,
    by_year: dict[int, dict[str, float]],
    funnels: list[Funnel],
    printed: bool = False,
) -> str:
    """The report's body as HTML (`printed` for the PDF: every row shown)."""
    context = body_context(report, by_year=by_year, funnels=funnels)
    context["printed"] = printed
    return render_to_string("reports/_report.html", context)


def population_band(population: int | None) -> str:
    """The key of the population band a number of inhabitants falls in."""
    if population is not None:
        for key, low, high in POPULATION_BANDS:
            if population >= low and (high is None or population < high):
                return key
    return "unknown"
