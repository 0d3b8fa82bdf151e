"""The TBL API, under the same permissions as the pages (tbl/permissions.py):
published reports of published members for everyone, drafts, values, targets
and own indicators for those who see the member's workings; writes by the
member's editors (and covering offices), through the same services."""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.urls import path
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.exceptions import ValidationError as APIValidationError
from rest_framework.permissions import SAFE_METHODS, BasePermission
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter
from rest_framework.views import APIView

from localaction.api import Pagination, RefuseNulParameters, refuse_nul_parameters
from localaction.core.quantities import COMMENT_LENGTH, DESCRIPTION_LENGTH, YEAR
from localaction.network.api import VisibleLocalGovernmentField
from localaction.sustainability.tbl import services
from localaction.sustainability.tbl.models import (
    SECTIONS,
    TBLIndicator,
    TBLReport,
    TBLTarget,
    TBLValue,
)
from localaction.sustainability.tbl.permissions import (
    can_edit_tbl,
    indicators_visible_to,
    insider_local_governments,
    reports_visible_to,
)
from localaction.validators import NumberField


@extend_schema_field(OpenApiTypes.STR)
class _MemberCode(VisibleLocalGovernmentField):
    """A member's code, in serializers without a model to tell the schema so."""


class TBLPermission(BasePermission):
    """Anyone reads what they may see; writes need a signed-in person, and the
    view asks whether that person edits the member named."""

    anonymous_methods = SAFE_METHODS

    def has_permission(self, request, view) -> bool:
        return request.method in SAFE_METHODS or request.user.is_authenticated


def _refused(error: DjangoValidationError) -> APIValidationError:
    return APIValidationError(serializers.as_serializer_error(error))


def _editable(user, local_government):
    if not can_edit_tbl(user, local_government):
        raise PermissionDenied("Only the member's editors and the offices covering it write this.")
    return local_government


def _indicator(local_government, code: str) -> TBLIndicator:
    """The indicator `code` of the library or the member; another member's own
    one is passed on so that the service refuses it by name."""
    found = TBLIndicator.objects.available_to(local_government).filter(code=code).first()
    found = found or TBLIndicator.objects.filter(code=code).first()
    if found is None:
        raise APIValidationError({"indicator": [f"'{code}' is not an indicator."]})
    return found


def _year_parameter(request) -> int | None:
    text = request.query_params.get("year")
    if text in (None, ""):
        return None
    if not text.isdigit() or not YEAR.accepts(int(text)):
        raise APIValidationError({"year": ["Enter a year from 1900 to 2100."]})
    return int(text)


# --- indicators ------------------------------------------------------------


class TBLIndicatorSerializer(serializers.ModelSerializer):
    """An indicator of the library (no member) or a member's own."""

    local_government = VisibleLocalGovernmentField(required=False, allow_null=True)

    class Meta:
        model = TBLIndicator
        fields = [
            "id",
            "local_government",
            "code",
            "name",
            "dimension",
            "unit",
            "direction",
            "source_key",
            "reference",
        ]
        validators = []  # the service checks uniqueness with the rest


class IndicatorViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """TBL indicators: the library's and the members' own that the person may
    see. POST adds a member's own indicator (its editors)."""

    serializer_class = TBLIndicatorSerializer
    permission_classes = [TBLPermission]
    filter_backends = [RefuseNulParameters]
    pagination_class = Pagination

    def get_queryset(self):
        return indicators_visible_to(self.request.user).select_related("local_government")

    def perform_create(self, serializer) -> None:
        data = serializer.validated_data
        local_government = data.get("local_government")
        if local_government is None:
            raise PermissionDenied("The library's indicators are kept by the secretariat (admin).")
        _editable(self.request.user, local_government)
        try:
            serializer.instance = services.indicator_create(
                local_government=local_government,
                code=data["code"],
                name=data["name"],
                dimension=data["dimension"],
                unit=data["unit"],
                direction=data["direction"],
                source_key=data.get("source_key", ""),
                reference=data.get("reference", ""),
            )
        except DjangoValidationError as error:
            raise _refused(error) from None


# --- values and targets ----------------------------------------------------


class TBLValueSerializer(serializers.Serializer):
    """A member's value of an indicator for a year. `unit` (write only) may be
    another unit of the indicator's dimension: the value is converted and kept
    in the indicator's unit."""

    id = serializers.IntegerField(read_only=True)
    local_government = _MemberCode()
    indicator = serializers.CharField(max_length=60)
    year = serializers.IntegerField()
    value = NumberField()
    unit = serializers.CharField(max_length=64, required=False, allow_blank=True, write_only=True)
    note = serializers.CharField(required=False, allow_blank=True, max_length=COMMENT_LENGTH)

    def to_representation(self, instance):
        return {
            "id": instance.pk,
            "local_government": instance.local_government.code,
            "indicator": instance.indicator.code,
            "year": instance.year,
            "value": instance.value,
            "unit": instance.indicator.unit,
            "note": instance.note,
        }


class TBLTargetSerializer(serializers.Serializer):
    """A member's target for an indicator."""

    id = serializers.IntegerField(read_only=True)
    local_government = _MemberCode()
    indicator = serializers.CharField(max_length=60)
    target_year = serializers.IntegerField()
    value = NumberField()
    unit = serializers.CharField(max_length=64, required=False, allow_blank=True, write_only=True)

    def to_representation(self, instance):
        return {
            "id": instance.pk,
            "local_government": instance.local_government.code,
            "indicator": instance.indicator.code,
            "target_year": instance.target_year,
            "value": instance.value,
            "unit": instance.indicator.unit,
        }


class _MemberRecords(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    permission_classes = [TBLPermission]
    filter_backends = [RefuseNulParameters]
    pagination_class = Pagination
    model: type = TBLValue
    write = staticmethod(services.value_set)

    def get_queryset(self):
        records = self.model.objects.filter(
            local_government__in=insider_local_governments(self.request.user)
        ).select_related("local_government", "indicator")
        code = self.request.query_params.get("local_government")
        if code:
            records = records.filter(local_government__code=code)
        return records.order_by("local_government__code", "indicator__code", "pk")

    def perform_create(self, serializer) -> None:
        data = dict(serializer.validated_data)
        local_government = _editable(self.request.user, data.pop("local_government"))
        data["indicator"] = _indicator(local_government, data["indicator"])
        try:
            serializer.instance = self.write(local_government=local_government, **data)
        except DjangoValidationError as error:
            raise _refused(error) from None


class ValueViewSet(_MemberRecords):
    """Members' TBL values (typed ones; values read from a platform source are
    in the reports), for those who see the members' workings;
    `?local_government=CODE`. POST adds or replaces a value (editors)."""

    serializer_class = TBLValueSerializer
    model = TBLValue
    write = staticmethod(services.value_set)


class TargetViewSet(_MemberRecords):
    """Members' TBL targets, for those who see the members' workings;
    `?local_government=CODE`. POST sets an indicator's target (editors)."""

    serializer_class = TBLTargetSerializer
    model = TBLTarget
    write = staticmethod(services.target_set)


# --- reports ---------------------------------------------------------------


class _ReadingSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    value = serializers.FloatField()
    link = serializers.CharField()  # where a value read from the platform comes from
    label = serializers.CharField()


class _TrendSerializer(serializers.Serializer):
    first_year = serializers.IntegerField()
    last_year = serializers.IntegerField()
    change = serializers.FloatField()
    change_percent = serializers.FloatField(allow_null=True)
    improving = serializers.BooleanField(allow_null=True)


class _TargetPointSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    value = serializers.FloatField()


class _IndicatorTableSerializer(serializers.Serializer):
    indicator = serializers.CharField()
    name = serializers.CharField()
    unit = serializers.CharField()
    direction = serializers.CharField()
    source_key = serializers.CharField()
    values = _ReadingSerializer(many=True)
    note = serializers.CharField()
    target = _TargetPointSerializer(allow_null=True)
    trend = _TrendSerializer(allow_null=True)
    target_met = serializers.BooleanField(allow_null=True)


class _DimensionSerializer(serializers.Serializer):
    dimension = serializers.CharField()
    narrative = serializers.CharField()
    indicators = _IndicatorTableSerializer(many=True)


class TBLReportSerializer(serializers.ModelSerializer):
    """A member's TBL report of a year: its narrative by section and the codes
    of the indicators it shows; the detail adds each indicator's values over
    the years (with their links when read from the platform), trend and target."""

    local_government = _MemberCode()
    indicators = serializers.ListField(
        source="indicator_codes",
        child=serializers.CharField(max_length=60),
        required=False,
        max_length=200,
    )
    status = serializers.CharField(read_only=True)
    published_at = serializers.DateTimeField(read_only=True)
    url = serializers.CharField(source="get_absolute_url", read_only=True)
    dimensions = serializers.SerializerMethodField()

    class Meta:
        model = TBLReport
        fields = [
            "id",
            "local_government",
            "year",
            "status",
            "published_at",
            *[name for name, _required in SECTIONS],
            "indicators",
            "url",
            "dimensions",
        ]
        validators = []  # report_save adds or replaces the member's report of the year
        extra_kwargs = {name: {"max_length": DESCRIPTION_LENGTH} for name, _required in SECTIONS}

    @extend_schema_field(serializers.ListField(child=_DimensionSerializer(), allow_null=True))
    def get_dimensions(self, report: TBLReport):
        """Each dimension's indicators with their values, trend and target: in a
        report's detail only (null in lists, which would read every figure)."""
        if not self.context.get("detail"):
            return None
        return [
            {
                "dimension": dimension.dimension,
                "narrative": dimension.narrative,
                "indicators": [_table_data(table) for table in dimension.tables],
            }
            for dimension in services.report_tables(report, charts=False)
        ]


def _table_data(table: services.IndicatorTable) -> dict:
    trend, progress, target = table.trend, table.progress, table.target
    return {
        "indicator": table.indicator.code,
        "name": table.indicator.name,
        "unit": table.indicator.unit,
        "direction": table.indicator.direction,
        "source_key": table.indicator.source_key,
        "values": [
            {"year": r.year, "value": r.value, "link": r.link, "label": r.label}
            for r in table.readings
        ],
        "note": table.note,
        "target": {"year": target.target_year, "value": target.value} if target else None,
        "trend": (
            {
                "first_year": trend.first_year,
                "last_year": trend.last_year,
                "change": trend.change,
                "change_percent": trend.change_percent,
                "improving": trend.improving,
            }
            if trend
            else None
        ),
        "target_met": progress.met if progress else None,
    }


class ReportViewSet(
    mixins.CreateModelMixin, mixins.UpdateModelMixin, viewsets.ReadOnlyModelViewSet
):
    """TBL reports the person may see (`?local_government=CODE&year=Y`). POST
    writes the member's report of a year (a draft, or replaces the narrative
    and indicators of the one there is); PATCH likewise; `publish` and
    `withdraw` change its status (editors; publishing needs every required
    section)."""

    serializer_class = TBLReportSerializer
    permission_classes = [TBLPermission]
    filter_backends = [RefuseNulParameters]
    pagination_class = Pagination

    def get_queryset(self):
        reports = reports_visible_to(self.request.user).select_related("local_government")
        code = self.request.query_params.get("local_government")
        if code:
            reports = reports.filter(local_government__code=code)
        year = _year_parameter(self.request)
        if year is not None:
            reports = reports.filter(year=year)
        return reports.order_by("local_government__code", "-year").prefetch_related("indicators")

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "detail": self.action == "retrieve"}

    def _save(self, serializer, local_government, year) -> None:
        _editable(self.request.user, local_government)
        data = serializer.validated_data
        instance = serializer.instance
        sections = {
            name: data.get(name, getattr(instance, name) if instance else "")
            for name, _required in SECTIONS
        }
        if "indicator_codes" in data:
            indicators = [_indicator(local_government, code) for code in data["indicator_codes"]]
        else:
            indicators = list(instance.indicators.all()) if instance is not None else []
        try:
            serializer.instance = services.report_save(
                local_government=local_government,
                year=year,
                sections=sections,
                indicators=list(indicators),
            )
        except DjangoValidationError as error:
            raise _refused(error) from None

    def perform_create(self, serializer) -> None:
        data = serializer.validated_data
        self._save(serializer, data["local_government"], data["year"])

    def perform_update(self, serializer) -> None:
        report = serializer.instance
        data = serializer.validated_data
        if data.get("local_government", report.local_government) != report.local_government or (
            data.get("year", report.year) != report.year
        ):
            raise APIValidationError(
                {"year": ["A report's member and year do not change; write another report."]}
            )
        self._save(serializer, report.local_government, report.year)

    @action(detail=True, methods=["post"])
    def publish(self, request, pk=None):
        report = self.get_object()
        _editable(request.user, report.local_government)
        try:
            report = services.report_publish(report=report, user=request.user)
        except DjangoValidationError as error:
            raise APIValidationError({"sections": error.messages}) from None
        return Response(self.get_serializer(report).data)

    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        report = self.get_object()
        _editable(request.user, report.local_government)
        report = services.report_withdraw(report=report, user=request.user)
        return Response(self.get_serializer(report).data)


class _YearSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    reports = serializers.IntegerField()
    members = serializers.ListField(child=serializers.CharField())


class _UseSerializer(serializers.Serializer):
    indicator = serializers.CharField()
    name = serializers.CharField()
    reports = serializers.IntegerField()


class TBLNetworkSerializer(serializers.Serializer):
    published_reports = serializers.IntegerField()
    years = _YearSerializer(many=True)
    indicators_most_used = _UseSerializer(many=True)


class NetworkView(APIView):
    """Which members report TBL (published reports by year) and the indicators
    most used (how many published reports show each)."""

    permission_classes = [TBLPermission]

    @extend_schema(responses=TBLNetworkSerializer)
    def get(self, request):
        refuse_nul_parameters(request)
        summary = services.network_summary(TBLReport.objects.all())
        return Response(
            {
                "published_reports": summary.total_reports,
                "years": [
                    {
                        "year": year,
                        "reports": len(reports),
                        "members": [report.local_government.code for report in reports],
                    }
                    for year, reports in summary.reports_by_year
                ],
                "indicators_most_used": [
                    {"indicator": indicator.code, "name": indicator.name, "reports": count}
                    for indicator, count in summary.most_used
                ],
            }
        )


router = SimpleRouter()
router.register("tbl/indicators", IndicatorViewSet, basename="tbl-indicator")
router.register("tbl/values", ValueViewSet, basename="tbl-value")
router.register("tbl/targets", TargetViewSet, basename="tbl-target")
router.register("tbl/reports", ReportViewSet, basename="tbl-report")

urlpatterns = [path("tbl/network/", NetworkView.as_view(), name="tbl-network"), *router.urls]
