"""Forms of the water pages: they parse what people type; the rules are the
services' (services.py), whose errors land on the fields named the same way."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from localaction.background.uploads import ImportFileForm
from localaction.core import water as method
from localaction.sustainability.water.models import QUALITY_NAMES, SECTOR_NAMES, SOURCE_NAMES

UNIT_HELP = _("Any unit of volume: m3, ML, l, kl, gallon (US), imperial_gallon, acre_foot.")


def _number(label, *, required: bool = False, **kwargs) -> forms.FloatField:
    return forms.FloatField(
        label=label, required=required, widget=forms.NumberInput(attrs={"step": "any"}), **kwargs
    )


def add_errors(form: forms.Form, error: ValidationError) -> None:
    """A service's error on the form's fields of the same names (the rest on the form)."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, messages in error.message_dict.items():
        form.add_error(field if field in form.fields else None, messages)


class InventoryForm(forms.Form):
    """A new inventory's year, or an inventory's general figures and water balance."""

    year = forms.IntegerField(label=_("Year"), min_value=1900, max_value=2100)
    population_served = forms.IntegerField(
        label=_("Population served"), min_value=1, help_text=_("People the public supply serves.")
    )
    source = forms.CharField(
        label=_("Source of the figures"),
        max_length=300,
        required=False,
        help_text=_("e.g. the utility's annual report 2024, billing records."),
    )
    note = forms.CharField(
        label=_("Note"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    losses_unit = forms.CharField(
        label=_("Unit of the water balance"),
        max_length=30,
        initial="m3",
        required=False,
        help_text=UNIT_HELP,
    )
    system_input = _number(
        _("System input volume"), help_text=_("Water put into the supply system in the year.")
    )
    billed = _number(
        _("Billed authorised consumption"), help_text=_("Metered and unmetered, billed.")
    )
    unbilled = _number(
        _("Unbilled authorised consumption"), help_text=_("e.g. fire-fighting, flushing mains.")
    )
    apparent_losses = _number(
        _("Apparent losses"), help_text=_("Unauthorised consumption and metering inaccuracies.")
    )

    def __init__(self, *args, new: bool = True, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if not new:
            del self.fields["year"]

    def general_fields(self):
        return [
            self[name]
            for name in ("year", "population_served", "source", "note")
            if name in self.fields
        ]

    def balance_fields(self):
        return [
            self[name]
            for name in ("losses_unit", "system_input", "billed", "unbilled", "apparent_losses")
        ]


class LineForm(forms.Form):
    """Water one sector took from one source."""

    sector = forms.ChoiceField(label=_("User sector"), choices=list(SECTOR_NAMES.items()))
    source = forms.ChoiceField(label=_("Source"), choices=list(SOURCE_NAMES.items()))
    amount = _number(_("Volume"), required=True, min_value=0)
    unit = forms.CharField(label=_("Unit"), max_length=30, initial="m3", help_text=UNIT_HELP)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)


def _quality_choices():
    indicators = method.quality_indicators()
    return [(key, f"{name} ({indicators[key].unit})") for key, name in QUALITY_NAMES.items()]


class QualityForm(forms.Form):
    """One water-quality indicator of the year, in its unit."""

    indicator = forms.ChoiceField(label=_("Indicator"), choices=_quality_choices)
    value = _number(_("Value"), required=True, help_text=_("In the indicator's unit."))
    samples = forms.IntegerField(label=_("Samples"), min_value=1, required=False)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)


class BenefitForm(forms.Form):
    """What an action saves a year."""

    amount = _number(_("Water saved a year"), required=True, min_value=0)
    unit = forms.CharField(label=_("Unit"), max_length=30, initial="m3", help_text=UNIT_HELP)
    energy_intensity = _number(
        _("Energy intensity (kWh / m³)"),
        help_text=_(
            "Electricity to abstract, treat and distribute one m³. Blank: the default "
            "for surface-water supply (EPRI 2002)."
        ),
    )
    energy_intensity_source = forms.CharField(
        label=_("Source of the energy intensity"),
        max_length=400,
        required=False,
        help_text=_("Required with an intensity of your own, e.g. the utility's energy audit."),
    )
    year = forms.IntegerField(
        label=_("Year of the grid factor"),
        min_value=1900,
        max_value=2100,
        required=False,
        help_text=_("Blank: the year the action starts, or this year."),
    )
    quality_benefit = forms.CharField(
        label=_("Benefit to water quality"), max_length=300, required=False
    )


class WaterFileForm(ImportFileForm):
    """A file of consumption lines to import."""

    file = forms.FileField(
        label=_("File"),
        help_text=_("CSV (UTF-8) or XLSX with the columns sector, source, amount, unit, note."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )
