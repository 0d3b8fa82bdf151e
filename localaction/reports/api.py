"""The network report API: the report for a scope, as the dashboard shows it, as data.

Public and published-only, like the dashboard; read through the same cache. A
scope nobody asked for before is computed by a task, once however many ask:
meanwhile the API answers 202 with Retry-After (503 when too many scopes are
being prepared), and the report itself once it is there.
"""

from __future__ import annotations

from django.urls import path
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.routers import DefaultRouter
from rest_framework.views import APIView

from localaction.api import refuse_nul_parameters
from localaction.reports.figures import Preparing, Reports
from localaction.reports.services import ReportError

router = DefaultRouter()


class GroupSerializer(serializers.Serializer):
    name = serializers.CharField()
    members = serializers.IntegerField()
    population = serializers.IntegerField()
    tco2e = serializers.FloatField()


class ReportSerializer(serializers.Serializer):
    """The report as `Report.as_json()` gives it (figures in t CO2e)."""

    year = serializers.IntegerField()
    gwp = serializers.CharField()
    gwp_title = serializers.CharField()
    level = serializers.CharField()
    window = serializers.IntegerField(help_text=_("Years before the report year that count."))
    filters = serializers.DictField(child=serializers.CharField(allow_null=True))
    rules = serializers.ListField(child=serializers.CharField())
    members_reporting = serializers.IntegerField()
    population_covered = serializers.IntegerField()
    world_population = serializers.IntegerField()
    population_share = serializers.FloatField(help_text=_("0 to 1."))
    total_tco2e = serializers.FloatField()
    by_region = serializers.DictField(child=GroupSerializer(), help_text=_("By region code."))
    by_country = serializers.DictField(child=GroupSerializer(), help_text=_("By ISO code."))
    by_kind = serializers.DictField(child=GroupSerializer())
    by_population_band = serializers.DictField(child=GroupSerializer())
    by_campaign = serializers.DictField(child=GroupSerializer(), help_text=_("By campaign code."))
    by_sector = serializers.DictField(child=serializers.DictField())
    by_scope = serializers.DictField(child=serializers.DictField())
    by_gas = serializers.DictField(child=serializers.DictField())
    excluded = serializers.ListField(child=serializers.DictField())
    inventories = serializers.ListField(
        child=serializers.DictField(),
        help_text=_("The counted inventories: every figure's source."),
    )
    commitments = serializers.DictField(child=serializers.DictField())
    targets = serializers.DictField()
    actions = serializers.DictField(child=serializers.DictField())
    figures_as_of = serializers.DateTimeField(
        help_text=_("When these figures were computed (the latest computed are served at once).")
    )
    newer_figures_being_prepared = serializers.BooleanField(
        help_text=_("The data changed since: a recomputation is queued; ask again shortly.")
    )


class PreparingSerializer(serializers.Serializer):
    detail = serializers.CharField()
    retry_after = serializers.IntegerField(help_text=_("Seconds; also the Retry-After header."))


def preparing_response(waiting: Preparing) -> Response:
    """What the API answers while a scope's figures are prepared (202), or
    while too many are (503)."""
    if waiting.busy:
        detail = _("Many reports are being prepared; ask again later.")
    else:
        detail = _("These figures are being prepared; ask again shortly.")
    return Response(
        {"detail": detail, "retry_after": waiting.retry_after},
        status=503 if waiting.busy else 202,
        headers={"Retry-After": str(waiting.retry_after)},
    )


SCOPE_PARAMETERS = [
    OpenApiParameter(
        "year", OpenApiTypes.INT, description="Report year (default: the latest with data)."
    ),
    OpenApiParameter("gwp", OpenApiTypes.STR, description="GWP set, e.g. AR6GWP100 (default)."),
    OpenApiParameter("level", OpenApiTypes.STR, enum=["BASIC", "BASIC+"]),
    OpenApiParameter(
        "window", OpenApiTypes.INT, description="Years before the report year (0–10)."
    ),
    OpenApiParameter("region", OpenApiTypes.STR, description="Region code."),
    OpenApiParameter("country", OpenApiTypes.STR, description="ISO 3166-1 country code."),
    OpenApiParameter("campaign", OpenApiTypes.STR, description="Campaign code."),
]


class ReportView(APIView):
    """The network report for a year and rules, from published data only."""

    permission_classes = [AllowAny]

    @extend_schema(
        operation_id="report_retrieve",
        summary="The network report",
        tags=["report"],
        parameters=SCOPE_PARAMETERS,
        responses={
            200: ReportSerializer,
            202: OpenApiResponse(
                PreparingSerializer,
                description=(
                    "Nobody asked for this scope before: its figures are being computed "
                    "(once, however many ask). Ask again after Retry-After seconds."
                ),
            ),
            400: OpenApiResponse(
                description=(
                    'A parameter is wrong: {"<parameter>": ["<what is wrong>"]}: a value '
                    "that is not a year, GWP set, level, window, region, country or "
                    "campaign the report knows (a year before the first published "
                    "inventory, a country without a published local government or "
                    "outside the region named), or a report the data cannot make."
                )
            ),
            503: OpenApiResponse(
                PreparingSerializer,
                description=(
                    "Too many scopes are being prepared at once: ask again after "
                    "Retry-After seconds."
                ),
            ),
        },
    )
    def get(self, request):
        refuse_nul_parameters(request)
        reports = Reports.now()
        try:
            scope = reports.scope(request.query_params)
            report = reports.report(scope)
        except Preparing as waiting:
            return preparing_response(waiting)
        except ReportError as error:
            return Response({error.field: [str(error)]}, status=400)
        reports.queue_recomputation()
        return Response(
            {
                **report.as_json(),
                "figures_as_of": reports.as_of,
                "newer_figures_being_prepared": reports.preparing,
            }
        )


urlpatterns = [
    path("report/", ReportView.as_view(), name="api-report"),
]
