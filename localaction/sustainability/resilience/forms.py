from django import forms
from django.utils.translation import gettext_lazy as _

from localaction.sustainability.resilience.hazards import level_choices, vocabulary


class ProfileForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=1900, max_value=2100)
    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class RatingForm(forms.Form):
    hazard = forms.ChoiceField(label=_("Hazard"))
    likelihood = forms.TypedChoiceField(label=_("Likelihood"), coerce=int)
    impact = forms.TypedChoiceField(label=_("Impact"), coerce=int)
    note = forms.CharField(label=_("Note"), required=False, max_length=500)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["hazard"].choices = vocabulary().choices()
        self.fields["likelihood"].choices = level_choices("likelihood")
        self.fields["impact"].choices = level_choices("impact")


class RatingsFileForm(forms.Form):
    file = forms.FileField(
        label=_("File (CSV or XLSX)"),
        help_text=_("Columns: year, hazard, likelihood, impact, note."),
    )
