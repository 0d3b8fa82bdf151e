"""The footprints in the admin: to look up, not to change. Every change goes
through the pages and the API, whose services check the figures
(services.py); the admin would bypass them."""

from django.contrib import admin

from localaction.sustainability.footprints.models import (
    Biocapacity,
    CongressRound,
    Footprint,
    NationalFootprint,
)


class _ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(NationalFootprint)
class NationalFootprintAdmin(_ReadOnly):
    list_display = ["country", "year", "per_person", "source", "is_illustrative"]
    list_filter = ["is_illustrative", "year"]
    search_fields = ["country__name", "source"]


@admin.register(Biocapacity)
class BiocapacityAdmin(_ReadOnly):
    list_display = ["year", "per_person", "source", "is_illustrative"]


@admin.register(CongressRound)
class CongressRoundAdmin(_ReadOnly):
    list_display = ["year", "first_year", "last_year", "meeting"]


@admin.register(Footprint)
class FootprintAdmin(_ReadOnly):
    list_display = ["local_government", "round", "year", "kind", "total", "status"]
    list_filter = ["round", "kind", "status"]
    search_fields = ["local_government__name", "local_government__code"]
    list_select_related = ["local_government", "round"]
