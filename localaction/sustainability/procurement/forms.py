"""The forms of procurement pages: a tender (with its group's calculator
figures), a council commitment, a criterion revision, the professionals'
opt-in, questions and answers, and a file of tenders."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from moneyed import CURRENCIES

from localaction.network.models import Region
from localaction.sustainability.procurement.models import (
    QUESTION_LENGTH,
    Kind,
    Level,
    ProcurementCommitment,
    ProcurementCriterion,
    ProcurementProductGroup,
    ProcurementTender,
)
from localaction.sustainability.procurement.services import FIGURES


def _currency_choices():
    return sorted(
        (code, f"{code} · {currency.name}")
        for code, currency in CURRENCIES.items()
        if code not in ("XXX", "DEFAULT")
    )


class TenderForm(forms.Form):
    """A tender of one product group: the group is chosen before (it decides the
    criteria and the calculator's figures)."""

    title = forms.CharField(label=_("Title"), max_length=200)
    reference = forms.CharField(label=_("Reference"), max_length=60, required=False)
    value = forms.DecimalField(label=_("Value"), min_value=0, max_digits=16, decimal_places=2)
    currency = forms.ChoiceField(label=_("Currency"), choices=_currency_choices)
    status = forms.ChoiceField(label=_("Status"), choices=ProcurementTender.Status.choices)
    awarded_on = forms.DateField(
        label=_("Awarded on"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    supplier = forms.CharField(label=_("Supplier"), max_length=200, required=False)
    offered_value = forms.DecimalField(
        label=_("Offered value"), min_value=0, max_digits=16, decimal_places=2, required=False
    )
    criteria_applied = forms.BooleanField(
        label=_("Sustainability criteria applied"), required=False
    )
    criteria = forms.ModelMultipleChoiceField(
        label=_("Criteria applied"),
        queryset=ProcurementCriterion.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    note = forms.CharField(label=_("Note"), max_length=2000, required=False)

    def __init__(self, *args, group: ProcurementProductGroup, tender=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.group = group
        current = ProcurementCriterion.objects.filter(group=group, is_current=True)
        if tender is not None:
            current = current | ProcurementCriterion.objects.filter(tenders=tender)
        self.fields["criteria"].queryset = current.distinct().order_by("level", "code")
        self.fields["criteria"].label_from_instance = lambda c: (
            f"[{c.get_level_display()}] {c.text}"
        )
        self.fields["awarded_on"].widget.attrs["max"] = timezone.localdate().isoformat()
        for figure in FIGURES.get(group.calculator, ()):
            label = f"{figure.label} ({figure.unit})" if figure.unit else str(figure.label)
            if figure.choices:
                field = forms.ChoiceField(
                    label=label,
                    choices=[("", "—"), *figure.choices],
                    required=False,
                )
            else:
                field = forms.FloatField(label=label, required=False, min_value=0)
            self.fields[f"figure_{figure.name}"] = field

    def figure_fields(self):
        return [self[name] for name in self.fields if name.startswith("figure_")]

    def main_fields(self):
        return [self[name] for name in self.fields if not name.startswith("figure_")]

    def figures(self) -> dict:
        return {
            name.removeprefix("figure_"): value
            for name, value in self.cleaned_data.items()
            if name.startswith("figure_") and value not in (None, "")
        }


class CommitmentForm(forms.ModelForm):
    document = forms.URLField(
        label=_("Document"),
        required=False,
        assume_scheme="https",
        help_text=_("Where the resolution or policy is published."),
    )

    class Meta:
        model = ProcurementCommitment
        fields = ["adopted_on", "decision", "document"]
        widgets = {"adopted_on": forms.DateInput(attrs={"type": "date"})}


class CriterionForm(forms.Form):
    level = forms.ChoiceField(label=_("Level"), choices=Level.choices)
    kind = forms.ChoiceField(label=_("Kind"), choices=Kind.choices)
    text = forms.CharField(label=_("Criterion"), max_length=2000, widget=forms.Textarea)
    verification = forms.CharField(label=_("Verification"), max_length=2000, widget=forms.Textarea)
    reference = forms.CharField(label=_("Reference"), max_length=300, required=False)


class ProfessionalForm(forms.Form):
    region = forms.ModelChoiceField(label=_("Region"), queryset=Region.objects.all())
    groups = forms.ModelMultipleChoiceField(
        label=_("Product groups of expertise"),
        queryset=ProcurementProductGroup.objects.all(),
        widget=forms.CheckboxSelectMultiple,
    )
    organisation = forms.CharField(label=_("Organisation"), max_length=200, required=False)
    about = forms.CharField(
        label=_("About"), max_length=2000, required=False, widget=forms.Textarea
    )
    show_email = forms.BooleanField(label=_("Show my e-mail address"), required=False)


class QuestionForm(forms.Form):
    title = forms.CharField(label=_("Question"), max_length=200)
    body = forms.CharField(label=_("Details"), max_length=QUESTION_LENGTH, widget=forms.Textarea)


class AnswerForm(forms.Form):
    body = forms.CharField(label=_("Answer"), max_length=QUESTION_LENGTH, widget=forms.Textarea)


class TendersFileForm(forms.Form):
    file = forms.FileField(
        label=_("File"),
        help_text=_("CSV (UTF-8) or XLSX with the columns of the format."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )
