from django.contrib import admin
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from localaction.admin import ObeysServices
from localaction.network.models import (
    Country,
    LocalGovernment,
    Membership,
    MembershipCategory,
    Office,
    Region,
)
from localaction.network.permissions import can_decide_membership


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
    """Memberships are read here; they are decided on the membership's own page
    (its actions), as on the site."""

    model = Membership
    extra = 0
    can_delete = False
    show_change_link = True
    fields = [
        "type",
        "status",
        "applied_on",
        "approved_on",
        "started_on",
        "ended_on",
        "approved_by",
    ]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(LocalGovernment)
class LocalGovernmentAdmin(SimpleHistoryAdmin):
    list_display = ["name", "code", "country", "kind", "population", "is_published"]
    list_filter = ["kind", "is_published", "country__region"]
    search_fields = ["name", "code"]
    autocomplete_fields = ["country", "parent"]
    inlines = [MembershipInline]
    list_select_related = ["country"]


def _membership_action(status: str, description: str):
    def move(modeladmin, request, queryset):
        modeladmin.act_on_each(
            request,
            queryset.select_related("local_government"),
            lambda membership: membership.move_to(status, by=request.user),
            allowed=lambda membership: can_decide_membership(
                request.user, membership.local_government
            ),
            done=_("Memberships decided: %(count)s."),
        )

    move.__name__ = f"move_to_{status}"
    return admin.action(description=description)(move)


# Decided by Membership.move_to, which stamps the dates and the approver.
DECISION_FIELDS = ["status", "approved_on", "approved_by", "started_on", "ended_on"]


@admin.register(Membership)
class MembershipAdmin(ObeysServices, SimpleHistoryAdmin):
    list_display = [
        "local_government",
        "type",
        "category",
        "status",
        "applied_on",
        "started_on",
        "ended_on",
    ]
    list_filter = ["status", "type", "category", "local_government__country__region"]
    search_fields = ["local_government__name", "local_government__code"]
    autocomplete_fields = ["local_government"]
    list_select_related = ["local_government"]
    actions = [
        _membership_action(Membership.Status.APPROVED, _("Approve the selected applications")),
        _membership_action(Membership.Status.ACTIVE, _("Make the selected memberships active")),
        _membership_action(Membership.Status.LAPSED, _("Mark the selected memberships lapsed")),
        _membership_action(Membership.Status.WITHDRAWN, _("Withdraw the selected memberships")),
    ]

    def get_readonly_fields(self, request, obj=None) -> list[str]:
        # A new membership is an application; a membership stays with its member.
        return DECISION_FIELDS if obj is None else ["local_government", *DECISION_FIELDS]

    def save_model(self, request, obj, form, change) -> None:
        super().save_model(request, obj, form, change)
        if not change:
            obj.tell_offices_of_application()

    def deletion_refusal(self, obj) -> str | None:
        return gettext("A membership is a record: withdraw it rather than delete it.")


@admin.register(MembershipCategory)
class MembershipCategoryAdmin(ObeysServices, SimpleHistoryAdmin):
    """Categories are data the secretariat edits; one in use is not deleted."""

    list_display = ["name", "code", "membership_type", "votes", "pays_dues", "fee_basis"]
    list_filter = ["membership_type", "votes", "fee_basis"]
    search_fields = ["name", "code"]

    def deletion_refusal(self, obj) -> str | None:
        if obj.memberships.exists():
            return gettext("Memberships have this category: it is not deleted.")
        return None
