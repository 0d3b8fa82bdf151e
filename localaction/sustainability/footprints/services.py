"""Writing footprints and their reference values: every page, file import, API
call, admin action and the demo goes through these functions, so the same
rules hold everywhere and a refused request writes nothing.

Errors are ValidationErrors keyed by what is at fault, with the names the
forms, files and API use: `total`, `unit`, `year`, `round`, `population`,
`by_category` / `by_land_type` (a breakdown that does not add up),
`category_<key>` / `land_<key>` (one figure), `factor_<key>` /
`evidence_<key>` (an estimate's factor and its evidence).
"""

from __future__ import annotations

from collections.abc import Mapping

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import URLValidator
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from localaction.core import footprint as method
from localaction.core.footprint import FootprintError
from localaction.core.quantities import COMMENT_LENGTH, YEAR
from localaction.network.models import Country, LocalGovernment
from localaction.sustainability.footprints import permissions
from localaction.sustainability.footprints.models import (
    Biocapacity,
    CongressRound,
    Footprint,
    NationalFootprint,
)
from localaction.validators import check_text_length

PARTS_IN_FIGURES = "figures"
PARTS_IN_PERCENT = "percent"

_BREAKDOWNS = (
    ("by_category", "category_", method.CATEGORIES, "consumption category"),
    ("by_land_type", "land_", method.LAND_TYPES, "land type"),
)


def _invalid(field: str, message: str) -> ValidationError:
    return ValidationError({field: [message]})


def _figure_error(error: FootprintError, *, prefix: str, kinds, whole: str) -> ValidationError:
    """A core error as a ValidationError on the field it is about."""
    if error.about in kinds:
        return _invalid(f"{prefix}{error.about}", str(error))
    return _invalid(whole, str(error))


def _check_year(round: CongressRound, year: int) -> None:
    if not YEAR.accepts(year):
        raise _invalid("year", _("Enter a year from 1900 to 2100."))
    if not round.first_year <= year <= round.last_year:
        raise _invalid(
            "year",
            _(
                "A footprint reported at the %(round)s is of a year from %(first)s to %(last)s, "
                "not %(year)s."
            )
            % {"round": round, "first": round.first_year, "last": round.last_year, "year": year},
        )


def _check_new(local_government: LocalGovernment, round: CongressRound) -> None:
    existing = Footprint.objects.filter(local_government=local_government, round=round).first()
    if existing is not None:
        raise _invalid(
            "round",
            _("%(member)s has already reported a footprint at the %(round)s (of %(year)s).")
            % {"member": local_government.name, "round": round, "year": existing.year},
        )


def _population(local_government: LocalGovernment, population: int | None) -> int:
    people = population if population is not None else local_government.population
    if people is None:
        raise _invalid("population", _("Give the population the footprint is of."))
    try:
        return int(method.checked(method.POPULATION, people, about="population"))
    except FootprintError:
        raise _invalid(
            "population", _("The population must be a whole number above 0 and at most 1e10.")
        ) from None


def _per_unit(unit: str) -> tuple[float, bool]:
    """(multiplier to gha or gha / person, whether per person) for `unit`."""
    try:
        return method.in_gha(1.0, unit), False
    except FootprintError:
        pass
    try:
        return method.in_gha(1.0, unit, per_person=True), True
    except FootprintError:
        raise _invalid(
            "unit",
            _("'%(unit)s' is not a unit of a footprint: use gha (global hectares) or gha / person.")
            % {"unit": unit[:40]},
        ) from None


def _record(footprint: Footprint, *, user) -> Footprint:
    footprint.reported_by = user if getattr(user, "is_authenticated", False) else None
    try:
        with transaction.atomic():
            footprint.save()
    except IntegrityError:
        # Another request reported this member's footprint for the round meanwhile.
        _check_new(footprint.local_government, footprint.round)
        raise
    return footprint


@transaction.atomic
def footprint_report_study(
    *,
    local_government: LocalGovernment,
    round: CongressRound,
    year: int,
    total: float,
    unit: str = "gha",
    by_category: Mapping[str, float] | None = None,
    by_land_type: Mapping[str, float] | None = None,
    parts_in: str = PARTS_IN_FIGURES,
    population: int | None = None,
    method_name: str,
    source: str = "",
    document=None,
    user,
) -> Footprint:
    """Record the results of a member's own footprint study.

    `total` is in `unit` (gha or gha / person, with any prefix: "kgha");
    the breakdowns are in the same unit, or in % of the total when
    `parts_in` is "percent"; each must add up to the total (core.footprint's
    tolerances). A figure per person is multiplied by the population (the
    member's, unless given). Stored in gha.
    """
    if not permissions.can_report_footprint(user, local_government):
        raise PermissionDenied
    _check_new(local_government, round)
    _check_year(round, year)
    people = _population(local_government, population)
    if not method_name or not method_name.strip():
        raise _invalid("method", _("Name the method of the study."))
    check_text_length(method_name, 300)
    check_text_length(source, 300)
    factor, per_person = _per_unit(unit)
    scale = factor * (people if per_person else 1)
    try:
        entered = method.checked(method.PER_PERSON if per_person else method.TOTAL, total, about="")
    except FootprintError as error:
        raise _invalid("total", str(error)) from None
    total_gha = entered * scale
    try:
        method.checked(method.TOTAL, total_gha, about="")
    except FootprintError as error:
        raise _invalid("total", str(error)) from None
    if parts_in not in (PARTS_IN_FIGURES, PARTS_IN_PERCENT):
        raise _invalid("parts_in", _("Give the parts as figures or in percent."))
    breakdowns: dict[str, dict[str, float]] = {}
    for (field, prefix, kinds, what), given in zip(
        _BREAKDOWNS, (by_category or {}, by_land_type or {}), strict=True
    ):
        try:
            if parts_in == PARTS_IN_PERCENT and given:
                breakdowns[field] = method.parts_from_shares(
                    given, total_gha, kinds=kinds, what=what
                )
            else:
                bound = method.PER_PERSON if per_person else method.TOTAL
                method.check_parts(given, entered, kinds=kinds, what=what, bound=bound)
                breakdowns[field] = {key: value * scale for key, value in given.items()}
        except FootprintError as error:
            raise _figure_error(error, prefix=prefix, kinds=kinds, whole=field) from None
    return _record(
        Footprint(
            local_government=local_government,
            round=round,
            kind=Footprint.Kind.STUDY,
            year=year,
            population=people,
            total=total_gha,
            method=method_name.strip(),
            source=source.strip(),
            document=document or "",
            **breakdowns,
        ),
        user=user,
    )


def national_reference(country: Country, year: int) -> NationalFootprint | None:
    """The country's national footprint of the latest year up to `year`."""
    return (
        NationalFootprint.objects.filter(country=country, year__lte=year).order_by("-year").first()
    )


@transaction.atomic
def footprint_report_estimate(
    *,
    local_government: LocalGovernment,
    round: CongressRound,
    year: int,
    factors: Mapping[str, float],
    evidence: Mapping[str, str],
    population: int | None = None,
    user,
) -> Footprint:
    """Estimate a member's footprint top-down and record it with what it used.

    The national reference is the country's latest of a year up to `year`;
    each category's figure per person is scaled by the member's factor
    (1 where none is given) and the population (the member's, unless given).
    A factor other than 1 needs its evidence: what shows the member consumes
    more or less than the national average.
    """
    if not permissions.can_report_footprint(user, local_government):
        raise PermissionDenied
    _check_new(local_government, round)
    _check_year(round, year)
    people = _population(local_government, population)
    reference = national_reference(local_government.country, year)
    if reference is None:
        raise _invalid(
            "year",
            _("There is no national footprint of %(country)s up to %(year)s to estimate from.")
            % {"country": local_government.country.name, "year": year},
        )
    for category in method.CATEGORIES:
        text = (evidence.get(category) or "").strip()
        check_text_length(text, COMMENT_LENGTH)
        factor = factors.get(category, 1.0)
        if factor != 1.0 and not text:
            raise _invalid(
                f"evidence_{category}",
                _("Give the evidence for an adjustment factor other than 1."),
            )
    try:
        result = method.estimate(reference.by_category, factors, people)
    except FootprintError as error:
        about = (error.about or "").removeprefix("factor:")
        field = f"factor_{about}" if about in method.CATEGORIES else "factors"
        raise _invalid(field, str(error)) from None
    return _record(
        Footprint(
            local_government=local_government,
            round=round,
            kind=Footprint.Kind.ESTIMATE,
            year=year,
            population=people,
            total=result.total,
            by_category=result.by_category,
            reference=reference,
            reference_values={
                "country": reference.country_id,
                "year": reference.year,
                "by_category": dict(reference.by_category),
                "per_person": reference.per_person,
                "source": reference.source,
                "licence": reference.licence,
                "is_illustrative": reference.is_illustrative,
            },
            factors={key: float(factors.get(key, 1.0)) for key in method.CATEGORIES},
            evidence={key: (evidence.get(key) or "").strip() for key in method.CATEGORIES},
        ),
        user=user,
    )


@transaction.atomic
def footprint_verify(*, footprint: Footprint, user) -> Footprint:
    """The covering office (or the secretariat) verifies a reported footprint."""
    footprint = Footprint.objects.select_for_update().get(pk=footprint.pk)
    if footprint.is_verified:
        raise ValidationError(_("This footprint is verified already."))
    if not permissions.can_verify_footprint(user, footprint):
        raise PermissionDenied
    footprint.status = Footprint.Status.VERIFIED
    footprint.verified_by = user
    footprint.verified_at = timezone.now()
    footprint.save(update_fields=["status", "verified_by", "verified_at"])
    return footprint


@transaction.atomic
def footprint_withdraw(*, footprint: Footprint, user) -> None:
    """The member withdraws a footprint not yet verified (to report it anew)."""
    footprint = Footprint.objects.select_for_update().get(pk=footprint.pk)
    if footprint.is_verified:
        raise ValidationError(_("A verified footprint cannot be withdrawn."))
    if not permissions.can_report_footprint(user, footprint.local_government):
        raise PermissionDenied
    footprint.delete()


# Reference values: the secretariat's.


def _require_secretariat(user) -> None:
    if not permissions.can_edit_references(user):
        raise PermissionDenied


def _check_url(url: str) -> None:
    if not url:
        return
    try:
        URLValidator(schemes=["http", "https"])(url)
    except ValidationError:
        raise _invalid("source_url", _("Enter a web address (https://…).")) from None


@transaction.atomic
def national_footprint_save(
    *,
    country: Country,
    year: int,
    by_category: Mapping[str, float],
    by_land_type: Mapping[str, float] | None = None,
    source: str,
    source_url: str = "",
    licence: str = "",
    is_illustrative: bool = False,
    user,
) -> NationalFootprint:
    """Add or correct (by country and year) a national footprint per person.

    Every category is needed (the estimate scales each); land types are
    optional, and when all six are given they must add up to the categories'
    total. Footprints already estimated keep the values they used.
    """
    _require_secretariat(user)
    if not YEAR.accepts(year):
        raise _invalid("year", _("Enter a year from 1900 to 2100."))
    if not source or not source.strip():
        raise _invalid("source", _("Name the source of the values."))
    check_text_length(source, 300)
    check_text_length(licence, 200)
    _check_url(source_url)
    missing = [key for key in method.CATEGORIES if key not in by_category]
    if missing:
        raise _invalid(
            f"category_{missing[0]}", _("Give the footprint per person of every category.")
        )
    land = dict(by_land_type or {})
    categories = dict(by_category)
    try:
        for key, value in categories.items():
            method.checked(method.PER_PERSON, value, about=key)
    except FootprintError as error:
        raise _figure_error(
            error, prefix="category_", kinds=method.CATEGORIES, whole="by_category"
        ) from None
    per_person = sum(categories[key] for key in method.CATEGORIES)
    try:
        if all(key in land for key in method.LAND_TYPES):
            method.check_parts(
                land,
                per_person,
                kinds=method.LAND_TYPES,
                what="land type",
                bound=method.PER_PERSON,
            )
        else:
            for key, value in land.items():
                method.checked(method.PER_PERSON, value, about=key)
    except FootprintError as error:
        raise _figure_error(
            error, prefix="land_", kinds=method.LAND_TYPES, whole="by_land_type"
        ) from None
    reference, _created = NationalFootprint.objects.update_or_create(
        country=country,
        year=year,
        defaults={
            "by_category": categories,
            "by_land_type": land,
            "per_person": per_person,
            "source": source.strip(),
            "source_url": source_url,
            "licence": licence.strip(),
            "is_illustrative": is_illustrative,
        },
    )
    return reference


@transaction.atomic
def biocapacity_save(
    *,
    year: int,
    per_person: float,
    source: str,
    source_url: str = "",
    is_illustrative: bool = False,
    user,
) -> Biocapacity:
    """Add or correct (by year) the world's biocapacity per person."""
    _require_secretariat(user)
    if not YEAR.accepts(year):
        raise _invalid("year", _("Enter a year from 1900 to 2100."))
    try:
        method.checked(method.BIOCAPACITY, per_person, about="per_person")
    except FootprintError as error:
        raise _invalid("per_person", str(error)) from None
    if not source or not source.strip():
        raise _invalid("source", _("Name the source of the value."))
    check_text_length(source, 300)
    _check_url(source_url)
    biocapacity, _created = Biocapacity.objects.update_or_create(
        year=year,
        defaults={
            "per_person": per_person,
            "source": source.strip(),
            "source_url": source_url,
            "is_illustrative": is_illustrative,
        },
    )
    return biocapacity


@transaction.atomic
def congress_round_save(
    *, year: int, first_year: int, last_year: int, meeting=None, user
) -> CongressRound:
    """Add or correct (by year) a World Congress round and its reporting window."""
    _require_secretariat(user)
    for field, value in (("year", year), ("first_year", first_year), ("last_year", last_year)):
        if not YEAR.accepts(value):
            raise _invalid(field, _("Enter a year from 1900 to 2100."))
    if first_year > last_year:
        raise _invalid("last_year", _("The window's last year is before its first."))
    if last_year > year:
        raise _invalid("last_year", _("A footprint reported at a Congress is of an earlier year."))
    round, _created = CongressRound.objects.update_or_create(
        year=year, defaults={"first_year": first_year, "last_year": last_year, "meeting": meeting}
    )
    return round
