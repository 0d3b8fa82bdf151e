from django import forms
from django.utils.translation import gettext_lazy as _

from localaction.sustainability.biodiversity.models import AREAS, BiodiversityCommitment


class CommitmentForm(forms.Form):
    kind = forms.ChoiceField(label=_("Commitment"), choices=BiodiversityCommitment.Kind.choices)
    title = forms.CharField(label=_("Title"), max_length=200)
    statement = forms.CharField(
        label=_("What the member commits to"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    adopted_on = forms.DateField(
        label=_("Date adopted"), widget=forms.DateInput(attrs={"type": "date"})
    )
    council_decision = forms.CharField(
        label=_("Council decision"),
        max_length=200,
        help_text=_("The decision's reference, e.g. its number and date."),
    )
    decision_url = forms.URLField(
        label=_("Address of the decision document"), required=False, assume_scheme="https"
    )
    areas = forms.MultipleChoiceField(
        label=_("Areas of action"), choices=list(AREAS.items()), widget=forms.CheckboxSelectMultiple
    )
    status = forms.ChoiceField(
        label=_("Status"), choices=BiodiversityCommitment.Status.choices, initial="active"
    )
