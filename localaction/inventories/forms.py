"""Forms of the inventory pages: a new inventory, and a line added to a GPC cell."""

from __future__ import annotations

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from localaction.accounts.access import access_of
from localaction.background.uploads import ImportFileForm
from localaction.core.factors import CATEGORIES
from localaction.core.gwp import GWP_SETS, TITLES
from localaction.core.quantities import COMMENT_LENGTH
from localaction.inventories.models import (
    FIRST_YEAR,
    DataQuality,
    EmissionFactor,
    Inventory,
    NotationKey,
)
from localaction.inventories.permissions import can_edit_factor
from localaction.inventories.services import LineData, line_error_column
from localaction.network.models import Country, LocalGovernment
from localaction.network.permissions import local_governments_editable_by


class InventoryForm(forms.ModelForm):
    """A new draft inventory of one local government (set on the instance)."""

    gwp_set = forms.ChoiceField(
        label=_("GWP set"),
        choices=[(name, f"{name} — {TITLES[name]}") for name in GWP_SETS],
        initial="AR6GWP100",
        help_text=_(
            "The global warming potentials the inventory reports in. Results can be "
            "shown under any other set at any time: gas masses are stored, not CO2e."
        ),
    )

    class Meta:
        model = Inventory
        fields = ["year", "gwp_set", "boundary_note"]
        help_texts = {
            "boundary_note": _(
                "The geographic boundary the inventory covers, and anything left out of it."
            ),
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"].widget.attrs.update(min=FIRST_YEAR, max=timezone.localdate().year)
        self.fields["boundary_note"].widget.attrs["rows"] = 3

    def clean_year(self) -> int:
        year = self.cleaned_data["year"]
        if not FIRST_YEAR <= year <= timezone.localdate().year:
            raise forms.ValidationError(
                _("Give a year from %(first)s to %(last)s.")
                % {"first": FIRST_YEAR, "last": timezone.localdate().year}
            )
        # The form has no local government field, so the model's unique
        # constraint would not be checked here; the instance carries it.
        taken = Inventory.objects.filter(local_government=self.instance.local_government, year=year)
        if taken.exists():
            raise forms.ValidationError(
                _("%(name)s already has an inventory for %(year)s.")
                % {"name": self.instance.local_government, "year": year}
            )
        return year


def _number(label: str, **kwargs) -> forms.FloatField:
    return forms.FloatField(label=label, required=False, **kwargs)


def _text(label: str, **kwargs) -> forms.CharField:
    return forms.CharField(label=label, required=False, **kwargs)


GASES = ("CO2", "CH4", "N2O")


class LineForm(forms.Form):
    """One line of a GPC cell, field for field as services.LineData and the CSV columns."""

    gpc_ref = forms.CharField(widget=forms.HiddenInput)
    activity = _text(_("Activity"), max_length=300, help_text=_("e.g. Natural gas in homes"))
    amount = _number(_("Amount"))
    unit = _text(_("Unit"), max_length=30, help_text=_("e.g. MWh, TJ, t, l, km"))
    factor = _text(
        _("Emission factor"),
        max_length=100,
        widget=forms.TextInput(attrs={"list": "factor-codes", "autocomplete": "off"}),
        help_text=_(
            "A factor code or an activity such as natural_gas: the most specific factor is "
            "chosen (your own, then your country's, then the IPCC default)."
        ),
    )
    ef_co2 = _number(_("CO2 factor"))
    ef_ch4 = _number(_("CH4 factor"))
    ef_n2o = _number(_("N2O factor"))
    ef_unit = _text(_("Factor unit"), max_length=30, help_text=_("e.g. kg/TJ, kg/MWh"))
    ncv = _number(_("Net calorific value"))
    ncv_unit = _text(_("NCV unit"), max_length=30, help_text=_("e.g. TJ/Gg"))
    density = _number(_("Density"))
    density_unit = _text(_("Density unit"), max_length=30, help_text=_("e.g. kg/l"))
    co2_kg = _number(_("CO2 (kg)"))
    ch4_kg = _number(_("CH4 (kg)"))
    n2o_kg = _number(_("N2O (kg)"))
    biogenic_co2_kg = _number(_("Biogenic CO2 (kg)"))
    notation_key = forms.ChoiceField(
        label=_("Notation key"), choices=[("", "—"), *NotationKey.choices], required=False
    )
    explanation = _text(
        _("Explanation"), max_length=COMMENT_LENGTH, widget=forms.Textarea(attrs={"rows": 2})
    )
    data_quality = forms.ChoiceField(
        label=_("Data quality"), choices=[("", "—"), *DataQuality.choices], required=False
    )
    source = _text(_("Source"), max_length=COMMENT_LENGTH, widget=forms.Textarea(attrs={"rows": 2}))
    comment = _text(
        _("Comment"), max_length=COMMENT_LENGTH, widget=forms.Textarea(attrs={"rows": 2})
    )

    FIELDSETS = (
        (_("The line"), ("activity", "data_quality", "source", "comment")),
        (
            _("An amount of activity with its emission factor"),
            ("amount", "unit", "factor"),
        ),
        (
            _("… or with explicit factors (instead of a library factor)"),
            ("ef_co2", "ef_ch4", "ef_n2o", "ef_unit", "ncv", "ncv_unit", "density", "density_unit"),
        ),
        (
            _("Or gas masses measured or computed elsewhere"),
            ("co2_kg", "ch4_kg", "n2o_kg", "biogenic_co2_kg"),
        ),
        (_("Or a notation key, when there is no value"), ("notation_key", "explanation")),
    )

    def fieldsets(self):
        return [(legend, [self[name] for name in names]) for legend, names in self.FIELDSETS]

    def line_data(self) -> LineData:
        data = self.cleaned_data
        explicit = {gas: data[f"ef_{gas.lower()}"] for gas in GASES}
        measured = {gas: data[f"{gas.lower()}_kg"] for gas in GASES}
        return LineData(
            gpc_ref=data["gpc_ref"],
            activity=data["activity"],
            amount=data["amount"],
            unit=data["unit"],
            factor=data["factor"],
            ef_kg={gas: value for gas, value in explicit.items() if value is not None},
            ef_unit=data["ef_unit"],
            ncv=data["ncv"],
            ncv_unit=data["ncv_unit"],
            density=data["density"],
            density_unit=data["density_unit"],
            measured_kg={gas: value for gas, value in measured.items() if value is not None},
            biogenic_co2_kg=data["biogenic_co2_kg"],
            notation_key=data["notation_key"],
            explanation=data["explanation"],
            data_quality=data["data_quality"],
            source=data["source"],
            comment=data["comment"],
        )

    def add_line_error(self, field: str, reason: str) -> None:
        """Place a services LineError on the form field it is about (the form's
        fields are named as the lines file's columns)."""
        # Read once: placing an error takes its field out of cleaned_data.
        if not hasattr(self, "_given"):
            self._given = self.line_data()
        column = line_error_column(field, self._given)
        self.add_error(column if column in self.fields and column != "gpc_ref" else None, reason)


# The emission-factor library


class FactorFilterForm(forms.Form):
    """The filters of the factor library page; an invalid filter is ignored."""

    LEVELS = (
        ("default", _("Default (IPCC)")),
        ("country", _("Country")),
        ("local_government", _("Local government")),
    )

    activity = forms.ChoiceField(label=_("Activity"), required=False)
    category = forms.ChoiceField(label=_("Category"), required=False)
    country = forms.CharField(
        label=_("Country (ISO code)"),
        max_length=2,
        required=False,
        widget=forms.TextInput(attrs={"size": 3, "placeholder": "DE"}),
    )
    level = forms.ChoiceField(label=_("Level"), choices=[("", _("any")), *LEVELS], required=False)

    def __init__(self, *args, activities=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["activity"].choices = [("", _("any")), *((a, a) for a in activities)]
        self.fields["category"].choices = [("", _("any")), *((c, c) for c in CATEGORIES)]

    def clean_country(self) -> str:
        return self.cleaned_data["country"].strip().upper()


class FactorForm(forms.ModelForm):
    """A new factor of the library, at a level the person may add to.

    `belongs_to` is "default", "country:<ISO code>" or "lg:<code>"; the
    choices offered are the person's, and `permissions.can_edit_factor` has
    the last word.
    """

    co2 = _number(_("CO2, kg per unit"))
    ch4 = _number(_("CH4, kg per unit"))
    n2o = _number(_("N2O, kg per unit"))
    belongs_to = forms.ChoiceField(
        label=_("Belongs to"),
        help_text=_(
            "The library the factor is in: a country's factors are chosen for every local "
            "government there, a local government's own over its country's."
        ),
    )

    class Meta:
        model = EmissionFactor
        fields = [
            "code",
            "name",
            "activity",
            "category",
            "unit",
            "co2",
            "ch4",
            "n2o",
            "biogenic_co2_kg_per_unit",
            "ncv",
            "ncv_unit",
            "valid_from",
            "valid_to",
            "source",
            "belongs_to",
        ]
        help_texts = {"ncv_unit": _("e.g. TJ/Gg")}

    def __init__(self, *args, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["category"] = forms.ChoiceField(
            label=_("Category"),
            choices=[("", _("any category")), *((c, c) for c in CATEGORIES)],
            required=False,
            help_text=EmissionFactor._meta.get_field("category").help_text,
        )
        self.fields["belongs_to"].choices = factor_levels_for(user)
        self.fields["source"].widget.attrs["rows"] = 2
        for name in ("valid_from", "valid_to"):
            self.fields[name].widget.attrs.update(min=FIRST_YEAR, max=2100)

    def clean_belongs_to(self) -> str:
        value = self.cleaned_data["belongs_to"]
        country, local_government = _place_of(value)
        if not can_edit_factor(self.user, country=country, local_government=local_government):
            raise forms.ValidationError(_("You may not add factors there."))
        self.instance.country = country
        self.instance.local_government = local_government
        return value

    def clean(self):
        data = super().clean()
        kg = {gas: data.get(gas.lower()) for gas in GASES}
        kg = {gas: value for gas, value in kg.items() if value is not None}
        if not kg and not any(gas.lower() in self.errors for gas in GASES):
            self.add_error("co2", _("Give the kilograms per unit of at least one gas."))
        for gas, value in kg.items():
            if value < 0:
                self.add_error(gas.lower(), _("A factor cannot be negative."))
        self.instance.kg_per_unit = kg
        first, last = data.get("valid_from"), data.get("valid_to")
        if first is not None and last is not None and last < first:
            self.add_error("valid_to", _("The last year of validity comes after the first."))
        if data.get("ncv") is not None and not data.get("ncv_unit"):
            self.add_error("ncv_unit", _("Give the unit of the net calorific value."))
        return data

    def _update_errors(self, errors) -> None:
        """The model's errors on fields this form shows under another name."""
        fields = {"kg_per_unit": "co2", "country": "belongs_to", "local_government": "belongs_to"}
        if hasattr(errors, "error_dict"):
            errors = forms.ValidationError(
                {
                    fields.get(field, field): messages
                    for field, messages in errors.error_dict.items()
                }
            )
        super()._update_errors(errors)


def _place_of(value: str) -> tuple[Country | None, LocalGovernment | None]:
    """The (country, local government) of a `belongs_to` value; (None, None) is the default."""
    kind, _sep, key = value.partition(":")
    if value == "default":
        return None, None
    if kind == "country":
        country = Country.objects.filter(pk=key).first()
        if country is not None:
            return country, None
    if kind == "lg":
        local_government = (
            LocalGovernment.objects.select_related("country").filter(code=key).first()
        )
        if local_government is not None:
            return None, local_government
    raise forms.ValidationError(_("Choose where the factor belongs."))


def factor_levels_for(user) -> list:
    """The places the person may add a factor to, as grouped choices (empty if none)."""
    access = access_of(user)
    groups = []
    if access.is_secretariat:
        groups.append((_("World"), [("default", _("Default library (IPCC)"))]))
        countries = Country.objects.all()
    else:
        countries = Country.objects.filter(
            Q(region__in=access.staff_regions) | Q(pk__in=access.staff_countries)
        )
    country_choices = [(f"country:{c.code}", f"{c.display_name} ({c.code})") for c in countries]
    if country_choices:
        groups.append((_("A country"), sorted(country_choices, key=lambda choice: choice[1])))
    local_governments = local_governments_editable_by(user).select_related("country")
    lg_choices = [
        (f"lg:{lg.code}", f"{lg.name} ({lg.country_id})")
        for lg in local_governments.order_by("name")
    ]
    if lg_choices:
        groups.append((_("A local government's own"), lg_choices))
    return [("", "—"), *groups] if groups else []


class LinesFileForm(ImportFileForm):
    """A file of inventory lines to import into a draft (docs/formats/inventory.md)."""

    FORMATS = ("csv", "xlsx", "json")

    file = forms.FileField(
        label=_("File of lines"),
        help_text=_(
            "CSV (UTF-8), XLSX or JSON in the inventory-lines format. "
            "Its lines replace all the lines of this draft."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx,.json"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        suffix = upload.name.rpartition(".")[2].lower() if "." in upload.name else ""
        if suffix not in self.FORMATS:
            raise forms.ValidationError(
                _("'%(name)s' is not a .csv, .xlsx or .json file."), params={"name": upload.name}
            )
        return super().clean_file()
