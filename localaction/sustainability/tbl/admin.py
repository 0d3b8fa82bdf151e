"""The admin of TBL reporting: the indicator library is kept here; members'
values, targets and reports are read here and written on the site (services.py),
where every rule of who writes and what is refused applies."""

from django.contrib import admin

from localaction.sustainability.tbl.models import TBLIndicator, TBLReport, TBLTarget, TBLValue


@admin.register(TBLIndicator)
class TBLIndicatorAdmin(admin.ModelAdmin):
    list_display = [
        "code",
        "name",
        "dimension",
        "unit",
        "direction",
        "source_key",
        "local_government",
    ]
    list_filter = ["dimension", "direction"]
    search_fields = ["code", "name"]
    raw_id_fields = ["local_government"]

    def get_readonly_fields(self, request, obj=None):
        # The unit and the member of an indicator in use would change what its
        # values mean; a new indicator of the library gets them here.
        return ["local_government", "unit", "source_key"] if obj is not None else []


class _ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(TBLReport)
class TBLReportAdmin(_ReadOnly):
    list_display = ["local_government", "year", "status", "published_at"]
    list_filter = ["status", "year"]
    search_fields = ["local_government__name", "local_government__code"]


@admin.register(TBLValue)
class TBLValueAdmin(_ReadOnly):
    list_display = ["local_government", "indicator", "year", "value"]
    search_fields = ["local_government__name", "indicator__code"]


@admin.register(TBLTarget)
class TBLTargetAdmin(_ReadOnly):
    list_display = ["local_government", "indicator", "target_year", "value"]
    search_fields = ["local_government__name", "indicator__code"]
