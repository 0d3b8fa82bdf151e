"""Writing and reading Triple Bottom Line indicators, values, targets and reports.

Every write of pages, files, the API, the admin's actions and the demo goes
through these functions, in a transaction: a refused write changes nothing.
They raise django's ValidationError with messages by field, which forms show
beside the field and the API returns as a 400.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from localaction.charts import Series, line_chart
from localaction.core import tbl as method
from localaction.core.quantities import (
    COMMENT_LENGTH,
    DESCRIPTION_LENGTH,
    INDICATOR_VALUE,
    YEAR,
    QuantityError,
)
from localaction.core.units import UnitError, multiplier, parse_unit
from localaction.core.units import dimension as unit_dimension
from localaction.network.models import LocalGovernment
from localaction.sustainability import sources
from localaction.sustainability.tbl.models import (
    SECTIONS,
    Dimension,
    Direction,
    TBLIndicator,
    TBLReport,
    TBLTarget,
    TBLValue,
)
from localaction.sustainability.tbl.permissions import can_edit_tbl
from localaction.validators import check_text_length

YEARS_SHOWN = 15
"""A report shows each indicator over its year and the fourteen before (inventories,
which emissions are read from, come every few years)."""


def section_label(name: str) -> str:
    return str(TBLReport._meta.get_field(name).verbose_name)


# --- checks shared by every write ------------------------------------------


def _number(value: object, field_name: str) -> float:
    try:
        return INDICATOR_VALUE.check(value)
    except QuantityError:
        raise ValidationError(
            {
                field_name: _("Enter a finite number from %(minimum)s to %(maximum)s.")
                % {"minimum": "-1e15", "maximum": "1e15"}
            },
            code="out_of_bounds",
        ) from None


def _year(value: object, field_name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not YEAR.accepts(value):
        raise ValidationError(
            {
                field_name: _("Enter a year from %(first)s to %(last)s.")
                % {"first": int(YEAR.minimum), "last": int(YEAR.maximum)}
            },
            code="out_of_bounds",
        )
    return value


def _text(value: str, field_name: str, limit: int) -> str:
    try:
        check_text_length(value, limit)
    except ValidationError as error:
        raise ValidationError({field_name: error.messages}) from None
    return value or ""


def _factor(from_unit: str, to_unit: str) -> float:
    """The multiplier from one unit to another of the same dimension; UnitError
    otherwise (no fuel's calorific value bridges an energy and a mass here)."""
    if parse_unit(from_unit).dimensionality != parse_unit(to_unit).dimensionality:
        raise UnitError(
            f"'{from_unit}' is {unit_dimension(from_unit)} but '{to_unit}' is "
            f"{unit_dimension(to_unit)}: a unit of the wrong dimension"
        )
    return multiplier(from_unit, to_unit)


def _in_indicator_unit(indicator: TBLIndicator, value: float, unit: str | None, field_name: str):
    """`value` given in `unit` (the indicator's own when blank), in the indicator's unit."""
    if not unit or unit == indicator.unit:
        return value
    try:
        converted = value * _factor(unit, indicator.unit)
    except UnitError as error:
        raise ValidationError(
            {
                "unit": _(
                    "'%(unit)s' cannot be converted to the indicator's unit '%(expected)s' "
                    "(%(problem)s)."
                )
                % {"unit": unit, "expected": indicator.unit, "problem": error}
            },
            code="unit",
        ) from None
    return _number(converted, field_name)


def _usable_indicator(local_government: LocalGovernment, indicator: TBLIndicator) -> None:
    if indicator.local_government_id not in (None, local_government.pk):
        raise ValidationError(
            {
                "indicator": _(
                    "The indicator '%(code)s' is another member's own; use a library "
                    "indicator or one of %(member)s."
                )
                % {"code": indicator.code, "member": local_government.name}
            },
            code="other_member",
        )


def _typed(indicator: TBLIndicator) -> None:
    if indicator.source_key:
        raise ValidationError(
            {
                "indicator": _(
                    "The indicator '%(code)s' takes its values from the platform (%(source)s); "
                    "they are read with their link, not typed."
                )
                % {"code": indicator.code, "source": indicator.source_key}
            },
            code="sourced",
        )


# --- indicators ------------------------------------------------------------


@transaction.atomic
def indicator_create(
    *,
    local_government: LocalGovernment | None,
    code: str,
    name: str,
    dimension: str,
    unit: str,
    direction: str,
    source_key: str = "",
    reference: str = "",
) -> TBLIndicator:
    """A member's own indicator (or, with no member, a library one).

    The unit must be one core.units reads; a source, when named, must be
    registered and give its figures in a unit of the indicator's dimension.
    """
    errors: dict[str, list[str]] = {}
    if dimension not in Dimension.values:
        errors.setdefault("dimension", []).append(_("Choose environmental, social or economic."))
    if direction not in Direction.values:
        errors.setdefault("direction", []).append(_("Choose 'less' or 'more'."))
    try:
        parse_unit(unit)
    except UnitError as error:
        errors.setdefault("unit", []).append(str(error))
    if local_government is not None and TBLIndicator.objects.library().filter(code=code).exists():
        errors.setdefault("code", []).append(
            _("'%(code)s' is the code of a library indicator; use that one or another code.")
            % {"code": code}
        )
    if source_key and not errors.get("unit"):
        try:
            _factor(sources.source(source_key).unit, unit)
        except KeyError:
            errors.setdefault("source_key", []).append(
                _("'%(key)s' is not a platform source; the sources are: %(keys)s.")
                % {"key": source_key, "keys": ", ".join(s.key for s in sources.sources())}
            )
        except UnitError as error:
            errors.setdefault("unit", []).append(str(error))
    if errors:
        raise ValidationError(errors)
    indicator = TBLIndicator(
        local_government=local_government,
        code=code,
        name=name,
        dimension=dimension,
        unit=unit,
        direction=direction,
        source_key=source_key,
        reference=reference,
    )
    indicator.full_clean()
    indicator.save()
    return indicator


# --- values and targets ----------------------------------------------------


@transaction.atomic
def value_set(
    *,
    local_government: LocalGovernment,
    indicator: TBLIndicator,
    year: int,
    value: float,
    unit: str | None = None,
    note: str = "",
) -> TBLValue:
    """The member's value of `indicator` for `year` (added or replaced), given in
    `unit` (the indicator's own when blank) and kept in the indicator's unit."""
    _usable_indicator(local_government, indicator)
    _typed(indicator)
    year = _year(year, "year")
    number = _in_indicator_unit(indicator, _number(value, "value"), unit, "value")
    note = _text(note, "note", COMMENT_LENGTH)
    found, _created = TBLValue.objects.update_or_create(
        local_government=local_government,
        indicator=indicator,
        year=year,
        defaults={"value": number, "note": note},
    )
    return found


@transaction.atomic
def target_set(
    *,
    local_government: LocalGovernment,
    indicator: TBLIndicator,
    target_year: int,
    value: float,
    unit: str | None = None,
) -> TBLTarget:
    """The member's target for `indicator` (added or replaced)."""
    _usable_indicator(local_government, indicator)
    target_year = _year(target_year, "target_year")
    number = _in_indicator_unit(indicator, _number(value, "value"), unit, "value")
    found, _created = TBLTarget.objects.update_or_create(
        local_government=local_government,
        indicator=indicator,
        defaults={"target_year": target_year, "value": number},
    )
    return found


# --- reports ---------------------------------------------------------------


@transaction.atomic
def report_save(
    *,
    local_government: LocalGovernment,
    year: int,
    sections: dict[str, str],
    indicators: list[TBLIndicator],
) -> TBLReport:
    """The member's report of `year`, created or its narrative and indicators
    replaced. A published report stays published, so its required sections
    may not be emptied."""
    year = _year(year, "year")
    names = {name for name, _required in SECTIONS}
    unknown = set(sections) - names
    if unknown:
        raise ValidationError(
            _("Unknown sections: %(names)s.") % {"names": ", ".join(sorted(unknown))}
        )
    errors: dict[str, list[str]] = {}
    for name, text in sections.items():
        try:
            _text(text, name, DESCRIPTION_LENGTH)
        except ValidationError as error:
            errors.update(error.message_dict)
    for indicator in indicators:
        try:
            _usable_indicator(local_government, indicator)
        except ValidationError as error:
            errors.setdefault("indicators", []).extend(error.message_dict["indicator"])
    if errors:
        raise ValidationError(errors)
    report, _created = TBLReport.objects.get_or_create(local_government=local_government, year=year)
    for name, text in sections.items():
        setattr(report, name, text or "")
    if report.is_published:
        _check_required(report)
    report.save()
    report.indicators.set(indicators)
    return report


def _check_required(report: TBLReport) -> None:
    empty = report.empty_required_sections()
    if empty:
        raise ValidationError(
            _("A published report needs every required section; these are empty: %(names)s.")
            % {"names": ", ".join(section_label(name) for name in empty)},
            code="empty_sections",
        )


@transaction.atomic
def report_publish(*, report: TBLReport, user) -> TBLReport:
    """Publish the report: by an editor of the member (or an office covering it),
    once every required section is written."""
    report = TBLReport.objects.select_for_update().get(pk=report.pk)
    if not can_edit_tbl(user, report.local_government):
        raise PermissionError("only the member's editors publish its TBL report")
    _check_required(report)
    if not report.is_published:
        report.status = TBLReport.Status.PUBLISHED
        report.published_at = timezone.now()
        report.published_by = user
        report.save()
    return report


@transaction.atomic
def report_withdraw(*, report: TBLReport, user) -> TBLReport:
    """Take a published report back to draft."""
    report = TBLReport.objects.select_for_update().get(pk=report.pk)
    if not can_edit_tbl(user, report.local_government):
        raise PermissionError("only the member's editors withdraw its TBL report")
    report.status = TBLReport.Status.DRAFT
    report.published_at = None
    report.published_by = None
    report.save()
    return report


# --- reading values --------------------------------------------------------


@dataclass(frozen=True)
class Reading:
    year: int
    value: float
    link: str = ""  # where a value read from the platform comes from
    label: str = ""


@dataclass
class IndicatorTable:
    """An indicator as a report shows it: values over the years, trend, target."""

    indicator: TBLIndicator
    readings: list[Reading]
    note: str = ""  # why there are no values, when there are none
    target: TBLTarget | None = None
    trend: method.Trend | None = None
    progress: method.TargetProgress | None = None
    chart: str = field(default="", repr=False)

    @property
    def by_year(self) -> dict[int, Reading]:
        return {reading.year: reading for reading in self.readings}


def readings_of(
    local_government: LocalGovernment, indicator: TBLIndicator, years: range
) -> tuple[list[Reading], str]:
    """The member's values of `indicator` in `years` and, when it has none, why:
    typed values, or the platform source's figures with their links (a source
    not registered here gives no value and says so)."""
    if not indicator.source_key:
        values = TBLValue.objects.filter(
            local_government=local_government,
            indicator=indicator,
            year__gte=years.start,
            year__lt=years.stop,
        ).order_by("year")
        readings = [Reading(value.year, value.value) for value in values]
        return readings, "" if readings else _("No value entered.")
    try:
        source = sources.source(indicator.source_key)
    except KeyError:
        return [], _(
            "No value: the platform source '%(key)s' is not available on this platform."
        ) % {"key": indicator.source_key}
    try:
        factor = _factor(source.unit, indicator.unit)
    except UnitError:
        return [], _(
            "No value: the platform source '%(key)s' gives %(dimension)s, not the indicator's unit."
        ) % {"key": indicator.source_key, "dimension": unit_dimension(source.unit)}
    readings = []
    for year in years:
        found = source.read(local_government, year)
        if found is not None and math.isfinite(found.value):
            readings.append(Reading(year, found.value * factor, found.link, found.label))
    if readings:
        return readings, ""
    return [], _("No value: %(source)s has no figure for these years.") % {"source": source.name}


def indicator_table(
    local_government: LocalGovernment,
    indicator: TBLIndicator,
    year: int,
    *,
    targets: dict[int, TBLTarget] | None = None,
    chart: bool = True,
) -> IndicatorTable:
    years = range(year - YEARS_SHOWN + 1, year + 1)
    readings, note = readings_of(local_government, indicator, years)
    if targets is None:
        targets = {
            target.indicator_id: target
            for target in TBLTarget.objects.filter(
                local_government=local_government, indicator=indicator
            )
        }
    target = targets.get(indicator.pk)
    points = [(reading.year, reading.value) for reading in readings]
    table = IndicatorTable(indicator, readings, note, target)
    table.trend = method.trend(points, indicator.direction)
    if target is not None:
        table.progress = method.target_progress(
            points,
            target_year=target.target_year,
            target=target.value,
            direction=indicator.direction,
        )
    if chart and readings:
        series = [Series(_("Value"), points)]
        if target is not None:
            series.append(Series(_("Target"), [(target.target_year, target.value)], "markers"))
        table.chart = line_chart(
            series,
            title=indicator.name,
            description=_("%(name)s in %(unit)s, %(first)s–%(last)s")
            % {
                "name": indicator.name,
                "unit": indicator.unit,
                "first": points[0][0],
                "last": points[-1][0],
            },
            unit=indicator.unit,
            chart_id=f"tbl-{indicator.code}",
        )
    return table


@dataclass
class DimensionTables:
    dimension: str
    label: str
    narrative: str
    tables: list[IndicatorTable]


def report_tables(report: TBLReport, *, charts: bool = True) -> list[DimensionTables]:
    """The report's indicators by dimension (environmental, social, economic),
    each with its values over the years, trend, target and chart."""
    lg = report.local_government
    targets = {t.indicator_id: t for t in TBLTarget.objects.filter(local_government=lg)}
    chosen = list(report.indicators.order_by("code"))
    return [
        DimensionTables(
            value,
            str(label),
            getattr(report, value),
            [
                indicator_table(lg, indicator, report.year, targets=targets, chart=charts)
                for indicator in chosen
                if indicator.dimension == value
            ],
        )
        for value, label in Dimension.choices
    ]


# --- the network -----------------------------------------------------------


@dataclass(frozen=True)
class NetworkSummary:
    reports_by_year: list[tuple[int, list[TBLReport]]]  # newest year first
    most_used: list[tuple[TBLIndicator, int]]  # by published reports using it, most first
    total_reports: int


def network_summary(reports) -> NetworkSummary:
    """Which members report TBL (the published `reports` by year) and the
    indicators most used (how many of those reports show each)."""
    published = list(
        reports.published()
        .filter(local_government__is_published=True)
        .select_related("local_government__country")
        .order_by("-year", "local_government__name")
    )
    by_year: dict[int, list[TBLReport]] = {}
    for report in published:
        by_year.setdefault(report.year, []).append(report)
    uses = Counter(
        TBLReport.indicators.through.objects.filter(
            tblreport__in=[report.pk for report in published]
        ).values_list("tblindicator", flat=True)
    )
    indicators = TBLIndicator.objects.in_bulk(list(uses))
    most_used = sorted(
        ((indicators[pk], count) for pk, count in uses.items()),
        key=lambda pair: (-pair[1], pair[0].code),
    )
    return NetworkSummary(list(by_year.items()), most_used, len(published))


def report_language(local_government: LocalGovernment) -> str:
    """The member's language for its report: the first of its working languages
    the platform speaks, else English."""
    from django.conf import settings

    spoken = {code for code, _name in settings.LANGUAGES}
    for code in local_government.languages or []:
        if code in spoken:
            return code
    return "en"


def report_figures(year: int) -> dict:
    """The network report's TBL section: the published reports of `year` and the
    five indicators they use most."""
    summary = network_summary(TBLReport.objects.filter(year=year))
    return {"year": year, "reports": summary.total_reports, "most_used": summary.most_used[:5]}
