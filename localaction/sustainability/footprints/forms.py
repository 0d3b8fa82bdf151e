"""Forms of the footprint pages: they parse what people type; the rules are the
services' (services.py), whose errors land on the fields named the same way."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from localaction.background.uploads import ImportFileForm
from localaction.core import footprint as method
from localaction.governance.models import Meeting
from localaction.network.models import Country
from localaction.sustainability.footprints.models import (
    CATEGORY_NAMES,
    LAND_TYPE_NAMES,
    CongressRound,
)
from localaction.sustainability.footprints.services import PARTS_IN_FIGURES, PARTS_IN_PERCENT
from localaction.validators import DOCUMENT_VALIDATORS


def _number(label, *, required: bool = False, **kwargs) -> forms.FloatField:
    return forms.FloatField(
        label=label,
        required=required,
        widget=forms.NumberInput(attrs={"step": "any"}),
        **kwargs,
    )


def add_errors(form: forms.Form, error: ValidationError) -> None:
    """A service's error on the form's fields of the same names (the rest on the form)."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, messages in error.message_dict.items():
        form.add_error(field if field in form.fields else None, messages)


class _Breakdowns:
    """Fields `category_<key>` and `land_<key>`, read back as two dicts."""

    def _add_breakdowns(self, *, categories_required: bool = False, land_types: bool = True):
        for key, name in CATEGORY_NAMES.items():
            self.fields[f"category_{key}"] = _number(name, required=categories_required)
        if land_types:
            for key, name in LAND_TYPE_NAMES.items():
                self.fields[f"land_{key}"] = _number(name)

    def breakdown(self, prefix: str, kinds) -> dict[str, float]:
        return {
            key: self.cleaned_data[f"{prefix}{key}"]
            for key in kinds
            if self.cleaned_data.get(f"{prefix}{key}") is not None
        }

    def category_fields(self):
        return [self[f"category_{key}"] for key in method.CATEGORIES]

    def land_fields(self):
        return [self[f"land_{key}"] for key in method.LAND_TYPES if f"land_{key}" in self.fields]


class _ReportForm(forms.Form):
    round = forms.ModelChoiceField(
        CongressRound.objects.order_by("-year"), label=_("World Congress"), empty_label=None
    )
    year = forms.IntegerField(label=_("Year of the footprint"))
    population = forms.IntegerField(
        label=_("Population"),
        required=False,
        help_text=_("Leave blank for the member's population in the register."),
    )


class StudyForm(_Breakdowns, _ReportForm):
    """The results of the member's own footprint study."""

    method = forms.CharField(
        label=_("Method"),
        max_length=300,
        help_text=_("E.g. Global Footprint Network city footprint, input–output analysis."),
    )
    source = forms.CharField(
        label=_("Source"), max_length=300, required=False, help_text=_("The study's title.")
    )
    document = forms.FileField(
        label=_("Source document"), required=False, validators=DOCUMENT_VALIDATORS
    )
    unit = forms.CharField(
        label=_("Unit"),
        max_length=40,
        initial="gha",
        help_text=_("gha (global hectares, the total) or gha / person."),
    )
    total = _number(_("Footprint"), required=True)
    parts_in = forms.ChoiceField(
        label=_("The parts are given"),
        choices=[
            (PARTS_IN_FIGURES, _("as figures, in the unit above")),
            (PARTS_IN_PERCENT, _("as shares, in percent of the footprint")),
        ],
        initial=PARTS_IN_FIGURES,
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._add_breakdowns()


class EstimateForm(_ReportForm):
    """Adjustment factors per category, each with its evidence."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for key, name in CATEGORY_NAMES.items():
            self.fields[f"factor_{key}"] = _number(
                _("Factor: %(category)s") % {"category": name}, required=True, initial=1.0
            )
            self.fields[f"evidence_{key}"] = forms.CharField(
                label=_("Evidence: %(category)s") % {"category": name},
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    def factors(self) -> dict[str, float]:
        return {key: self.cleaned_data[f"factor_{key}"] for key in method.CATEGORIES}

    def evidence(self) -> dict[str, str]:
        return {key: self.cleaned_data[f"evidence_{key}"] for key in method.CATEGORIES}

    def rows(self):
        return [
            (name, self[f"factor_{key}"], self[f"evidence_{key}"])
            for key, name in CATEGORY_NAMES.items()
        ]


class NationalFootprintForm(_Breakdowns, forms.Form):
    """A country's footprint per person (gha / person) by category and land type."""

    country = forms.ModelChoiceField(Country.objects.order_by("name"), label=_("Country"))
    year = forms.IntegerField(label=_("Year"))
    source = forms.CharField(label=_("Source"), max_length=300)
    source_url = forms.URLField(label=_("Source address"), required=False, assume_scheme="https")
    licence = forms.CharField(label=_("Licence"), max_length=200, required=False)
    is_illustrative = forms.BooleanField(
        label=_("Illustrative values, not published data"), required=False
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._add_breakdowns(categories_required=True)


class BiocapacityForm(forms.Form):
    year = forms.IntegerField(label=_("Year"))
    per_person = _number(_("Biocapacity per person (gha / person)"), required=True)
    source = forms.CharField(label=_("Source"), max_length=300)
    source_url = forms.URLField(label=_("Source address"), required=False, assume_scheme="https")
    is_illustrative = forms.BooleanField(
        label=_("Illustrative value, not published data"), required=False
    )


class CongressRoundForm(forms.Form):
    year = forms.IntegerField(label=_("Year of the Congress"))
    first_year = forms.IntegerField(label=_("First year of a footprint"))
    last_year = forms.IntegerField(label=_("Last year of a footprint"))
    meeting = forms.ModelChoiceField(
        Meeting.objects.filter(body__code="COUNCIL").order_by("-held_on"),
        label=_("Council meeting at the Congress"),
        required=False,
    )


class FootprintFileForm(ImportFileForm):
    """A footprint or national reference file to import."""

    file = forms.FileField(
        label=_("File"),
        help_text=_("CSV (UTF-8) or XLSX with the columns of the format."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )
