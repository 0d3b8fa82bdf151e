from django.contrib import admin
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from localaction.admin import ObeysServices
from localaction.campaigns.models import (
    Action,
    ActionPlan,
    Campaign,
    Forecast,
    Methodology,
    Milestone,
    MilestoneProgress,
    Participation,
    Target,
)
from localaction.campaigns.permissions import can_verify_milestone
from localaction.campaigns.services import milestone_record

# Links typed without a scheme are taken as https, as on the site's forms.
URLS_AS_HTTPS = {models.URLField: {"assume_scheme": "https"}}


class MilestoneInline(admin.StackedInline):
    model = Milestone
    extra = 0
    fields = ["number", "name", "requires", "evidence", "recognised_from"]


@admin.register(Methodology)
class MethodologyAdmin(SimpleHistoryAdmin):
    list_display = ["name", "code"]
    search_fields = ["name", "code"]
    prepopulated_fields = {"code": ["name"]}
    inlines = [MilestoneInline]


@admin.register(Campaign)
class CampaignAdmin(ObeysServices, SimpleHistoryAdmin):
    formfield_overrides = URLS_AS_HTTPS
    list_display = ["name", "code", "methodology", "office", "started_on", "ended_on"]
    list_filter = ["methodology", "office", "regions"]
    search_fields = ["name", "code"]
    autocomplete_fields = ["methodology", "office"]
    filter_horizontal = ["regions"]
    list_select_related = ["methodology", "office"]

    def deletion_refusal(self, obj) -> str | None:
        if obj.participations.exists():
            return gettext(
                "It has participants: a campaign ends (its end date), it is not deleted."
            )
        return None


@admin.register(Participation)
class ParticipationAdmin(ObeysServices, SimpleHistoryAdmin):
    formfield_overrides = URLS_AS_HTTPS
    list_display = ["local_government", "campaign", "joined_on", "withdrawn_on"]
    list_filter = ["campaign", "local_government__country__region"]
    search_fields = ["local_government__name", "local_government__code"]
    autocomplete_fields = ["local_government", "campaign"]
    list_select_related = ["local_government", "campaign"]

    def get_readonly_fields(self, request, obj=None) -> list[str]:
        # A participation stays with its member and campaign; its progress with it.
        return [] if obj is None else ["local_government", "campaign"]

    def deletion_refusal(self, obj) -> str | None:
        if obj.milestones.exists():
            return gettext(
                "Progress on its milestones is recorded: a participant withdraws "
                "(its withdrawal date), it is not deleted."
            )
        return None


def _milestone_action(status: str, description: str):
    def record(modeladmin, request, queryset):
        def move(progress: MilestoneProgress) -> None:
            progress.status = status
            milestone_record(record=progress, user=request.user)

        modeladmin.act_on_each(
            request,
            queryset.select_related("participation__local_government", "milestone"),
            move,
            allowed=lambda progress: (
                status != MilestoneProgress.Status.VERIFIED
                or can_verify_milestone(request.user, progress.participation)
            ),
            done=_("Milestones recorded: %(count)s."),
        )

    record.__name__ = f"record_{status}"
    return admin.action(description=description)(record)


@admin.register(MilestoneProgress)
class MilestoneProgressAdmin(ObeysServices, SimpleHistoryAdmin):
    """Read and corrected here through services.milestone_record, as on the
    participation's page: the status changes by the actions, verifying stamps
    the verifier, and only an office verifies or changes a verified record."""

    formfield_overrides = URLS_AS_HTTPS
    list_display = ["participation", "milestone", "status", "achieved_on", "verified_on"]
    list_filter = ["status", "participation__campaign"]
    search_fields = ["participation__local_government__name", "milestone__name"]
    raw_id_fields = ["participation", "local_government", "inventory", "target", "action_plan"]
    autocomplete_fields = ["milestone"]
    list_select_related = [
        "participation__local_government",
        "participation__campaign",
        "milestone",
    ]
    actions = [
        _milestone_action(MilestoneProgress.Status.IN_PROGRESS, _("Record as in progress")),
        _milestone_action(MilestoneProgress.Status.ACHIEVED, _("Record as achieved")),
        _milestone_action(MilestoneProgress.Status.VERIFIED, _("Verify")),
    ]

    def get_readonly_fields(self, request, obj=None) -> list[str]:
        fixed = ["status", "verified_by", "verified_on", "local_government"]
        return fixed if obj is None else [*fixed, "participation", "milestone"]

    def save_model(self, request, obj, form, change) -> None:
        milestone_record(record=obj, user=request.user)

    def deletion_refusal(self, obj) -> str | None:
        return gettext(
            "Recorded progress is a record: record the milestone as not started instead."
        )


@admin.register(Milestone)
class MilestoneAdmin(ObeysServices, admin.ModelAdmin):
    """Searchable for the milestone progress form; milestones are edited with
    their methodology."""

    search_fields = ["name", "methodology__name"]

    def deletion_refusal(self, obj) -> str | None:
        return obj.deletion_refusal()

    def get_model_perms(self, request) -> dict:
        return {}


@admin.register(Target)
class TargetAdmin(SimpleHistoryAdmin):
    list_display = ["title", "local_government", "type", "base_year", "target_year", "adopted_on"]
    list_filter = ["type", "is_published", "campaign"]
    search_fields = ["title", "local_government__name", "local_government__code"]
    autocomplete_fields = ["local_government", "campaign"]
    list_select_related = ["local_government"]


@admin.register(ActionPlan)
class ActionPlanAdmin(SimpleHistoryAdmin):
    formfield_overrides = URLS_AS_HTTPS
    list_display = ["title", "local_government", "campaign", "adopted_on", "is_published"]
    list_filter = ["is_published", "campaign"]
    search_fields = ["title", "local_government__name", "local_government__code"]
    autocomplete_fields = ["local_government", "campaign"]
    list_select_related = ["local_government"]


@admin.register(Action)
class ActionAdmin(SimpleHistoryAdmin):
    list_display = ["title", "local_government", "kind", "status", "sector", "impact_tco2e"]
    list_filter = ["kind", "status", "sector", "is_published", "campaign"]
    search_fields = ["title", "local_government__name", "local_government__code"]
    autocomplete_fields = ["local_government", "campaign"]
    raw_id_fields = ["plan", "target"]
    list_select_related = ["local_government"]


@admin.register(Forecast)
class ForecastAdmin(SimpleHistoryAdmin):
    list_display = ["local_government", "default_growth_percent", "updated_at"]
    search_fields = ["local_government__name", "local_government__code"]
    autocomplete_fields = ["local_government"]
    list_select_related = ["local_government"]
