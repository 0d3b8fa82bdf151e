"""Events in the administration, scoped like the pages: those who organise an
event (staff of its office, the secretariat) see and change its records."""

from django.contrib import admin

# --- Registrations (events-registration) ---------------------------------------------
from localaction.events.models import Registration, RegistrationCategory
from localaction.events.permissions import events_organised_by


class _OrganisedOnly(admin.ModelAdmin):
    """Rows of the events the person organises; nothing of the others."""

    def get_queryset(self, request):
        return super().get_queryset(request).filter(event__in=events_organised_by(request.user))

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

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "event":
            kwargs["queryset"] = events_organised_by(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

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
