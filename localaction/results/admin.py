"""The plan's results in the admin (the secretariat's), obeying the same
rules as the pages: indicators and their periods are defined here; a value's
status, who decided and when are read-only, and a value is approved or
returned only by the admin actions, which call `results.services` (never by
the one who entered it); a period is closed by its action; reviews are
recorded on the dashboard and read here."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from localaction.admin import ObeysServices
from localaction.results import measures, permissions, services
from localaction.results.models import Indicator, Period, Review, ReviewEntry, Value


class PeriodInline(admin.TabularInline):
    model = Period
    extra = 0
    fields = ["label", "starts_on", "ends_on", "closed_at"]
    readonly_fields = ["closed_at"]


class IndicatorForm(forms.ModelForm):
    measure = forms.ChoiceField(label=_("measure"), required=False)

    class Meta:
        model = Indicator
        fields = [
            "goal",
            "code",
            "name",
            "description",
            "unit",
            "source",
            "measure",
            "region",
            "office",
            "activity",
            "direction",
            "baseline",
            "baseline_on",
            "target",
            "target_on",
            "is_public",
            "order",
        ]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["measure"].choices = [("", "—"), *measures.choices()]


@admin.register(Indicator)
class IndicatorAdmin(ObeysServices, admin.ModelAdmin):
    form = IndicatorForm
    list_display = ["name", "goal", "source", "measure", "is_public"]
    list_filter = ["source", "is_public", "goal__area__plan"]
    search_fields = ["name", "code"]
    inlines = [PeriodInline]

    def deletion_refusal(self, obj) -> str | None:
        if obj.values.exclude(status=Value.Status.DRAFT).exists() or obj.review_entries.exists():
            return str(_("Its values or reviews are on record: the indicator is kept."))
        return None

    def has_module_permission(self, request) -> bool:
        return permissions.can_keep_indicators(request.user)

    def has_view_permission(self, request, obj=None) -> bool:
        return permissions.can_keep_indicators(request.user)


@admin.register(Period)
class PeriodAdmin(ObeysServices, admin.ModelAdmin):
    list_display = ["indicator", "label", "starts_on", "ends_on", "closed_at"]
    readonly_fields = ["closed_at", "closed_by"]
    actions = ["close"]

    def deletion_refusal(self, obj) -> str | None:
        if obj.is_closed or obj.values.exists():
            return str(_("The period is closed or has values: it is kept."))
        return None

    @admin.action(description=_("Close the selected periods"))
    def close(self, request, queryset) -> None:
        self.act_on_each(
            request,
            queryset,
            lambda period: services.period_close(period=period, by=request.user),
            allowed=lambda period: permissions.can_keep_indicators(request.user),
            done=_("%(count)s periods closed."),
        )


@admin.register(Value)
class ValueAdmin(ObeysServices, admin.ModelAdmin):
    list_display = ["indicator", "period", "value", "source", "status", "entered_by", "decided_by"]
    list_filter = ["status", "source"]
    readonly_fields = [
        "indicator",
        "period",
        "value",
        "source",
        "status",
        "comment",
        "evidence",
        "evidence_url",
        "measure_words",
        "records_url",
        "entered_by",
        "entered_at",
        "submitted_at",
        "decided_by",
        "decided_at",
        "return_reason",
    ]
    actions = ["approve"]

    def has_add_permission(self, request) -> bool:
        # Values are entered on the indicator's page, through the services' checks.
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def deletion_refusal(self, obj) -> str | None:
        if obj.status != Value.Status.DRAFT:
            return str(_("Only a draft value is deleted; this one is kept as the record."))
        return None

    @admin.action(description=_("Approve the selected values"))
    def approve(self, request, queryset) -> None:
        self.act_on_each(
            request,
            queryset,
            lambda value: services.value_approve(value=value, by=request.user),
            allowed=lambda value: permissions.may_approve(request.user),
            done=_("%(count)s values approved."),
        )


class ReviewEntryInline(admin.TabularInline):
    model = ReviewEntry
    extra = 0
    fields = ["indicator", "value", "status", "measure_words"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Review)
class ReviewAdmin(ObeysServices, admin.ModelAdmin):
    list_display = ["held_on", "plan", "body", "recorded_by"]
    readonly_fields = ["plan", "held_on", "body", "note", "recorded_by", "recorded_at"]
    inlines = [ReviewEntryInline]

    def has_add_permission(self, request) -> bool:
        return False
