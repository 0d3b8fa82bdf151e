"""Forms of the campaigns app: campaigns and milestones first, then a member's
targets, forecast, action plans and actions."""

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from localaction.campaigns.models import (
    Action,
    ActionPlan,
    Campaign,
    Forecast,
    MilestoneProgress,
    Participation,
    Target,
)
from localaction.core import gpc
from localaction.core.gwp import GASES
from localaction.inventories.gpc_names import sector_choices, sector_label
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


def _member_campaigns(local_government, current: Campaign | None):
    """The campaigns a member takes or took part in, and the one already chosen."""
    chosen = Q(participations__local_government=local_government)
    if current is not None:
        chosen |= Q(pk=current.pk)
    return Campaign.objects.filter(chosen).distinct().order_by("name")


class TargetForm(forms.ModelForm):
    """Every kind of target on one form: fields that do not apply to the chosen
    type are emptied, so a target never keeps figures it does not state."""

    sectors = forms.MultipleChoiceField(
        label=_("Sectors"),
        choices=sector_choices,  # called when shown: in the reader's language
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("GPC sectors covered; none for all."),
    )
    gases = forms.MultipleChoiceField(
        label=_("Gases"),
        choices=[(gas, gas) for gas in GASES],
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Gases covered; none for all."),
    )

    # The fields each group holds, as the page shows them (`fieldsets`).
    GHG = ("reduction_percent", "level_tco2e", "coverage", "sectors", "gases", "gwp_set")
    INTENSITY = ("intensity_per", "activity_unit", "base_activity", "target_activity")
    INDICATOR = ("indicator", "indicator_unit", "base_value", "target_value")

    class Meta:
        model = Target
        fields = [
            "title",
            "description",
            "type",
            "campaign",
            "base_year",
            "target_year",
            "reduction_percent",
            "level_tco2e",
            "coverage",
            "sectors",
            "gases",
            "gwp_set",
            "intensity_per",
            "activity_unit",
            "base_activity",
            "target_activity",
            "indicator",
            "indicator_unit",
            "base_value",
            "target_value",
            "is_conditional",
            "adopted_on",
            "is_published",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "type": forms.RadioSelect,
            "adopted_on": _date_input(),
        }
        help_texts = {
            "reduction_percent": _(
                "Below the base year (base-year type), the base-year intensity (intensity) "
                "or business as usual (baseline scenario); not for a fixed level."
            ),
            "is_published": _("Published targets of a published member are public."),
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        target = self.instance
        self.fields["campaign"].queryset = _member_campaigns(
            target.local_government, target.campaign
        )
        self.fields["campaign"].help_text = _(
            "Optional: the campaign the target is set for, among those the member takes part in."
        )
        self.fields["type"].choices = Target.Type.choices

    def clean(self) -> dict:
        cleaned = super().clean()
        kind = cleaned.get("type")
        blank = {name: self.fields[name].to_python("") for name in self.fields}
        unused = set()
        if kind == Target.Type.INDICATOR:
            unused |= {*self.GHG, *self.INTENSITY}
        elif kind:
            unused |= set(self.INDICATOR)
            unused.add("reduction_percent" if kind == Target.Type.FIXED_LEVEL else "level_tco2e")
            if kind != Target.Type.INTENSITY:
                unused |= set(self.INTENSITY)
        for name in unused - {"coverage", "gwp_set"}:
            cleaned[name] = [] if name in ("sectors", "gases") else blank[name]
        return cleaned

    def fieldsets(self) -> list[dict]:
        """The form's fields grouped as the page shows them; `types` says which
        target types a group applies to (none: all)."""
        ghg = [str(t) for t in Target.Type.values if t != Target.Type.INDICATOR]
        groups = [
            ("what", _("The target"), [], ("title", "description", "type", "campaign")),
            ("years", _("Years"), [], ("base_year", "target_year")),
            (
                "ghg",
                _("Greenhouse gas targets: the goal and what it covers"),
                ghg,
                self.GHG,
            ),
            (
                "intensity",
                _("Intensity targets: what the intensity is expressed per"),
                [Target.Type.INTENSITY.value],
                self.INTENSITY,
            ),
            (
                "indicator",
                _("Indicator targets: renewable energy share, energy or water savings"),
                [Target.Type.INDICATOR.value],
                self.INDICATOR,
            ),
            ("adoption", _("Adoption"), [], ("is_conditional", "adopted_on", "is_published")),
        ]
        # Within the GHG group: a reduction, or a level for a fixed-level target.
        only = {
            "reduction_percent": [t for t in ghg if t != Target.Type.FIXED_LEVEL],
            "level_tco2e": [Target.Type.FIXED_LEVEL.value],
        }
        return [
            {
                "id": key,
                "legend": legend,
                "types": " ".join(types),
                "fields": [(self[name], " ".join(only.get(name, []))) for name in names],
            }
            for key, legend, types, names in groups
        ]


class ForecastForm(forms.ModelForm):
    """The default growth rate and one optional rate per GPC sector (% a year)."""

    class Meta:
        model = Forecast
        fields = ["default_growth_percent", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        rates = self.instance.sector_growth_percent or {}
        for sector in gpc.SECTORS:
            self.fields[self.sector_field(sector.ref)] = forms.FloatField(
                label=sector_label(sector),
                required=False,
                min_value=-50,
                max_value=50,
                initial=rates.get(sector.ref),
                help_text=_("Blank: the default rate."),
            )

    @staticmethod
    def sector_field(ref: str) -> str:
        return f"sector_{ref}"

    def sector_fields(self) -> list:
        return [self[self.sector_field(sector.ref)] for sector in gpc.SECTORS]

    def clean(self) -> dict:
        cleaned = super().clean()
        self.instance.sector_growth_percent = {
            sector.ref: cleaned[name]
            for sector in gpc.SECTORS
            if cleaned.get(name := self.sector_field(sector.ref)) is not None
        }
        return cleaned


class ActionPlanForm(forms.ModelForm):
    """A local action plan: its council adoption and the document."""

    url = forms.URLField(label=_("Link"), required=False, assume_scheme="https")
    remove_document = forms.BooleanField(label=_("Remove the current document"), required=False)

    class Meta:
        model = ActionPlan
        fields = ["title", "description", "campaign", "adopted_on", "document", "url"]
        fields += ["is_published"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "adopted_on": _date_input(),
            "document": forms.FileInput,
        }
        help_texts = {
            "document": _("PDF, office document or scan, up to 10 MB."),
            "is_published": _("Published plans of a published member are public."),
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        plan = self.instance
        self.fields["campaign"].queryset = _member_campaigns(plan.local_government, plan.campaign)
        self.fields["campaign"].help_text = _("Blank: the plan serves all the member's campaigns.")
        if not plan.document:
            del self.fields["remove_document"]

    def clean(self) -> dict:
        cleaned = super().clean()
        if cleaned.get("remove_document") and not self.files.get(self.add_prefix("document")):
            cleaned["document"] = False
        return cleaned


class ActionForm(forms.ModelForm):
    """An action, with its plan and target chosen among the member's own."""

    co_benefits = forms.MultipleChoiceField(
        label=_("Co-benefits"),
        choices=Action.CoBenefit.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = Action
        fields = [
            "title",
            "description",
            "kind",
            "sector",
            "status",
            "plan",
            "target",
            "campaign",
            "starts_on",
            "ends_on",
            "cost",
            "currency",
            "funding_source",
            "impact_tco2e",
            "impact_amount",
            "impact_unit",
            "co_benefits",
            "is_published",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "starts_on": _date_input(),
            "ends_on": _date_input(),
        }
        help_texts = {
            "impact_tco2e": _("Emissions the action avoids each year, in tonnes CO2e."),
            "is_published": _("Published actions of a published member are public."),
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        action = self.instance
        local_government = action.local_government
        self.fields["plan"].queryset = ActionPlan.objects.filter(local_government=local_government)
        self.fields["target"].queryset = Target.objects.filter(local_government=local_government)
        self.fields["campaign"].queryset = _member_campaigns(local_government, action.campaign)
        self.fields["sector"].choices = [("", "---------"), *sector_choices()]
