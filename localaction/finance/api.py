"""The finance API: fee schedules, income groups, invoices (read), payments and
receivables ageing, under the same permissions as the pages (finance/permissions.py).

- Fee schedules and countries' income groups: any signed-in person reads them
  (fees are not secret); drafts of schedules only office staff and the
  secretariat, who prepare them.
- Invoices: those `permissions.invoices_readable_by` gives — the issuing
  office's staff (finance staff included), staff of offices covering the
  member, the secretariat, and the member's own editors. One that a person
  may not read is a 404, as if it did not exist.
- Payments: a payment matched to an invoice is read by whoever reads the
  invoice; an unmatched one by those who read its office's finances
  (`permissions.can_read_office_finances`). Finance staff of the office that
  received it (or of the World Secretariat) record one, through
  `finance.payments.record_payment` as the pages do; anyone else gets a 403.
- Ageing: one office's receivables for whoever reads its finances; without an
  office, the secretariat's whole register or an office's staff's own and
  covered invoices. A member's editors read no ageing.

Money is `{"amount": "123.45", "currency": "EUR"}` (finance/serializers.py).
"""

from __future__ import annotations

import django_filters
from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import F, Prefetch, Q, QuerySet
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_filters.rest_framework import DjangoFilterBackend
from djmoney.money import Money
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.exceptions import PermissionDenied
from rest_framework.permissions import SAFE_METHODS, BasePermission
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter
from rest_framework.settings import api_settings
from rest_framework.views import APIView

from localaction.accounts.access import access_of
from localaction.api import JSONParser, RefuseNulParameters, refuse_nul_parameters
from localaction.core.dues import AGEING_BUCKETS
from localaction.finance import payments, permissions
from localaction.finance.ageing import ageing
from localaction.finance.models import (
    CountryIncomeGroup,
    Fee,
    FeeBand,
    FeeSchedule,
    Invoice,
    Payment,
)
from localaction.finance.models.income import IncomeGroup
from localaction.finance.serializers import (
    AgeingQuerySerializer,
    AgeingSerializer,
    CountryIncomeGroupSerializer,
    ExchangeRateSerializer,
    FeeScheduleSerializer,
    InvoiceSerializer,
    MoneyField,
    PaymentCreateSerializer,
    PaymentSerializer,
)
from localaction.network.filters import CountryCodeFilter, IntegerFilter, visible_local_governments
from localaction.network.models import Country, Office
from localaction.openapi import PARAMETER_ERRORS

# Who reads what


def offices_with_finances_readable_by(user) -> QuerySet:
    """The offices whose finances the person reads: the rule of
    `permissions.can_read_office_finances`, as one query."""
    access = access_of(user)
    if access.is_secretariat:
        return Office.objects.all()
    if not access.is_office_staff:
        return Office.objects.none()
    return Office.objects.filter(
        Q(pk__in=access.offices)
        | Q(regions__in=access.staff_regions)
        | Q(countries__in=access.staff_countries)
        | Q(country__in=access.staff_countries)
        | Q(country__region__in=access.staff_regions)
    ).distinct()


def payments_readable_by(user, payments: QuerySet) -> QuerySet:
    """Those of `payments` the person may read: matched ones with their invoice,
    unmatched ones with their office's finances."""
    access = access_of(user)
    if not access.is_authenticated:
        return payments.none()
    if access.is_secretariat:
        return payments
    invoices = permissions.invoices_readable_by(user, Invoice.objects.all())
    offices = offices_with_finances_readable_by(user)
    return payments.filter(
        Q(invoice__in=invoices.values("pk"))
        | Q(invoice__isnull=True, office__in=offices.values("pk"))
    )


def _refused(error: DjangoValidationError) -> serializers.ValidationError:
    """A model's or service's refusal as a 400, each reason under its field."""
    detail = serializers.as_serializer_error(error)
    if NON_FIELD_ERRORS in detail:
        detail[api_settings.NON_FIELD_ERRORS_KEY] = detail.pop(NON_FIELD_ERRORS)
    return serializers.ValidationError(detail)


# Permissions: each asks finance/permissions.py or the querysets above.


class SignedInRead(BasePermission):
    """Any signed-in person reads (what the view's queryset lets them see); no writes."""

    def has_permission(self, request, view) -> bool:
        return request.user.is_authenticated and request.method in SAFE_METHODS


class PaymentPermission(BasePermission):
    """Signed-in people read the payments they may see; finance staff record
    them (for which office: `payments.record_payment` checks it once the body
    names the invoice or the office)."""

    def has_permission(self, request, view) -> bool:
        if not request.user.is_authenticated:
            return False
        if request.method in SAFE_METHODS:
            return True
        access = access_of(request.user)
        return request.user.is_superuser or bool(access.finance_offices)


# Filters


class YesNoFilter(django_filters.ChoiceFilter):
    """`true` or `false`, anything else refused (django-filter's BooleanFilter
    reads an unknown value as no filter at all). `negate`: `true` filters for
    `field_name` being false (e.g. `matched=true` is `invoice__isnull=False`)."""

    def __init__(self, *args, negate: bool = False, **kwargs):
        self.negate = negate
        kwargs.setdefault("choices", [("true", _("Yes")), ("false", _("No"))])
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        if value in ("", None):
            return qs
        return qs.filter(**{self.field_name: (value == "true") != self.negate})


class FeeScheduleFilter(django_filters.FilterSet):
    year = IntegerFilter(label=_("Membership year"))
    office = django_filters.ModelChoiceFilter(
        queryset=Office.objects.all(),
        to_field_name="code",
        label=_("Office (code)"),
        help_text=_("Schedules of one office; the Association's own have none."),
    )
    adopted = YesNoFilter(field_name="adopted_on__isnull", negate=True, label=_("Adopted"))

    class Meta:
        model = FeeSchedule
        fields = []


class IncomeGroupFilter(django_filters.FilterSet):
    country = CountryCodeFilter(
        queryset=Country.objects.all(),
        to_field_name="code",
        label=_("Country"),
        help_text=_("ISO 3166-1 alpha-2 code, in either case."),
    )
    fiscal_year = IntegerFilter(label=_("Classification (World Bank fiscal year)"))
    group = django_filters.ChoiceFilter(choices=IncomeGroup.choices, label=_("Income group"))

    class Meta:
        model = CountryIncomeGroup
        fields = []


# The statuses of Invoice.status(), as conditions on with_balance()'s columns.
_CREDITED = Q(credited__gte=F("total"), paid=0)
INVOICE_STATUS = {
    Invoice.Status.CREDITED: _CREDITED,
    Invoice.Status.OVERPAID: Q(open_amount__lt=0),
    Invoice.Status.PAID: Q(open_amount=0) & ~_CREDITED,
    Invoice.Status.PARTLY_PAID: Q(open_amount__gt=0, paid__gt=0),
    Invoice.Status.OPEN: Q(open_amount__gt=0, paid=0),
}


class InvoiceFilter(django_filters.FilterSet):
    year = IntegerFilter(label=_("Membership year"))
    purpose = django_filters.ChoiceFilter(choices=Invoice.Purpose.choices, label=_("Purpose"))
    status = django_filters.ChoiceFilter(
        choices=Invoice.Status.choices, method="filter_status", label=_("Status")
    )
    office = django_filters.ModelChoiceFilter(
        queryset=Office.objects.all(), to_field_name="code", label=_("Issuing office (code)")
    )
    member = django_filters.ModelChoiceFilter(
        field_name="local_government",
        queryset=visible_local_governments,
        to_field_name="code",
        label=_("Member (local government code)"),
    )

    class Meta:
        model = Invoice
        fields = []

    def filter_status(self, queryset, name, value):
        return queryset.filter(INVOICE_STATUS[value])


class PaymentFilter(django_filters.FilterSet):
    office = django_filters.ModelChoiceFilter(
        queryset=Office.objects.all(), to_field_name="code", label=_("Office (code)")
    )
    invoice = django_filters.CharFilter(
        field_name="invoice__number", max_length=30, label=_("Invoice (number)")
    )
    member = django_filters.ModelChoiceFilter(
        field_name="invoice__local_government",
        queryset=visible_local_governments,
        to_field_name="code",
        label=_("Member (local government code)"),
    )
    matched = YesNoFilter(
        field_name="invoice__isnull", negate=True, label=_("Matched to an invoice")
    )

    class Meta:
        model = Payment
        fields = []


# Views


class FeeScheduleViewSet(viewsets.ReadOnlyModelViewSet):
    """Fee schedules: population bands × World Bank income groups, flat fees,
    and the terms (pro rata, payment term, reminders, reduction limit), with
    the day and the body that adopted each. Any signed-in person reads the
    adopted ones; drafts are read by office staff and the secretariat."""

    serializer_class = FeeScheduleSerializer
    permission_classes = [SignedInRead]
    filter_backends = [RefuseNulParameters, DjangoFilterBackend]
    filterset_class = FeeScheduleFilter

    def get_queryset(self):
        schedules = FeeSchedule.objects.select_related("office", "decision").prefetch_related(
            Prefetch(
                "bands",
                queryset=FeeBand.objects.order_by("lower").prefetch_related(
                    Prefetch("fees", queryset=Fee.objects.order_by("income_group"))
                ),
            ),
            "flat_fees__category",
        )
        if not access_of(self.request.user).is_office_staff:
            schedules = schedules.adopted()
        return schedules.order_by("-year", F("office").asc(nulls_first=True), "pk")


class IncomeGroupViewSet(viewsets.ReadOnlyModelViewSet):
    """Countries' World Bank income groups, one per classification (fiscal
    year); an empty group is a country left unclassified. Any signed-in person
    reads them; the secretariat corrects them in the admin."""

    serializer_class = CountryIncomeGroupSerializer
    permission_classes = [SignedInRead]
    filter_backends = [RefuseNulParameters, DjangoFilterBackend]
    filterset_class = IncomeGroupFilter

    def get_queryset(self):
        return CountryIncomeGroup.objects.select_related("country").order_by(
            "country", "-fiscal_year"
        )


class InvoiceViewSet(viewsets.ReadOnlyModelViewSet):
    """Issued invoices with their lines, credit notes, what is paid and open,
    and the status that follows. Read by the issuing office's staff, offices
    covering the member, the secretariat and the member's own editors; the
    dues run issues them, a credit note corrects them (never the API)."""

    serializer_class = InvoiceSerializer
    permission_classes = [SignedInRead]
    filter_backends = [RefuseNulParameters, DjangoFilterBackend]
    filterset_class = InvoiceFilter

    def get_queryset(self):
        invoices = Invoice.objects.with_balance().select_related(
            "office", "local_government", "category", "replaces"
        )
        return (
            permissions.invoices_readable_by(self.request.user, invoices)
            .prefetch_related("lines", "credit_notes")
            .order_by("-issued_on", "-number")
        )


@extend_schema_view(
    create=extend_schema(
        summary="Record a payment received",
        description="For finance staff of the office that received it (or of the World "
        "Secretariat): against an invoice (its office's), or unmatched for an office. "
        "The amount is positive, in the invoice's currency unless `convert` is true; a "
        "payment beyond what is open is kept as the member's credit.",
        request=PaymentCreateSerializer,
        responses={
            201: PaymentSerializer,
            403: OpenApiResponse(description="Not finance staff of the office."),
        },
    )
)
class PaymentViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Payments received, matched to an invoice or not yet. Read with the
    invoice they pay (unmatched ones with their office's finances); recorded
    by finance staff of the office that received them."""

    serializer_class = PaymentSerializer
    permission_classes = [PaymentPermission]
    # JSON only: money is an object, which a form cannot send.
    parser_classes = [JSONParser]
    filter_backends = [RefuseNulParameters, DjangoFilterBackend]
    filterset_class = PaymentFilter

    def get_queryset(self):
        received = Payment.objects.select_related(
            "office", "invoice", "recorded_by", "exchange_rate"
        )
        return payments_readable_by(self.request.user, received).order_by("-received_on", "-pk")

    def get_serializer_class(self):
        return PaymentCreateSerializer if self.action == "create" else PaymentSerializer

    def get_serializer_context(self):
        context = super().get_serializer_context()
        user = self.request.user
        context["invoices"] = permissions.invoices_readable_by(user, Invoice.objects.all())
        if not access_of(user).is_secretariat:
            context["office_readable"] = set(
                offices_with_finances_readable_by(user).values_list("pk", flat=True)
            )
        return context

    def create(self, request, *args, **kwargs):
        given = self.get_serializer(data=request.data)
        given.is_valid(raise_exception=True)
        data = given.validated_data
        try:
            payment = payments.record_payment(by=request.user, **data)
        except DjangoPermissionDenied as error:
            raise PermissionDenied(str(error)) from error
        except DjangoValidationError as error:
            raise _refused(error) from error
        payment = self.get_queryset().get(pk=payment.pk)
        shown = PaymentSerializer(payment, context=self.get_serializer_context())
        return Response(shown.data, status=status.HTTP_201_CREATED)


class AgeingView(APIView):
    """Receivables ageing on a day (default today), per currency and office:
    what invoices issued by then still owed, less credit notes and payments of
    that day or earlier, by days past due (current, 0-30, 31-60, 61-90,
    over-90). One office's for whoever reads its finances; without an office,
    every office the person reads (the secretariat: all). With `currency`,
    also everything converted into it, naming each rate used."""

    permission_classes = [SignedInRead]

    @extend_schema(
        operation_id="ageing_retrieve",
        parameters=[AgeingQuerySerializer],
        responses={
            200: AgeingSerializer,
            400: OpenApiResponse(
                PARAMETER_ERRORS,
                description='A parameter is refused: {"<parameter>": ["<what is wrong>"]}.',
            ),
        },
    )
    def get(self, request):
        refuse_nul_parameters(request)
        given = AgeingQuerySerializer(data=request.query_params)
        given.is_valid(raise_exception=True)
        on = given.validated_data.get("on") or timezone.localdate()
        office = given.validated_data.get("office")
        access = access_of(request.user)
        invoices = None
        if office is not None:
            if not permissions.can_read_office_finances(request.user, office):
                raise PermissionDenied(
                    gettext("You do not read the finances of %(office)s.") % {"office": office}
                )
        elif not access.is_secretariat:
            if not access.is_office_staff:
                raise PermissionDenied(
                    gettext("Receivables ageing is read by office staff and the secretariat.")
                )
            invoices = permissions.invoices_readable_by(request.user, Invoice.objects.all())
        currency = given.validated_data.get("currency")
        try:
            report = ageing(on, office=office, invoices=invoices, currency=currency)
        except DjangoValidationError as error:  # no rate for a currency on that day
            raise serializers.ValidationError({"currency": error.messages}) from error
        converted = None
        if report.converted_total is not None:
            converted = {
                "currency": report.currency,
                "total": _ageing_line(report.converted_total, office=None),
                "offices": [
                    _ageing_line(line, office=line.code) for line in report.converted_offices
                ],
                "rates": ExchangeRateSerializer(report.rates, many=True).data,
            }
        return Response(
            {
                "on": on.isoformat(),
                "office": office.code if office else None,
                "totals": [_ageing_line(line, office=None) for line in report.totals],
                "offices": [_ageing_line(line, office=line.code) for line in report.offices],
                "converted": converted,
            }
        )


def _ageing_line(line, *, office: str | None) -> dict:
    money = MoneyField()

    def amount(value):
        return money.to_representation(Money(value, line.currency))

    return {
        "office": office,
        "currency": line.currency,
        "total": amount(line.total),
        "invoices": line.invoices,
        "buckets": [
            {"bucket": name, "amount": amount(line.buckets[name])} for name in AGEING_BUCKETS
        ],
    }


router = SimpleRouter()
router.register("fee-schedules", FeeScheduleViewSet, basename="fee-schedule")
router.register("income-groups", IncomeGroupViewSet, basename="income-group")
router.register("invoices", InvoiceViewSet, basename="invoice")
router.register("payments", PaymentViewSet, basename="payment")

urlpatterns = [*router.urls, path("ageing/", AgeingView.as_view(), name="ageing")]
