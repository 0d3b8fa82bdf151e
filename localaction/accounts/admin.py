from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import User

from localaction.accounts.models import Role


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
class RoleAdmin(admin.ModelAdmin):
    list_display = ["user", "kind", "local_government", "office"]
    list_filter = ["kind"]
    search_fields = ["user__username", "local_government__name", "office__name"]
    autocomplete_fields = ["user", "local_government", "office"]
