"""City-to-city exchange's forms: the listing filters, a need or an offer, an
exchange proposed by one member to another, and an exchange's activities,
follow-up, outcomes and status."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from localaction.exchange.models import (
    MAX_LANGUAGES,
    Activity,
    Exchange,
    FollowUp,
    Listing,
    Participant,
    theme_choices,
)
from localaction.network.models import LocalGovernment, Region

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ListingFilters(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind"),
        required=False,
        choices=[("", _("Needs and offers")), *Listing.Kind.choices],
    )
    theme = forms.ChoiceField(label=_("Theme"), required=False)
    region = forms.ModelChoiceField(
        label=_("Region"),
        queryset=Region.objects.order_by("name"),
        required=False,
        to_field_name="code",
        empty_label=_("Every region"),
    )
    language = forms.CharField(
        label=_("Working language"), required=False, max_length=3,
        help_text=_("An ISO 639 code, e.g. es."),
    )  # fmt: skip
    closed = forms.BooleanField(label=_("Closed ones too"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["theme"].choices = [("", gettext("Every theme")), *theme_choices()]


class LanguagesField(forms.CharField):
    """ISO 639 codes typed with commas ("en, es"), as a list (the model checks them)."""

    def prepare_value(self, value):
        return ", ".join(value) if isinstance(value, list) else value

    def to_python(self, value):
        text = super().to_python(value)
        return [code.strip().lower() for code in text.split(",") if code.strip()]


class ListingForm(forms.ModelForm):
    themes = forms.MultipleChoiceField(
        label=_("Themes"), widget=forms.CheckboxSelectMultiple,
        help_text=_("The campaigns and instruments it is about."),
    )  # fmt: skip
    languages = LanguagesField(
        label=_("Working languages"), required=False, max_length=10 * MAX_LANGUAGES,
        help_text=_("ISO 639 codes separated by commas, e.g. en, es."),
    )  # fmt: skip

    class Meta:
        model = Listing
        fields = ["member", "kind", "title", "description", "themes", "languages",
                  "contact_name", "contact_email", "is_open"]  # fmt: skip
        widgets = {"description": forms.Textarea(attrs={"rows": 6})}

    def __init__(self, *args, members=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["themes"].choices = theme_choices()
        if self.instance.pk:
            del self.fields["member"]
        else:
            self.fields["member"].queryset = members
            if members is not None and len(members) == 1:
                self.fields["member"].initial = members[0]


class ExchangeForm(forms.Form):
    """An exchange proposed by a member the person acts for to one other member
    (the API takes more)."""

    kind = forms.ChoiceField(label=_("Kind"), choices=Exchange.Kind.choices)
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(
        label=_("Description"), required=False, max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )  # fmt: skip
    starts_on = forms.DateField(label=_("Starts on"), widget=DATE)
    ends_on = forms.DateField(label=_("Ends on"), required=False, widget=DATE)
    proposer = forms.ModelChoiceField(label=_("Proposing member"), queryset=None)
    proposer_role = forms.ChoiceField(label=_("Its role"), choices=Participant.Role.choices)
    partner = forms.ModelChoiceField(
        label=_("Other member"),
        queryset=LocalGovernment.objects.published().select_related("country"),
    )
    partner_role = forms.ChoiceField(
        label=_("The other member's role"), choices=Participant.Role.choices
    )
    need = forms.ModelChoiceField(
        queryset=Listing.objects.filter(kind="need"), required=False, widget=forms.HiddenInput
    )
    offer = forms.ModelChoiceField(
        queryset=Listing.objects.filter(kind="offer"), required=False, widget=forms.HiddenInput
    )

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["proposer"].queryset = members

    def clean(self):
        data = super().clean()
        if data.get("proposer") and data.get("proposer") == data.get("partner"):
            self.add_error(
                "partner",
                gettext("An exchange is between two different members: choose another member."),
            )
        starts, ends = data.get("starts_on"), data.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", gettext("An exchange ends on or after the day it starts."))
        return data


class ActivityForm(forms.ModelForm):
    class Meta:
        model = Activity
        fields = ["on", "what"]
        widgets = {"on": DATE}


class FollowUpForm(forms.ModelForm):
    class Meta:
        model = FollowUp
        fields = ["what", "due_on"]
        widgets = {"due_on": DATE}


class OutcomesForm(forms.Form):
    outcomes = forms.CharField(
        label=_("Outcomes"), required=False, max_length=4000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )  # fmt: skip


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=Exchange.Status.choices)
