"""Partnerships in the admin (the secretariat's), obeying the same rules as
the pages: an agreement's status is read-only here; it is activated through
`partnerships.services.activate` (the plan's conditions checked), as an
action. An agreement that was ever active is kept (ended, not deleted)."""

from __future__ import annotations

from django.contrib import admin
from django.db import models
from django.utils.translation import gettext, gettext_lazy
from simple_history.admin import SimpleHistoryAdmin

from localaction.admin import ObeysServices
from localaction.partnerships import permissions, services
from localaction.partnerships.models import Agreement, PartnerOrganisation, Signatory


@admin.register(PartnerOrganisation)
class PartnerOrganisationAdmin(ObeysServices, admin.ModelAdmin):
    list_display = ["name", "kind", "country"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_filter = ["kind"]
    search_fields = ["name"]


class SignatoryInline(admin.TabularInline):
    model = Signatory
    extra = 0
    fields = ["name", "title", "party"]


@admin.register(Agreement)
class AgreementAdmin(ObeysServices, SimpleHistoryAdmin):
    list_display = ["title", "partner", "kind", "office", "status", "starts_on", "ends_on"]
    list_filter = ["status", "kind", "office"]
    search_fields = ["title", "partner__name"]
    readonly_fields = ["status", "reminded_for", "created_at", "created_by"]
    inlines = [SignatoryInline]
    actions = ["activate"]

    def save_model(self, request, obj, form, change) -> None:
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    @admin.action(description=gettext_lazy("Activate the selected agreements"))
    def activate(self, request, queryset) -> None:
        self.act_on_each(
            request,
            queryset,
            lambda agreement: services.activate(agreement, by=request.user),
            allowed=lambda agreement: permissions.can_keep_agreement(request.user, agreement),
            done=gettext("%(count)d agreements activated."),
        )

    def deletion_refusal(self, obj) -> str | None:
        if obj.status != Agreement.Status.DRAFT:
            return gettext("An agreement that was active is kept: end it instead.")
        return None
