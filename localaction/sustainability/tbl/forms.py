"""The forms of TBL pages: they read what people type; services.py decides."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from localaction.core.quantities import COMMENT_LENGTH, DESCRIPTION_LENGTH, FIRST_YEAR, LAST_YEAR
from localaction.sustainability import sources
from localaction.sustainability.tbl.models import (
    SECTIONS,
    Dimension,
    Direction,
    TBLIndicator,
    TBLReport,
)


class ReportForm(forms.Form):
    """A report's narrative, section by section, and the indicators it shows."""

    def __init__(self, *args, indicators, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for name, required in SECTIONS:
            label = TBLReport._meta.get_field(name).verbose_name
            self.fields[name] = forms.CharField(
                label=label,
                required=False,
                max_length=DESCRIPTION_LENGTH,
                widget=forms.Textarea(attrs={"rows": 6}),
                help_text=_("Required to publish.") if required else _("Optional."),
            )
        self.fields["indicators"] = forms.ModelMultipleChoiceField(
            label=_("Indicators shown"),
            queryset=indicators,
            required=False,
            widget=forms.CheckboxSelectMultiple,
        )


class ValueForm(forms.Form):
    indicator = forms.ModelChoiceField(label=_("Indicator"), queryset=TBLIndicator.objects.none())
    year = forms.IntegerField(label=_("Year"), min_value=FIRST_YEAR, max_value=LAST_YEAR)
    value = forms.FloatField(label=_("Value"))
    unit = forms.CharField(
        label=_("Unit"),
        required=False,
        max_length=64,
        help_text=_(
            "Blank for the indicator's own unit; another unit of the same kind is converted."
        ),
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=COMMENT_LENGTH)

    def __init__(self, *args, indicators, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["indicator"].queryset = indicators.filter(source_key="")


class TargetForm(forms.Form):
    indicator = forms.ModelChoiceField(label=_("Indicator"), queryset=TBLIndicator.objects.none())
    target_year = forms.IntegerField(
        label=_("Target year"), min_value=FIRST_YEAR, max_value=LAST_YEAR
    )
    value = forms.FloatField(label=_("Target value"))
    unit = forms.CharField(
        label=_("Unit"),
        required=False,
        max_length=64,
        help_text=_("Blank for the indicator's own unit."),
    )

    def __init__(self, *args, indicators, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["indicator"].queryset = indicators


class IndicatorForm(forms.Form):
    code = forms.SlugField(label=_("Code"), max_length=60)
    name = forms.CharField(label=_("Name"), max_length=200)
    dimension = forms.ChoiceField(label=_("Dimension"), choices=Dimension.choices)
    unit = forms.CharField(label=_("Unit"), max_length=64, help_text=_("e.g. t, MWh, percent"))
    direction = forms.ChoiceField(label=_("Direction"), choices=Direction.choices)
    source_key = forms.ChoiceField(label=_("Platform source"), required=False)
    reference = forms.CharField(label=_("Reference"), required=False, max_length=COMMENT_LENGTH)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["source_key"].choices = [("", _("none: values are typed"))] + [
            (source.key, f"{source.name} ({source.unit})") for source in sources.sources()
        ]


class ValuesFileForm(forms.Form):
    file = forms.FileField(
        label=_("File"),
        help_text=_("CSV (UTF-8) or XLSX with the columns of the format."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )
