"""The forms of a local agenda's parts. They parse and show; services.py checks
what spans records (whose targets, which forum) and the models the rest."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from localaction.campaigns.models import Campaign
from localaction.core.quantities import DESCRIPTION_LENGTH
from localaction.sustainability.agendas.models import (
    METHODOLOGY,
    AgendaStakeholder,
    LocalAgenda,
    agenda_actions,
    agenda_targets,
)
from localaction.validators import DOCUMENT_VALIDATORS

DATE = forms.DateInput(attrs={"type": "date"})


def add_errors(form: forms.Form, error: ValidationError) -> None:
    """A service's error on the form's fields of the same names (the rest on the form)."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, messages in error.message_dict.items():
        form.add_error(field if field in form.fields else None, messages)


def _text(label, *, required: bool = False) -> forms.CharField:
    return forms.CharField(
        label=label, required=required, max_length=DESCRIPTION_LENGTH, widget=forms.Textarea
    )


def _document(label) -> forms.FileField:
    return forms.FileField(label=label, required=False, validators=DOCUMENT_VALIDATORS)


class AgendaNewForm(forms.Form):
    campaign = forms.ModelChoiceField(
        label=_("Campaign"),
        queryset=Campaign.objects.filter(methodology__code=METHODOLOGY),
        help_text=_("A campaign of the Local Agenda process that the member takes part in."),
    )
    title = forms.CharField(label=_("Title"), max_length=200)
    started_on = forms.DateField(label=_("Started on"), widget=DATE)


class AgendaForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    started_on = forms.DateField(label=_("Started on"), widget=DATE)
    status = forms.ChoiceField(label=_("Status"), choices=LocalAgenda.Status.choices)
    is_published = forms.BooleanField(
        label=_("Published"),
        required=False,
        help_text=_("Everyone sees a published agenda; stakeholders' contacts stay private."),
    )


class BaselineForm(forms.Form):
    baseline_on = forms.DateField(
        label=_("Baseline review completed on"), required=False, widget=DATE
    )
    baseline_summary = _text(_("Summary of the review"))
    baseline_document = _document(_("Review report"))


class VisionForm(forms.Form):
    vision = _text(_("Vision"))
    vision_adopted_on = forms.DateField(label=_("Adopted on"), required=False, widget=DATE)


class CouncilForm(forms.Form):
    council_on = forms.DateField(
        label=_("Council adopted the agenda on"), required=False, widget=DATE
    )
    council_reference = forms.CharField(
        label=_("Decision reference"), max_length=200, required=False
    )
    council_document = _document(_("Council decision"))


PART_FORMS = {
    "agenda": AgendaForm,
    "baseline": BaselineForm,
    "vision": VisionForm,
    "council": CouncilForm,
}


class TargetsForm(forms.Form):
    def __init__(self, *args, agenda: LocalAgenda, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["targets"] = forms.ModelMultipleChoiceField(
            label=_("Targets"),
            queryset=agenda_targets(agenda),
            required=False,
            widget=forms.CheckboxSelectMultiple,
            help_text=_("The member's indicator targets set for this campaign."),
        )


class ActionsForm(forms.Form):
    def __init__(self, *args, agenda: LocalAgenda, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["actions"] = forms.ModelMultipleChoiceField(
            label=_("Actions"),
            queryset=agenda_actions(agenda),
            required=False,
            widget=forms.CheckboxSelectMultiple,
            help_text=_("The member's actions for this campaign or for every campaign."),
        )


class StakeholderForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=AgendaStakeholder.Kind.choices)
    role = forms.CharField(label=_("Role in the forum"), max_length=200, required=False)
    contact = forms.CharField(
        label=_("Contact"),
        max_length=200,
        required=False,
        help_text=_("Private: only the member's people and offices see it."),
    )


class MeetingForm(forms.Form):
    held_on = forms.DateField(label=_("Held on"), widget=DATE)
    participants = forms.IntegerField(label=_("Participants"), min_value=0)
    subject = forms.CharField(label=_("Subject"), max_length=200, required=False)
    minutes = _document(_("Minutes"))


class PriorityForm(forms.Form):
    def __init__(self, *args, agenda: LocalAgenda, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["title"] = forms.CharField(label=_("Issue"), max_length=200)
        self.fields["description"] = _text(_("Description"))
        self.fields["raised_by"] = forms.ModelMultipleChoiceField(
            label=_("Raised by"),
            queryset=agenda.stakeholders.all(),
            required=False,
            widget=forms.CheckboxSelectMultiple,
        )


class MonitoringForm(forms.Form):
    def __init__(self, *args, agenda: LocalAgenda, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["period_start"] = forms.DateField(label=_("Period from"), widget=DATE)
        self.fields["period_end"] = forms.DateField(label=_("Period to"), widget=DATE)
        self.fields["indicators"] = forms.ModelMultipleChoiceField(
            label=_("Indicators reviewed"),
            queryset=agenda.targets.all(),
            required=False,
            widget=forms.CheckboxSelectMultiple,
            help_text=_("The agenda's targets whose indicators the report reviewed."),
        )
        self.fields["findings"] = _text(_("Findings"), required=True)
        self.fields["is_evaluation"] = forms.BooleanField(
            label=_("Evaluation report"),
            required=False,
            help_text=_("The results evaluated and reported to the council and the community."),
        )
        self.fields["reported_on"] = forms.DateField(
            label=_("Reported to the council and community on"), required=False, widget=DATE
        )
        self.fields["document"] = _document(_("Report"))


class StakeholdersFileForm(forms.Form):
    file = forms.FileField(label=_("CSV or XLSX file"))
