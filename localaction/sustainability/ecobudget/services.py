"""The ecoBUDGET cycle: every change to a budget goes through these functions.

Pages, the API, file imports, the admin's actions and the demo call them, so
the rules hold at every door. Each is atomic and refuses bad input with a
ValidationError naming the field (or the indicator's code), writing nothing:

    budget = budget_create(local_government=lg, year=2024)
    budget_set_line(budget=budget, indicator=ghg, target=Value(5.2, "t / person"), ...)
    budget_adopt(budget=budget, adopted_on=date(2024, 2, 1), decision="Council 2024/17")
    balance_enter(budget=budget, actuals={"water_per_person": Value(118)})
    balance_adopt(budget=budget, adopted_on=date(2025, 3, 1), decision="Council 2025/9")
    budget_next_year(budget=budget)  # 2025's draft, previous-year values from 2024's actuals
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from localaction.campaigns.models import Action
from localaction.core import ecobudget as method
from localaction.core.ecobudget import Value
from localaction.core.quantities import COMMENT_LENGTH, DESCRIPTION_LENGTH, INDICATOR_VALUE, YEAR
from localaction.network.models import LocalGovernment
from localaction.sustainability import sources
from localaction.sustainability.ecobudget.models import (
    DECISION_LENGTH,
    EcoBudget,
    EcoBudgetLine,
    EcoIndicator,
    EcoInterimValue,
    EcoMeasure,
    EcoMidYearReport,
)
from localaction.validators import InDates, bound_message, check_text_length

Status = EcoBudget.Status


# --- checks ------------------------------------------------------------------


def _refused(field: str, message: str, code: str) -> ValidationError:
    """A refusal of one field's value, with a code that says why (a file import
    uses it to point at the right column)."""
    return ValidationError({field: ValidationError(message, code=code)})


def _number(value: float | None, field: str) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not INDICATOR_VALUE.accepts(value):
        raise _refused(field, bound_message(INDICATOR_VALUE), "out_of_bounds")
    return float(value)


def in_indicator_unit(value: Value | None, indicator: EcoIndicator, field: str) -> float | None:
    """`value` in the indicator's unit; ValidationError (on `field`) when it is not
    a finite number within bounds or its unit is of another dimension."""
    if value is None:
        return None
    amount = value.amount
    if isinstance(amount, bool) or not isinstance(amount, int | float) or not math.isfinite(amount):
        raise _refused(field, bound_message(INDICATOR_VALUE), "out_of_bounds")
    _number(amount, field)
    try:
        converted = method.in_unit(value, indicator.unit, what=field)
    except method.BudgetError:
        raise _refused(
            field,
            _("'%(unit)s' is not a unit of %(indicator)s, which is counted in '%(expected)s'.")
            % {"unit": value.unit, "indicator": indicator.code, "expected": indicator.unit},
            "wrong_dimension",
        ) from None
    return _number(converted, field)


def _text(value: str, field: str, limit: int) -> str:
    try:
        check_text_length(value, limit)
    except ValidationError as error:
        raise ValidationError({field: error.messages}) from None
    return value


def _adoption_date(value: date | None, field: str) -> date:
    if value is None:
        raise ValidationError({field: _("Enter the date of the council's decision.")})
    try:
        InDates("ADOPTION", until_today=True)(value)
    except ValidationError as error:
        raise ValidationError({field: error.messages}) from None
    return value


def _year(year: int) -> int:
    if isinstance(year, bool) or not isinstance(year, int) or not YEAR.accepts(year):
        raise ValidationError({"year": bound_message(YEAR)})
    return year


def _document(document, field: str):
    if not document:
        return document
    from localaction.validators import DOCUMENT_VALIDATORS

    try:
        for validator in DOCUMENT_VALIDATORS:
            validator(document)
    except ValidationError as error:
        raise ValidationError({field: error.messages}) from None
    return document


def _locked(budget: EcoBudget) -> EcoBudget:
    """The budget as the database holds it now, locked for this transaction."""
    return (
        EcoBudget.objects.select_for_update().select_related("local_government").get(pk=budget.pk)
    )


def _line_of(budget: EcoBudget, code: str, field: str = "indicator") -> EcoBudgetLine:
    line = budget.lines.select_related("indicator").filter(indicator__code=code).first()
    if line is None:
        raise _refused(
            field,
            _("The indicator %(code)s is not in the budget of %(year)s.")
            % {"code": code, "year": budget.year},
            "not_in_budget",
        )
    return line


# --- preparation ---------------------------------------------------------------


@transaction.atomic
def budget_create(*, local_government: LocalGovernment, year: int, notes: str = "") -> EcoBudget:
    """A draft budget of the member for `year`; one a year."""
    _year(year)
    _text(notes, "notes", DESCRIPTION_LENGTH)
    if EcoBudget.objects.filter(local_government=local_government, year=year).exists():
        raise ValidationError(
            {
                "year": _("%(member)s already has a budget for %(year)s.")
                % {"member": local_government.name, "year": year}
            },
            code="duplicate",
        )
    return EcoBudget.objects.create(local_government=local_government, year=year, notes=notes)


@transaction.atomic
def budget_set_line(
    *,
    budget: EcoBudget,
    indicator: EcoIndicator,
    target: Value | None = None,
    reference: Value | None = None,
    reference_year: int | None = None,
    previous: Value | None = None,
    long_term_target: Value | None = None,
    long_term_year: int | None = None,
    comment: str = "",
) -> EcoBudgetLine:
    """Add an indicator to a draft budget, or change its values; each value in
    any unit of the indicator's dimension (converted to the indicator's unit)."""
    budget = _locked(budget)
    if budget.status != Status.DRAFT:
        raise ValidationError(
            _("The budget of %(year)s is adopted; its master budget no longer changes.")
            % {"year": budget.year},
            code="adopted",
        )
    if indicator.local_government_id not in (None, budget.local_government_id):
        raise ValidationError(
            {
                "indicator": _("The indicator %(code)s belongs to another member.")
                % {"code": indicator.code}
            }
        )
    for field, year in (("reference_year", reference_year), ("long_term_year", long_term_year)):
        if year is not None and not YEAR.accepts(year):
            raise ValidationError({field: bound_message(YEAR)})
    values = {
        "target": in_indicator_unit(target, indicator, "target"),
        "reference_value": in_indicator_unit(reference, indicator, "reference_value"),
        "previous_value": in_indicator_unit(previous, indicator, "previous_value"),
        "long_term_target": in_indicator_unit(long_term_target, indicator, "long_term_target"),
        "reference_year": reference_year,
        "long_term_year": long_term_year,
        "comment": _text(comment, "comment", COMMENT_LENGTH),
    }
    line, created = EcoBudgetLine.objects.get_or_create(
        budget=budget,
        indicator=indicator,
        defaults={**values, "order": budget.lines.count()},
    )
    if not created:
        for name, value in values.items():
            setattr(line, name, value)
        line.save()
    return line


@transaction.atomic
def budget_set_targets(*, budget: EcoBudget, targets: Mapping[str, Value | None]) -> EcoBudget:
    """The short-term targets of a draft budget's indicators, by code (as a new
    year started from the balance needs them)."""
    budget = _locked(budget)
    if budget.status != Status.DRAFT:
        raise ValidationError(
            _("The budget of %(year)s is adopted; its master budget no longer changes.")
            % {"year": budget.year},
            code="adopted",
        )
    lines = {line.indicator.code: line for line in budget.lines.select_related("indicator")}
    for code, value in targets.items():
        if code not in lines:
            _line_of(budget, code, field=code)  # raises, naming the indicator
        lines[code].target = in_indicator_unit(value, lines[code].indicator, code)
    EcoBudgetLine.objects.bulk_update([lines[code] for code in targets], ["target"])
    return budget


@transaction.atomic
def budget_remove_line(*, budget: EcoBudget, indicator: EcoIndicator) -> None:
    budget = _locked(budget)
    if budget.status != Status.DRAFT:
        raise ValidationError(_("Only a draft budget loses indicators."), code="adopted")
    _line_of(budget, indicator.code).delete()


@transaction.atomic
def budget_adopt(
    *, budget: EcoBudget, adopted_on: date | None, decision: str, document=None
) -> EcoBudget:
    """The council's first ratification: the master budget, every indicator with
    its target, becomes binding. A budget is adopted once."""
    budget = _locked(budget)
    if budget.status != Status.DRAFT:
        raise ValidationError(
            _("The council already adopted the budget of %(year)s on %(date)s.")
            % {"year": budget.year, "date": budget.adopted_on},
            code="already_adopted",
        )
    _adoption_date(adopted_on, "adopted_on")
    if not decision.strip():
        raise ValidationError({"decision": _("Name the council's decision.")})
    _text(decision, "decision", DECISION_LENGTH)
    lines = list(budget.lines.select_related("indicator"))
    if not lines:
        raise ValidationError(_("A budget needs at least one indicator to be adopted."))
    without = [line.indicator.code for line in lines if line.target is None]
    if without:
        raise ValidationError(
            _("Every indicator needs a target before adoption; missing: %(codes)s.")
            % {"codes": ", ".join(without)},
            code="no_target",
        )
    budget.adopted_on = adopted_on
    budget.decision = decision.strip()
    if document:
        budget.document = _document(document, "document")
    budget.status = Status.ADOPTED
    budget.save()
    return budget


# --- implementation --------------------------------------------------------------


@transaction.atomic
def measure_link(*, line: EcoBudgetLine, action: Action) -> EcoMeasure:
    """An action of the member's serves an indicator of its budget."""
    if action.local_government_id != line.budget.local_government_id:
        raise ValidationError({"action": _("The action belongs to another member.")})
    measure, _created = EcoMeasure.objects.get_or_create(line=line, action=action)
    return measure


@transaction.atomic
def mid_year_report_add(
    *, budget: EcoBudget, reported_on: date, text: str, values: Mapping[str, Value]
) -> EcoMidYearReport:
    """A report on the year so far, with interim values by indicator code."""
    budget = _locked(budget)
    if budget.status not in (Status.ADOPTED, Status.BALANCE):
        raise ValidationError(
            _("Mid-year reports follow an adopted budget whose balance is still open."),
            code="not_adopted",
        )
    try:
        InDates("DATE")(reported_on)
    except ValidationError as error:
        raise ValidationError({"reported_on": error.messages}) from None
    if not text.strip():
        raise ValidationError({"text": _("Write the report.")})
    _text(text, "text", DESCRIPTION_LENGTH)
    interim = []
    for code, value in values.items():
        line = _line_of(budget, code, field=code)
        interim.append((line, in_indicator_unit(value, line.indicator, code)))
    report = EcoMidYearReport.objects.create(budget=budget, reported_on=reported_on, text=text)
    EcoInterimValue.objects.bulk_create(
        EcoInterimValue(report=report, line=line, value=value) for line, value in interim
    )
    return report


# --- the balance -------------------------------------------------------------------


def check_balance_open(budget: EcoBudget) -> None:
    if budget.status == Status.DRAFT:
        raise ValidationError(
            _(
                "The council has not adopted the budget of %(year)s: a balance follows "
                "an adopted budget."
            )
            % {"year": budget.year},
            code="not_adopted",
        )
    if budget.status == Status.BALANCE_ADOPTED:
        raise ValidationError(
            _("The council already adopted the balance of %(year)s on %(date)s.")
            % {"year": budget.year, "date": budget.balance_adopted_on},
            code="balance_adopted",
        )


def _read_sources(budget: EcoBudget) -> None:
    """Actual values of indicators the platform keeps elsewhere, read from there."""
    for line in budget.lines.select_related("indicator").exclude(indicator__source=""):
        found = None
        try:
            found = sources.value_of(line.indicator.source, budget.local_government, budget.year)
        except KeyError:
            found = None
        if found is None:
            line.actual, line.actual_link, line.actual_label = None, "", ""
        else:
            source = sources.source(line.indicator.source)
            line.actual = in_indicator_unit(
                Value(found.value, source.unit), line.indicator, line.indicator.code
            )
            line.actual_link, line.actual_label = found.link, found.label[:200]
        line.save(update_fields=["actual", "actual_link", "actual_label"])


@transaction.atomic
def balance_enter(
    *,
    budget: EcoBudget,
    actuals: Mapping[str, Value | None],
    comments: Mapping[str, str] | None = None,
) -> EcoBudget:
    """Actual values by indicator code (None clears one), for a budget the council
    adopted and whose balance it has not. Indicators fed by a platform source
    are read from it, never typed."""
    budget = _locked(budget)
    check_balance_open(budget)
    lines = {line.indicator.code: line for line in budget.lines.select_related("indicator")}

    def line_of(code: str) -> EcoBudgetLine:
        if code not in lines:
            _line_of(budget, code, field=code)  # raises, naming the indicator
        return lines[code]

    updates: dict[str, EcoBudgetLine] = {}
    for code, value in actuals.items():
        line = line_of(code)
        if line.is_sourced and value is not None:
            raise _refused(
                code,
                _("The actual value of %(code)s is read from the platform, not typed.")
                % {"code": code},
                "sourced",
            )
        if not line.is_sourced:
            line.actual = in_indicator_unit(value, line.indicator, code)
        updates[code] = line
    for code, comment in (comments or {}).items():
        line = line_of(code)
        line.comment = _text(comment, code, COMMENT_LENGTH)
        updates[code] = line
    EcoBudgetLine.objects.bulk_update(updates.values(), ["actual", "comment"])
    _read_sources(budget)
    budget.status = Status.BALANCE
    budget.save(update_fields=["status", "updated_at"])
    return budget


@transaction.atomic
def balance_adopt(
    *, budget: EcoBudget, adopted_on: date | None, decision: str, document=None
) -> EcoBudget:
    """The council's second ratification: the balance, every indicator with its
    actual value, is final. A balance is adopted once."""
    budget = _locked(budget)
    check_balance_open(budget)
    _adoption_date(adopted_on, "balance_adopted_on")
    if budget.adopted_on and adopted_on < budget.adopted_on:  # type: ignore[operator]
        raise ValidationError(
            {"balance_adopted_on": _("The balance cannot be adopted before the budget was.")}
        )
    if not decision.strip():
        raise ValidationError({"balance_decision": _("Name the council's decision.")})
    _text(decision, "balance_decision", DECISION_LENGTH)
    _read_sources(budget)
    without = list(
        budget.lines.filter(actual__isnull=True).values_list("indicator__code", flat=True)
    )
    if without:
        raise ValidationError(
            _(
                "Every indicator needs its actual value before the balance is adopted; "
                "missing: %(codes)s."
            )
            % {"codes": ", ".join(without)},
            code="no_actual",
        )
    budget.balance_adopted_on = adopted_on
    budget.balance_decision = decision.strip()
    if document:
        budget.balance_document = _document(document, "balance_document")
    budget.status = Status.BALANCE_ADOPTED
    budget.save()
    return budget


@transaction.atomic
def budget_next_year(*, budget: EcoBudget) -> EcoBudget:
    """The next year's draft, starting from the adopted balance: the same
    indicators, reference and long-term targets, and the previous year's value
    from this year's actual. Targets are left for the member to set."""
    budget = _locked(budget)
    if budget.status != Status.BALANCE_ADOPTED:
        raise ValidationError(
            _("The next budget starts from an adopted balance; the balance of %(year)s is not.")
            % {"year": budget.year},
            code="balance_not_adopted",
        )
    following = budget_create(local_government=budget.local_government, year=budget.year + 1)
    EcoBudgetLine.objects.bulk_create(
        EcoBudgetLine(
            budget=following,
            indicator_id=line.indicator_id,
            reference_value=line.reference_value,
            reference_year=line.reference_year,
            previous_value=line.actual,
            long_term_target=line.long_term_target,
            long_term_year=line.long_term_year,
            order=line.order,
        )
        for line in budget.lines.all()
    )
    return following


# --- the statement ---------------------------------------------------------------------


@dataclass(frozen=True)
class StatementLine:
    line: EcoBudgetLine
    figures: method.LineBalance


@dataclass(frozen=True)
class Statement:
    """The classic ecoBUDGET statement: every line with its figures (actuals
    only when `with_actuals`), and the totals per resource."""

    budget: EcoBudget
    lines: tuple[StatementLine, ...]
    balance: method.Balance
    with_actuals: bool


def statement(budget: EcoBudget, *, with_actuals: bool = True) -> Statement:
    lines = list(
        budget.lines.select_related("indicator__resource").order_by(
            "indicator__resource__order", "order", "pk"
        )
    )

    def value(amount: float | None) -> Value | None:
        return None if amount is None else Value(amount)

    core_lines = [
        method.Line(
            method.Indicator(
                line.indicator.code,
                line.indicator.name,
                line.indicator.unit,
                line.indicator.direction,  # type: ignore[arg-type]
                line.indicator.resource.name,
            ),
            target=value(line.target),
            actual=value(line.actual) if with_actuals else None,
            reference=value(line.reference_value),
            previous=value(line.previous_value),
            long_term_target=value(line.long_term_target),
        )
        for line in lines
    ]
    computed = method.balance(core_lines)
    return Statement(
        budget=budget,
        lines=tuple(
            StatementLine(line, one) for line, one in zip(lines, computed.lines, strict=True)
        ),
        balance=computed,
        with_actuals=with_actuals,
    )
