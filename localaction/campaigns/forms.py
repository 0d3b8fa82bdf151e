"""Forms of the campaigns app: campaigns and milestones first, then a member's
targets, forecast, action plans and actions."""

from django import forms
from django.utils.translation import gettext_lazy as _

from localaction.campaigns.models import (
    ActionPlan,
    Campaign,
    MilestoneProgress,
    Participation,
    Target,
)
from localaction.inventories.models import Inventory
from localaction.network.models import LocalGovernment, Region

# Campaigns, participation and milestones.


def _date_input() -> forms.DateInput:
    return forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})


class CampaignForm(forms.ModelForm):
    """A campaign: its methodology, where it runs and who coordinates it."""

    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")

    class Meta:
        model = Campaign
        fields = [
            "code",
            "name",
            "methodology",
            "aims",
            "regions",
            "office",
            "started_on",
            "ended_on",
            "website",
        ]
        widgets = {
            "aims": forms.Textarea(attrs={"rows": 4}),
            "regions": forms.CheckboxSelectMultiple,
            "started_on": _date_input(),
            "ended_on": _date_input(),
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            # The code is the campaign's web address: links to it must keep working.
            self.fields["code"].disabled = True
        self.fields["code"].help_text = _("Part of the campaign's web address, e.g. water.")


class JoinForm(forms.ModelForm):
    """A local government joining a campaign by its council's resolution.

    `local_governments` are those the person may enrol (what the form accepts);
    `choices` those worth offering (the campaign runs there and they are not in
    it yet). The model says why any other one cannot join.
    """

    # Past this many, a list is unusable: the person types the code instead.
    MAX_CHOICES = 300

    local_government = forms.ModelChoiceField(
        label=_("Local government"),
        queryset=LocalGovernment.objects.none(),
        to_field_name="code",
    )
    resolution_url = forms.URLField(
        label=_("Link to the resolution"), required=False, assume_scheme="https"
    )

    class Meta:
        model = Participation
        fields = ["local_government", "joined_on", "resolution", "resolution_url"]
        widgets = {"joined_on": _date_input(), "resolution": forms.FileInput}
        help_texts = {
            "resolution": _("PDF, office document or scan, up to 10 MB."),
        }

    def __init__(self, *args, local_governments, choices, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["local_government"]
        field.queryset = local_governments
        if len(choices) > self.MAX_CHOICES:
            field.widget = forms.TextInput()
            field.help_text = _("The local government's code, e.g. de-freiburg.")
        else:
            field.choices = [("", "---------")] + [
                (lg.code, f"{lg.name} ({lg.country.display_name})") for lg in choices
            ]

    def clean_local_government(self) -> LocalGovernment:
        local_government = self.cleaned_data["local_government"]
        # The campaign is not a form field, so the model's unique constraint
        # is not checked here; the instance carries the campaign.
        campaign = self.instance.campaign
        if campaign.participations.filter(local_government=local_government).exists():
            raise forms.ValidationError(
                _("%(name)s already takes part in %(campaign)s.")
                % {"name": local_government, "campaign": campaign}
            )
        return local_government


class MilestoneProgressForm(forms.ModelForm):
    """Where a participant stands on one milestone, and the evidence: a file, a
    link, or one of the participant's own inventories, targets or action plans."""

    EVIDENCE = {
        "inventory": _("Inventories"),
        "target": _("Targets"),
        "action_plan": _("Action plans"),
    }

    evidence_url = forms.URLField(label=_("Evidence link"), required=False, assume_scheme="https")
    evidence_object = forms.ChoiceField(label=_("Evidence on the platform"), required=False)
    remove_evidence_file = forms.BooleanField(label=_("Remove the current file"), required=False)

    class Meta:
        model = MilestoneProgress
        fields = ["status", "started_on", "achieved_on", "evidence_file", "evidence_url", "note"]
        widgets = {
            "started_on": _date_input(),
            "achieved_on": _date_input(),
            "evidence_file": forms.FileInput,
            "note": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "status": _("Only the staff of an office covering the participant verify."),
            "evidence_file": _("PDF, office document or scan, up to 10 MB."),
        }

    def __init__(self, *args, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        record = self.instance
        local_government = record.local_government
        self._objects = {
            "inventory": Inventory.objects.filter(local_government=local_government).order_by(
                "year"
            ),
            "target": Target.objects.filter(local_government=local_government),
            "action_plan": ActionPlan.objects.filter(local_government=local_government),
        }
        groups = []
        for kind, objects in self._objects.items():
            options = [(f"{kind}:{obj.pk}", str(obj)) for obj in objects]
            if options:
                groups.append((self.EVIDENCE[kind], options))
        field = self.fields["evidence_object"]
        field.choices = [("", _("None")), *groups]
        field.initial = next(
            (
                f"{kind}:{getattr(record, f'{kind}_id')}"
                for kind in self._objects
                if getattr(record, f"{kind}_id")
            ),
            "",
        )
        if not record.evidence_file:
            del self.fields["remove_evidence_file"]

    def clean(self) -> dict:
        cleaned = super().clean()
        record = self.instance
        kind, _colon, pk = (cleaned.get("evidence_object") or "").partition(":")
        for name in self._objects:
            setattr(record, name, self._objects[name].get(pk=pk) if name == kind else None)
        if cleaned.get("remove_evidence_file") and not self.files.get(
            self.add_prefix("evidence_file")
        ):
            cleaned["evidence_file"] = False
        if (
            cleaned.get("status") == MilestoneProgress.Status.VERIFIED
            and record.verified_by_id is None
        ):
            # Provisionally the person verifying now, so that the model's own
            # rule (a verified milestone names its verifier) does not answer
            # first: services.milestone_record decides whether they may, and
            # stamps them and the date.
            record.verified_by = self.user
        return cleaned


class ParticipantFilterForm(forms.Form):
    """The campaign page's participants, by region and by a milestone reached."""

    region = forms.ModelChoiceField(
        label=_("Region"),
        queryset=Region.objects.none(),
        to_field_name="code",
        required=False,
        empty_label=_("All regions"),
    )
    reached = forms.TypedChoiceField(
        label=_("Milestone reached"), coerce=int, required=False, empty_value=None
    )

    def __init__(self, *args, regions, milestones, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = regions
        self.fields["reached"].choices = [("", _("Any"))] + [
            (milestone.number, str(milestone)) for milestone in milestones
        ]


# Targets, forecasts, action plans and actions.
