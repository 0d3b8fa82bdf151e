"""ecoBUDGET's API: the library, and members' budgets with their indicators and
balances under the pages' permissions (permissions.py). Anyone reads what they
may see (adopted budgets of published members; the actual values once the
balance is adopted); the member's editors and covering offices write, through
the same services as the pages.

    GET  /api/ecobudget/indicators/                  the standard library
    GET  /api/ecobudget/budgets/?member=CODE&year=Y  budgets with their lines
    POST /api/ecobudget/budgets/                     {"member", "year", "notes"}
    POST /api/ecobudget/budgets/{id}/lines/          one indicator of a draft
    POST /api/ecobudget/budgets/{id}/adopt/          {"adopted_on", "decision"}
    POST /api/ecobudget/budgets/{id}/balance/        {"actuals": [{"indicator", "actual", "unit"}]}
    POST /api/ecobudget/budgets/{id}/adopt-balance/  {"adopted_on", "decision"}
    POST /api/ecobudget/budgets/{id}/next-year/
"""

from __future__ import annotations

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotAuthenticated, PermissionDenied
from rest_framework.filters import BaseFilterBackend
from rest_framework.permissions import SAFE_METHODS, BasePermission
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter
from rest_framework.settings import api_settings

from localaction.api import PublicRead, RefuseNulParameters
from localaction.core.ecobudget import Value
from localaction.core.quantities import YEAR
from localaction.network.models import LocalGovernment
from localaction.network.permissions import local_governments_visible_to
from localaction.sustainability.ecobudget import services
from localaction.sustainability.ecobudget.models import (
    DECISION_LENGTH,
    UNIT_LENGTH,
    EcoBudget,
    EcoIndicator,
)
from localaction.sustainability.ecobudget.permissions import (
    budgets_visible_to,
    can_edit_budgets,
    shows_actuals,
)
from localaction.validators import NumberField


def _refused(error: DjangoValidationError) -> serializers.ValidationError:
    """A service's refusal as a 400, each reason under its field."""
    detail = serializers.as_serializer_error(error)
    if NON_FIELD_ERRORS in detail:
        detail[api_settings.NON_FIELD_ERRORS_KEY] = detail.pop(NON_FIELD_ERRORS)
    return serializers.ValidationError(detail)


class EcoIndicatorSerializer(serializers.ModelSerializer):
    resource = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = EcoIndicator
        fields = ["code", "name", "resource", "unit", "direction", "aggregation", "source"]


class EcoBudgetLineSerializer(serializers.Serializer):
    indicator = serializers.CharField(source="line.indicator.code")
    name = serializers.CharField(source="line.indicator.name")
    unit = serializers.CharField(source="line.indicator.unit")
    direction = serializers.CharField(source="line.indicator.direction")
    reference = serializers.FloatField(source="figures.reference", allow_null=True)
    previous = serializers.FloatField(source="figures.previous", allow_null=True)
    target = serializers.FloatField(source="figures.target", allow_null=True)
    long_term_target = serializers.FloatField(source="figures.long_term_target", allow_null=True)
    long_term_year = serializers.IntegerField(source="line.long_term_year", allow_null=True)
    actual = serializers.FloatField(source="figures.actual", allow_null=True)
    actual_source = serializers.SerializerMethodField()
    balance = serializers.FloatField(source="figures.balance", allow_null=True)
    status = serializers.CharField(source="figures.status")

    @extend_schema_field(OpenApiTypes.STR)
    def get_actual_source(self, one) -> str | None:
        return one.line.actual_link or None if one.figures.actual is not None else None


class EcoBudgetSerializer(serializers.ModelSerializer):
    member = serializers.SlugRelatedField(
        source="local_government", slug_field="code", read_only=True
    )
    lines = serializers.SerializerMethodField()

    class Meta:
        model = EcoBudget
        fields = [
            "id",
            "member",
            "year",
            "status",
            "adopted_on",
            "decision",
            "balance_adopted_on",
            "balance_decision",
            "notes",
            "lines",
        ]

    @extend_schema_field(EcoBudgetLineSerializer(many=True))
    def get_lines(self, budget) -> list[dict]:
        user = self.context["request"].user
        statement = services.statement(budget, with_actuals=shows_actuals(user, budget))
        return EcoBudgetLineSerializer(statement.lines, many=True).data


class EcoBudgetCreateSerializer(serializers.Serializer):
    member = serializers.CharField(max_length=100)
    year = serializers.IntegerField(min_value=int(YEAR.minimum), max_value=int(YEAR.maximum))
    notes = serializers.CharField(required=False, allow_blank=True, default="", max_length=20_000)


class EcoBudgetLineWriteSerializer(serializers.Serializer):
    indicator = serializers.SlugField(max_length=40)
    unit = serializers.CharField(required=False, allow_blank=True, max_length=UNIT_LENGTH)
    reference = NumberField(required=False, allow_null=True, bound="INDICATOR_VALUE")
    reference_year = serializers.IntegerField(required=False, allow_null=True)
    previous = NumberField(required=False, allow_null=True, bound="INDICATOR_VALUE")
    target = NumberField(required=False, allow_null=True, bound="INDICATOR_VALUE")
    long_term_target = NumberField(required=False, allow_null=True, bound="INDICATOR_VALUE")
    long_term_year = serializers.IntegerField(required=False, allow_null=True)
    comment = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)


class EcoBudgetAdoptionSerializer(serializers.Serializer):
    adopted_on = serializers.DateField()
    decision = serializers.CharField(max_length=DECISION_LENGTH)


class EcoBudgetActualSerializer(serializers.Serializer):
    indicator = serializers.SlugField(max_length=40)
    actual = NumberField(allow_null=True, bound="INDICATOR_VALUE")
    unit = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=UNIT_LENGTH
    )


class EcoBudgetBalanceSerializer(serializers.Serializer):
    actuals = EcoBudgetActualSerializer(many=True, allow_empty=False, max_length=200)


class EcoBudgetPermission(BasePermission):
    """Anyone reads what they may see (the queryset); writes need an editor of the member."""

    anonymous_methods = SAFE_METHODS

    def has_permission(self, request, view) -> bool:
        if request.method in SAFE_METHODS:
            return True
        return bool(request.user and request.user.is_authenticated)

    def has_object_permission(self, request, view, obj) -> bool:
        return request.method in SAFE_METHODS or can_edit_budgets(
            request.user, obj.local_government
        )


class EcoBudgetFilter(BaseFilterBackend):
    """?member=CODE and ?year=Y (after RefuseNulParameters has checked them)."""

    def filter_queryset(self, request, queryset, view):
        member = request.query_params.get("member")
        if member:
            queryset = queryset.filter(local_government__code=member)
        year = request.query_params.get("year")
        if year:
            if not year.isdigit() or not YEAR.accepts(int(year)):
                raise serializers.ValidationError({"year": ["Enter a year from 1900 to 2100."]})
            queryset = queryset.filter(year=int(year))
        return queryset

    def get_schema_operation_parameters(self, view) -> list[dict]:
        return [
            {
                "name": "member",
                "required": False,
                "in": "query",
                "description": "A local government's code.",
                "schema": {"type": "string"},
            },
            {
                "name": "year",
                "required": False,
                "in": "query",
                "description": "The budget year.",
                "schema": {"type": "integer"},
            },
        ]


class EcoIndicatorViewSet(viewsets.ReadOnlyModelViewSet):
    """The library of standard indicators."""

    permission_classes = [PublicRead]
    serializer_class = EcoIndicatorSerializer
    filter_backends = []
    lookup_field = "code"

    def get_queryset(self):
        return EcoIndicator.objects.standard().select_related("resource")


class EcoBudgetViewSet(viewsets.GenericViewSet):
    """Members' environmental budgets with their indicators and balances."""

    permission_classes = [EcoBudgetPermission]
    serializer_class = EcoBudgetSerializer
    filter_backends = [RefuseNulParameters, EcoBudgetFilter]

    def get_queryset(self):
        return (
            budgets_visible_to(self.request.user)
            .select_related("local_government")
            .order_by("local_government__code", "-year")
        )

    def list(self, request):
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    def retrieve(self, request, pk=None):
        return Response(self.get_serializer(self.get_object()).data)

    def _respond(self, budget: EcoBudget, code=status.HTTP_200_OK) -> Response:
        budget.refresh_from_db()
        shown = EcoBudgetSerializer(budget, context=self.get_serializer_context())
        return Response(shown.data, status=code)

    @extend_schema(request=EcoBudgetCreateSerializer, responses={201: EcoBudgetSerializer})
    def create(self, request):
        if not request.user.is_authenticated:
            raise NotAuthenticated
        given = EcoBudgetCreateSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        local_government = LocalGovernment.objects.filter(
            pk__in=local_governments_visible_to(request.user),
            code=given.validated_data["member"],
        ).first()
        if local_government is None:
            raise serializers.ValidationError({"member": "no such member"})
        if not can_edit_budgets(request.user, local_government):
            raise PermissionDenied
        try:
            budget = services.budget_create(
                local_government=local_government,
                year=given.validated_data["year"],
                notes=given.validated_data["notes"],
            )
        except DjangoValidationError as error:
            raise _refused(error) from error
        return self._respond(budget, status.HTTP_201_CREATED)

    def _write(self, request, serializer_class):
        budget = self.get_object()
        given = serializer_class(data=request.data)
        given.is_valid(raise_exception=True)
        return budget, given.validated_data

    @extend_schema(request=EcoBudgetLineWriteSerializer, responses={200: EcoBudgetSerializer})
    @action(detail=True, methods=["post"], serializer_class=EcoBudgetLineWriteSerializer)
    def lines(self, request, pk=None):
        budget, data = self._write(request, EcoBudgetLineWriteSerializer)
        indicator = get_object_or_404(
            EcoIndicator.objects.usable_by(budget.local_government), code=data["indicator"]
        )
        unit = data.get("unit") or indicator.unit

        def value(name: str) -> Value | None:
            return None if data.get(name) is None else Value(data[name], unit)

        try:
            services.budget_set_line(
                budget=budget,
                indicator=indicator,
                reference=value("reference"),
                reference_year=data.get("reference_year"),
                previous=value("previous"),
                target=value("target"),
                long_term_target=value("long_term_target"),
                long_term_year=data.get("long_term_year"),
                comment=data.get("comment", ""),
            )
        except DjangoValidationError as error:
            raise _refused(error) from error
        return self._respond(budget)

    @extend_schema(request=EcoBudgetAdoptionSerializer, responses={200: EcoBudgetSerializer})
    @action(detail=True, methods=["post"], serializer_class=EcoBudgetAdoptionSerializer)
    def adopt(self, request, pk=None):
        budget, data = self._write(request, EcoBudgetAdoptionSerializer)
        try:
            services.budget_adopt(budget=budget, **data)
        except DjangoValidationError as error:
            raise _refused(error) from error
        return self._respond(budget)

    @extend_schema(request=EcoBudgetBalanceSerializer, responses={200: EcoBudgetSerializer})
    @action(detail=True, methods=["post"], serializer_class=EcoBudgetBalanceSerializer)
    def balance(self, request, pk=None):
        budget, data = self._write(request, EcoBudgetBalanceSerializer)
        actuals = {
            one["indicator"]: None if one["actual"] is None else Value(one["actual"], one["unit"])
            for one in data["actuals"]
        }
        try:
            services.balance_enter(budget=budget, actuals=actuals)
        except DjangoValidationError as error:
            raise _refused(error) from error
        return self._respond(budget)

    @extend_schema(request=EcoBudgetAdoptionSerializer, responses={200: EcoBudgetSerializer})
    @action(
        detail=True,
        methods=["post"],
        url_path="adopt-balance",
        serializer_class=EcoBudgetAdoptionSerializer,
    )
    def adopt_balance(self, request, pk=None):
        budget, data = self._write(request, EcoBudgetAdoptionSerializer)
        try:
            services.balance_adopt(budget=budget, **data)
        except DjangoValidationError as error:
            raise _refused(error) from error
        return self._respond(budget)

    @extend_schema(request=None, responses={201: EcoBudgetSerializer})
    @action(detail=True, methods=["post"], url_path="next-year")
    def next_year(self, request, pk=None):
        budget = self.get_object()
        try:
            following = services.budget_next_year(budget=budget)
        except DjangoValidationError as error:
            raise _refused(error) from error
        return self._respond(following, status.HTTP_201_CREATED)


router = SimpleRouter()
router.register("ecobudget/indicators", EcoIndicatorViewSet, basename="ecobudget-indicator")
router.register("ecobudget/budgets", EcoBudgetViewSet, basename="ecobudget-budget")

urlpatterns = [*router.urls]
