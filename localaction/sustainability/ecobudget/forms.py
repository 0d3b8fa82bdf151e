"""The forms of ecoBUDGET's pages: they parse what people type; the services decide."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from localaction.background.uploads import ImportFileForm
from localaction.core.quantities import COMMENT_LENGTH, DESCRIPTION_LENGTH
from localaction.sustainability.ecobudget.models import (
    DECISION_LENGTH,
    UNIT_LENGTH,
    EcoBudgetLine,
    EcoIndicator,
)
from localaction.validators import DOCUMENT_EXTENSIONS, InBounds


def _date_input() -> forms.DateInput:
    return forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})


def _value(label) -> forms.FloatField:
    return forms.FloatField(label=label, required=False, validators=[InBounds("INDICATOR_VALUE")])


def _year(label) -> forms.IntegerField:
    return forms.IntegerField(
        label=label, required=False, validators=[InBounds("YEAR")], min_value=1900, max_value=2100
    )


class BudgetForm(forms.Form):
    year = forms.IntegerField(label=_("Budget year"), min_value=1990, max_value=2100)
    notes = forms.CharField(
        label=_("Notes"),
        required=False,
        max_length=DESCRIPTION_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class LineForm(forms.Form):
    """An indicator of a draft budget, its values in `unit` (the indicator's when blank)."""

    indicator = forms.ModelChoiceField(label=_("Indicator"), queryset=EcoIndicator.objects.none())
    unit = forms.CharField(
        label=_("Unit of the values"),
        required=False,
        max_length=UNIT_LENGTH,
        help_text=_("Blank for the indicator's own unit; any unit of the same kind converts."),
    )
    reference = _value(_("Reference value"))
    reference_year = _year(_("Reference year"))
    previous = _value(_("Previous year's value"))
    target = _value(_("Short-term target (this year)"))
    long_term_target = _value(_("Long-term target"))
    long_term_year = _year(_("Long-term target year"))
    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        max_length=COMMENT_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, local_government, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["indicator"].queryset = EcoIndicator.objects.usable_by(
            local_government
        ).select_related("resource")


class OwnIndicatorForm(forms.ModelForm):
    """A member's own indicator, beside the library's."""

    class Meta:
        model = EcoIndicator
        fields = ["code", "name", "resource", "unit", "direction", "aggregation", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}


class AdoptionForm(forms.Form):
    """The council's decision: first (master budget) or second (balance) ratification."""

    adopted_on = forms.DateField(label=_("Adopted by the council on"), widget=_date_input())
    decision = forms.CharField(
        label=_("Council decision"),
        max_length=DECISION_LENGTH,
        help_text=_("The decision's reference, e.g. “Council resolution 2024/17”."),
    )
    document = forms.FileField(
        label=_("Decision document"),
        required=False,
        help_text=_("PDF, office document or scan, up to 10 MB."),
        widget=forms.ClearableFileInput(
            attrs={"accept": ",".join(f".{extension}" for extension in DOCUMENT_EXTENSIONS)}
        ),
    )


class BalanceForm(forms.Form):
    """An actual value for each typed indicator of the budget, in its unit; those
    the platform keeps elsewhere are shown, not asked for."""

    def __init__(self, *args, lines: list[EcoBudgetLine], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.lines = lines
        for line in lines:
            if line.is_sourced:
                continue
            field = _value(f"{line.indicator.name} ({line.indicator.unit})")
            field.initial = line.actual
            self.fields[line.indicator.code] = field


class MidYearReportForm(forms.Form):
    reported_on = forms.DateField(label=_("Reported on"), widget=_date_input())
    text = forms.CharField(
        label=_("Report"), max_length=DESCRIPTION_LENGTH, widget=forms.Textarea(attrs={"rows": 5})
    )

    def __init__(self, *args, lines: list[EcoBudgetLine], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.codes = []
        for line in lines:
            name = f"interim_{line.indicator.code}"
            self.fields[name] = _value(
                _("Interim value: %(name)s (%(unit)s)")
                % {"name": line.indicator.name, "unit": line.indicator.unit}
            )
            self.codes.append((name, line.indicator.code))


class MeasureForm(forms.Form):
    line = forms.ModelChoiceField(label=_("Indicator"), queryset=EcoBudgetLine.objects.none())
    action = forms.ModelChoiceField(label=_("Action"), queryset=EcoIndicator.objects.none())

    def __init__(self, *args, budget, actions, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["line"].queryset = budget.lines.select_related("indicator")
        self.fields["line"].label_from_instance = lambda line: line.indicator.name
        self.fields["action"].queryset = actions


class BudgetFileForm(ImportFileForm):
    file = forms.FileField(
        label=_("File"),
        help_text=_("CSV (UTF-8) or XLSX with the columns of the format."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )
