from django.contrib import admin

from localaction.reports.models import NetworkReport


@admin.register(NetworkReport)
class NetworkReportAdmin(admin.ModelAdmin):
    list_display = ["year", "gwp", "level", "window", "generated_at", "generated_by"]
    list_filter = ["year", "gwp", "level"]
    # An issued report is a record: it is generated on the site, never edited.
    readonly_fields = [
        "year",
        "gwp",
        "level",
        "window",
        "generated_at",
        "generated_by",
        "pdf",
        "snapshot",
    ]

    def has_add_permission(self, request) -> bool:
        return False
