from django.contrib import admin
from django.db import models
from simple_history.admin import SimpleHistoryAdmin

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
class CampaignAdmin(SimpleHistoryAdmin):
    formfield_overrides = URLS_AS_HTTPS
    list_display = ["name", "code", "methodology", "office", "started_on", "ended_on"]
    list_filter = ["methodology", "office", "regions"]
    search_fields = ["name", "code"]
    autocomplete_fields = ["methodology", "office"]
    filter_horizontal = ["regions"]
    list_select_related = ["methodology", "office"]


@admin.register(Participation)
class ParticipationAdmin(SimpleHistoryAdmin):
    formfield_overrides = URLS_AS_HTTPS
    list_display = ["local_government", "campaign", "joined_on", "withdrawn_on"]
    list_filter = ["campaign", "local_government__country__region"]
    search_fields = ["local_government__name", "local_government__code"]
    autocomplete_fields = ["local_government", "campaign"]
    list_select_related = ["local_government", "campaign"]


@admin.register(MilestoneProgress)
class MilestoneProgressAdmin(SimpleHistoryAdmin):
    """Read and corrected here; verifying happens on the participation's page,
    where the office rule applies and the verifier is stamped."""

    formfield_overrides = URLS_AS_HTTPS
    list_display = ["participation", "milestone", "status", "achieved_on", "verified_on"]
    list_filter = ["status", "participation__campaign"]
    search_fields = ["participation__local_government__name", "milestone__name"]
    raw_id_fields = ["participation", "local_government", "inventory", "target", "action_plan"]
    autocomplete_fields = ["milestone"]
    readonly_fields = ["verified_by", "verified_on"]
    list_select_related = [
        "participation__local_government",
        "participation__campaign",
        "milestone",
    ]


@admin.register(Milestone)
class MilestoneAdmin(admin.ModelAdmin):
    """Searchable for the milestone progress form; milestones are edited with
    their methodology."""

    search_fields = ["name", "methodology__name"]

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
