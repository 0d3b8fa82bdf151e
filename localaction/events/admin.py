"""Events in the administration (open to the secretariat, localaction/admin.py),
scoped as the pages are: only the events a person organises are listed and
changed (events/permissions.py). Publishing and cancelling are actions that
call the same services as the pages."""

from __future__ import annotations

from django.contrib import admin
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from localaction.admin import ObeysServices
from localaction.events import permissions

# --- Programme side ------------------------------------------------------------------
from localaction.events import services as programme_services
from localaction.events.models import (
    Event,
    Registration,
    RegistrationCategory,
    Room,
    Session,
    SessionTranslation,
    Speaker,
    Track,
)
from localaction.events.permissions import events_organised_by


class _OrganisedEvents:
    """Rows of the events the person organises; others are neither listed nor changed."""

    event_path = "event"
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def _events(self, request):
        return permissions.events_organised_by(request.user)

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .filter(**{f"{self.event_path}__in": self._events(request)})
        )

    def _allowed(self, request, obj) -> bool:
        if obj is None:
            return True
        event = obj if self.event_path == "pk" else getattr(obj, self.event_path)
        return permissions.organises(request.user, event)

    def has_view_permission(self, request, obj=None) -> bool:
        return self._allowed(request, obj) and super().has_view_permission(request, obj)

    def has_change_permission(self, request, obj=None) -> bool:
        return self._allowed(request, obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None) -> bool:
        return self._allowed(request, obj) and super().has_delete_permission(request, obj)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "event":
            kwargs["queryset"] = self._events(request)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class SessionInline(admin.TabularInline):
    model = Session
    fields = ["title", "kind", "starts_at", "ends_at", "room", "track"]
    readonly_fields = fields
    show_change_link = True
    can_delete = False
    extra = 0

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Event)
class EventAdmin(_OrganisedEvents, ObeysServices, SimpleHistoryAdmin):
    event_path = "pk"
    list_display = ["title", "kind", "organiser", "starts_on", "ends_on", "format", "status"]
    list_filter = ["status", "kind", "format", "region"]
    search_fields = ["title", "slug", "city"]
    prepopulated_fields = {"slug": ["title"]}
    readonly_fields = ["status", "cancelled_at", "cancellation_reason", "created_by", "created_at"]
    inlines = [SessionInline]
    actions = ["publish"]

    @admin.action(description=_("Publish the selected drafts"))
    def publish(self, request, queryset):
        self.act_on_each(
            request,
            queryset,
            lambda event: programme_services.event_publish(event=event),
            allowed=lambda event: permissions.organises(request.user, event),
            done=_("%(count)d events published."),
        )


@admin.register(Track)
class TrackAdmin(_OrganisedEvents, admin.ModelAdmin):
    list_display = ["name", "event"]
    list_filter = ["event"]


@admin.register(Room)
class RoomAdmin(_OrganisedEvents, admin.ModelAdmin):
    list_display = ["name", "event", "capacity"]
    list_filter = ["event"]


@admin.register(Speaker)
class SpeakerAdmin(_OrganisedEvents, admin.ModelAdmin):
    list_display = ["name", "organisation", "event", "user"]
    list_filter = ["event"]
    search_fields = ["name", "organisation"]
    raw_id_fields = ["user"]


class SessionTranslationInline(admin.StackedInline):
    model = SessionTranslation
    extra = 0


@admin.register(Session)
class SessionAdmin(_OrganisedEvents, admin.ModelAdmin):
    """Sessions are read here; they are written on the programme's pages, where
    their speakers are checked against their other sessions."""

    list_display = ["title", "event", "kind", "starts_at", "ends_at", "room", "track"]
    list_filter = ["event", "kind"]
    search_fields = ["title"]
    inlines = [SessionTranslationInline]

    def has_add_permission(self, request) -> bool:
        return False

    def get_readonly_fields(self, request, obj=None):
        return [
            "event", "title", "description", "kind", "track", "room", "starts_at", "ends_at",
            "language", "online_url", "speakers", "meeting",
        ]  # fmt: skip


# --- Registrations (events-registration) ---------------------------------------------


class _OrganisedOnly(_OrganisedEvents, admin.ModelAdmin):
    """The registrations' records: scoped as the programme's (`_OrganisedEvents`),
    and reached by those who organise an event, without the model permissions
    the programme's admin also asks for."""

    def _organises(self, request, obj=None) -> bool:
        if obj is None:
            return events_organised_by(request.user).exists()
        return events_organised_by(request.user).filter(pk=obj.event_id).exists()

    def has_view_permission(self, request, obj=None):
        return self._organises(request, obj)

    def has_module_permission(self, request):
        return self._organises(request)


@admin.register(RegistrationCategory)
class RegistrationCategoryAdmin(_OrganisedOnly):
    list_display = ["name", "event", "kind", "fee", "early_fee", "early_until", "members_free"]
    list_filter = ["kind"]
    search_fields = ["name", "event__title"]

    def has_add_permission(self, request):
        return self._organises(request)

    def has_change_permission(self, request, obj=None):
        return self._organises(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self._organises(request, obj) and (obj is None or not obj.registrations.exists())


@admin.register(Registration)
class RegistrationAdmin(_OrganisedOnly):
    """Read here; written by the site's steps (services.py): registering, the
    waiting list, check-in and certificates keep their rules there."""

    list_display = ["person", "event", "category", "status", "registered_at", "checked_in_at"]
    list_filter = ["status"]
    search_fields = ["person__username", "person__email", "event__title", "badge_code"]
    list_select_related = ["person", "event", "category"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
