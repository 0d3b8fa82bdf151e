"""The bounds of `localaction.core.quantities` as Django and DRF check them.

Model fields name their bound with `InBounds("AMOUNT")` or
`InDates("ADOPTION", until_today=True)`, so model forms, `full_clean` and
the API's model serializers refuse the same values; hand-written forms and
serializers use the same validators, and `NumberField` for the API.
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext
from rest_framework import serializers

from localaction.core import quantities
from localaction.core.quantities import Bound, DateBound, number_text


def bound_message(bound: Bound) -> str:
    """What the bound accepts, as a user's message in their language."""
    values = {
        "minimum": number_text(bound.minimum),
        "maximum": number_text(bound.maximum),
        "unit": f" {bound.unit}" if bound.unit else "",
    }
    if bound.positive:
        return gettext("Enter a finite number above 0 and at most %(maximum)s%(unit)s.") % values
    return gettext("Enter a finite number from %(minimum)s to %(maximum)s%(unit)s.") % values


@deconstructible
class InBounds:
    """A number within the bound named `name` in core.quantities (e.g. "AMOUNT")."""

    def __init__(self, name: str) -> None:
        self.name = name

    @property
    def bound(self) -> Bound:
        return getattr(quantities, self.name)

    def __call__(self, value: object) -> None:
        if value is not None and not self.bound.accepts(value):
            raise ValidationError(bound_message(self.bound), code="out_of_bounds")

    def __eq__(self, other: object) -> bool:
        return isinstance(other, InBounds) and other.name == self.name

    def __hash__(self) -> int:
        return hash(self.name)


@deconstructible
class InDates:
    """A date within the bound named `name` in core.quantities; not after today
    when `until_today` (what a council adopted has happened)."""

    def __init__(self, name: str, *, until_today: bool = False) -> None:
        self.name = name
        self.until_today = until_today

    @property
    def bound(self) -> DateBound:
        return getattr(quantities, self.name)

    def last(self) -> date:
        bound = self.bound
        return min(bound.last, timezone.localdate()) if self.until_today else bound.last

    def __call__(self, value: date | None) -> None:
        if value is None:
            return
        bound, last = self.bound, self.last()
        if self.until_today and last < value <= bound.last:
            raise ValidationError(
                gettext("This cannot be dated in the future (after %(last)s).")
                % {"last": last.isoformat()},
                code="future",
            )
        if not bound.first <= value <= last:
            raise ValidationError(
                gettext("Enter a date from %(first)s to %(last)s.")
                % {"first": bound.first.isoformat(), "last": last.isoformat()},
                code="out_of_bounds",
            )

    def __eq__(self, other: object) -> bool:
        return isinstance(other, InDates) and (other.name, other.until_today) == (
            self.name,
            self.until_today,
        )

    def __hash__(self) -> int:
        return hash((self.name, self.until_today))


def check_text_length(value: str | None, limit: int) -> None:
    """ValidationError when `value` is longer than `limit` characters."""
    if value and len(value) > limit:
        raise ValidationError(
            gettext("Write at most %(limit)s characters (this has %(length)s).")
            % {"limit": f"{limit:,}", "length": f"{len(value):,}"},
            code="max_length",
        )


class NumberField(serializers.FloatField):
    """A JSON number: true and false are refused (Python would take them as 1
    and 0), as are NaN and infinities; `bound`, if given, names the bound of
    core.quantities that holds it (e.g. "EMISSION_FACTOR")."""

    def __init__(self, *, bound: str | None = None, **kwargs) -> None:
        super().__init__(**kwargs)
        if bound is not None:
            self.validators.append(InBounds(bound))

    def to_internal_value(self, data):
        if isinstance(data, bool):
            self.fail("invalid")
        return super().to_internal_value(data)


# Documents people upload (council resolutions, evidence, agenda papers):
# office formats and scans, nothing executable, up to 10 MB.
DOCUMENT_EXTENSIONS = ["pdf", "doc", "docx", "odt", "xls", "xlsx", "ods", "png", "jpg", "jpeg"]
DOCUMENT_MAX_BYTES = 10 * 1024 * 1024


def validate_document_size(document) -> None:
    if document.size > DOCUMENT_MAX_BYTES:
        raise ValidationError(
            gettext("The file is %(size)s; files up to %(limit)s are accepted.")
            % {"size": filesizeformat(document.size), "limit": filesizeformat(DOCUMENT_MAX_BYTES)},
            code="too_large",
        )


DOCUMENT_VALIDATORS = [FileExtensionValidator(DOCUMENT_EXTENSIONS), validate_document_size]
