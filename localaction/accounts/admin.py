from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import User
from simple_history.admin import SimpleHistoryAdmin

from localaction.accounts import notifications
from localaction.accounts.models import (
    Invitation,
    Notification,
    NotificationPreference,
    Role,
)
from localaction.accounts.teams import role_change, role_remove
from localaction.admin import ObeysServices


class RoleInline(admin.TabularInline):
    model = Role
    extra = 1
    autocomplete_fields = ["local_government", "office"]


admin.site.unregister(User)


@admin.register(User)
class PersonAdmin(UserAdmin):
    """Users with their roles, so the secretariat gives people access in one place."""

    inlines = [RoleInline]


@admin.register(Role)
class RoleAdmin(ObeysServices, SimpleHistoryAdmin):
    """Roles change and go through accounts.teams, as on the team pages: the
    same checks, and the history names who changed them."""

    list_display = ["user", "kind", "local_government", "office"]
    list_filter = ["kind"]
    search_fields = ["user__username", "local_government__name", "office__name"]
    autocomplete_fields = ["user", "local_government", "office"]

    def get_readonly_fields(self, request, obj=None) -> list[str]:
        # A role is someone's in one organisation: another is a new role.
        return [] if obj is None else ["user", "local_government", "office"]

    def save_model(self, request, obj, form, change) -> None:
        if change:
            role_change(role=obj, kind=obj.kind, by=request.user)
        else:
            obj._history_user = request.user
            super().save_model(request, obj, form, change)

    def delete_model(self, request, obj) -> None:
        role_remove(role=obj, by=request.user)

    def delete_queryset(self, request, queryset) -> None:
        for role in queryset:
            role_remove(role=role, by=request.user)


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    """Invitations are sent from the team pages; here the secretariat looks them up."""

    list_display = [
        "email",
        "kind",
        "local_government",
        "office",
        "invited_by",
        "expires_at",
        "accepted_at",
        "withdrawn_at",
    ]
    list_filter = ["kind"]
    search_fields = ["email", "local_government__name", "office__name"]
    date_hierarchy = "created_at"
    readonly_fields = ["token", "invited_by", "created_at", "accepted_at", "accepted_by"]
    autocomplete_fields = ["local_government", "office"]

    def has_add_permission(self, request) -> bool:
        # An invitation made here would never be e-mailed: use the team pages.
        return False


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    """What people were told, to answer "did they hear of it?"; nothing is
    written here: notifications come from the events themselves."""

    list_display = ["recipient", "kind", "created_at", "read_at", "emailed_at"]
    list_filter = ["kind", ("read_at", admin.EmptyFieldListFilter)]
    search_fields = ["recipient__username", "recipient__email"]
    date_hierarchy = "created_at"
    list_select_related = ["recipient"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


class NotificationPreferenceForm(forms.ModelForm):
    # The registry's kinds only: an unknown kind would never be used.
    kind = forms.ChoiceField(
        choices=lambda: [(key, kind.label) for key, kind in notifications.KINDS.items()]
    )

    class Meta:
        model = NotificationPreference
        fields = ["user", "kind", "delivery"]


@admin.register(NotificationPreference)
class NotificationPreferenceAdmin(admin.ModelAdmin):
    form = NotificationPreferenceForm
    list_display = ["user", "kind", "delivery"]
    list_filter = ["kind", "delivery"]
    search_fields = ["user__username"]
    autocomplete_fields = ["user"]
