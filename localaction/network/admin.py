from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from localaction.network.models import Country, LocalGovernment, Membership, Office, Region


class CountryInline(admin.TabularInline):
    model = Country
    fields = ["code", "name"]
    readonly_fields = ["code", "name"]
    extra = 0
    can_delete = False
    show_change_link = True


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["name", "code"]
    search_fields = ["name", "code"]
    inlines = [CountryInline]


@admin.register(Country)
class CountryAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "region"]
    list_filter = ["region"]
    list_editable = ["region"]
    search_fields = ["code", "name"]


@admin.register(Office)
class OfficeAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "city", "country"]
    list_filter = ["kind"]
    search_fields = ["name", "code", "city"]
    filter_horizontal = ["regions", "countries"]
    autocomplete_fields = ["country"]


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    fields = [
        "type",
        "status",
        "applied_on",
        "approved_on",
        "started_on",
        "ended_on",
        "approved_by",
    ]
    raw_id_fields = ["approved_by"]


@admin.register(LocalGovernment)
class LocalGovernmentAdmin(SimpleHistoryAdmin):
    list_display = ["name", "code", "country", "kind", "population", "is_published"]
    list_filter = ["kind", "is_published", "country__region"]
    search_fields = ["name", "code"]
    autocomplete_fields = ["country", "parent"]
    inlines = [MembershipInline]
    list_select_related = ["country"]


@admin.register(Membership)
class MembershipAdmin(SimpleHistoryAdmin):
    list_display = ["local_government", "type", "status", "applied_on", "started_on", "ended_on"]
    list_filter = ["status", "type", "local_government__country__region"]
    search_fields = ["local_government__name", "local_government__code"]
    autocomplete_fields = ["local_government"]
    raw_id_fields = ["approved_by"]
    list_select_related = ["local_government"]
