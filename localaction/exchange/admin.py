"""City-to-city exchange in the admin (the secretariat's), obeying the same
rules as the pages: an exchange's status and its members' acceptance are
read-only here (they change on the exchange's page, through services.py);
needs and offers are corrected here, checked by their model as on the page."""

from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext

from localaction.admin import ObeysServices
from localaction.exchange.models import Activity, Exchange, FollowUp, Listing, Participant


@admin.register(Listing)
class ListingAdmin(ObeysServices, admin.ModelAdmin):
    list_display = ["title", "kind", "member", "is_open", "published_on"]
    list_filter = ["kind", "is_open", "member__country__region"]
    search_fields = ["title", "member__name", "member__code"]
    raw_id_fields = ["member"]
    readonly_fields = ["created_by"]


class ParticipantInline(admin.TabularInline):
    model = Participant
    fields = ["member", "role", "accepted_at", "accepted_by"]
    readonly_fields = ["member", "accepted_at", "accepted_by"]
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        # Members join an exchange when it is proposed (services.exchange_propose).
        return False


class ActivityInline(admin.TabularInline):
    model = Activity
    extra = 0


class FollowUpInline(admin.TabularInline):
    model = FollowUp
    extra = 0


@admin.register(Exchange)
class ExchangeAdmin(ObeysServices, admin.ModelAdmin):
    list_display = ["title", "kind", "status", "starts_on", "ends_on"]
    list_filter = ["kind", "status"]
    search_fields = ["title", "participants__member__name"]
    readonly_fields = ["status", "need", "offer", "proposed_by", "created_at"]
    inlines = [ParticipantInline, ActivityInline, FollowUpInline]

    def has_add_permission(self, request) -> bool:
        # Proposed on the site or through the API, where the other members are told.
        return False

    def deletion_refusal(self, obj) -> str | None:
        if obj.status != Exchange.Status.PROPOSED:
            return gettext("An exchange once agreed is kept: cancel it instead.")
        return None
