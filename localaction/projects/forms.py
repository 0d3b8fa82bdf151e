"""The forms of the projects' pages; the models validate the dates (a
deliverable within its project's and work package's period), the forms only
narrow the choices to what the person may pick."""

from __future__ import annotations

from django import forms
from django.contrib.auth.models import User
from django.utils.translation import gettext_lazy as _

from localaction.network.models import Office
from localaction.projects.models import (
    Deliverable,
    Output,
    Project,
    Proposal,
    TeamMember,
    WorkPackage,
)
from localaction.sustainability.instruments import INSTRUMENTS

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
INSTRUMENT_CHOICES = [(key, label) for key, label in INSTRUMENTS.items()]


class ProjectForm(forms.ModelForm):
    instruments = forms.MultipleChoiceField(
        label=_("Instruments served"),
        choices=INSTRUMENT_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Project
        fields = [
            "title",
            "slug",
            "kind",
            "summary",
            "funder",
            "funder_organisation",
            "budget",
            "starts_on",
            "ends_on",
            "status",
            "lead_office",
            "offices",
            "partners",
            "pilot_members",
            "campaigns",
            "instruments",
            "is_public",
        ]
        widgets = {"starts_on": DATE, "ends_on": DATE}

    def __init__(self, *args, lead_offices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lead_office"].queryset = lead_offices
        self.fields["pilot_members"].queryset = self.fields["pilot_members"].queryset.order_by(
            "name"
        )


class WorkPackageForm(forms.ModelForm):
    class Meta:
        model = WorkPackage
        fields = ["number", "title", "lead_office", "starts_on", "ends_on"]
        widgets = {"starts_on": DATE, "ends_on": DATE}


class DeliverableForm(forms.ModelForm):
    class Meta:
        model = Deliverable
        fields = ["work_package", "title", "kind", "due_on", "publication"]
        widgets = {"due_on": DATE}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["work_package"].queryset = self.instance.project.work_packages.all()


class DeliverableStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=Deliverable.Status.choices)
    delivered_on = forms.DateField(
        label=_("Delivered on"),
        required=False,
        widget=DATE,
        help_text=_("Today when left empty."),
    )


class OutputForm(forms.ModelForm):
    instruments = forms.MultipleChoiceField(
        label=_("Used by instruments"),
        choices=INSTRUMENT_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Output
        fields = ["title", "kind", "description", "campaigns", "instruments", "publications"]


class TeamMemberForm(forms.ModelForm):
    class Meta:
        model = TeamMember
        fields = ["person", "office", "role", "discipline"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The team is the association's staff, across its offices.
        self.fields["person"].queryset = (
            User.objects.filter(is_active=True, roles__office__isnull=False)
            .distinct()
            .order_by("username")
        )
        self.fields["office"].queryset = Office.objects.order_by("name")


class ProposalForm(forms.ModelForm):
    class Meta:
        model = Proposal
        fields = ["title", "funder", "office", "amount", "submitted_on", "decision_due_on", "note"]
        widgets = {"submitted_on": DATE, "decision_due_on": DATE}

    def __init__(self, *args, offices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["office"].queryset = offices


class AwardForm(forms.Form):
    project = forms.ModelChoiceField(
        label=_("Existing project"),
        queryset=Project.objects.none(),
        required=False,
        help_text=_("Leave empty to create the project from the proposal."),
    )
    amount = forms.DecimalField(
        label=_("Amount awarded"),
        required=False,
        max_digits=14,
        decimal_places=2,
        help_text=_("In the proposal's currency; empty: the amount requested."),
    )
    kind = forms.ChoiceField(label=_("Kind of the new project"), choices=Project.Kind.choices)
    starts_on = forms.DateField(label=_("New project's start"), required=False, widget=DATE)
    ends_on = forms.DateField(label=_("New project's end"), required=False, widget=DATE)
    decided_on = forms.DateField(label=_("Decided on"), required=False, widget=DATE)

    def __init__(self, *args, projects, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["project"].queryset = projects


class RejectForm(forms.Form):
    decided_on = forms.DateField(label=_("Decided on"), required=False, widget=DATE)
    note = forms.CharField(
        label=_("The funder's reasons"), required=False, max_length=2000, widget=forms.Textarea
    )
