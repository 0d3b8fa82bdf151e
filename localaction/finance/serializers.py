"""The finance API's shapes: fee schedules, income groups, invoices, payments
and receivables ageing (finance/api.py serves them).

Money is an object `{"amount": "123.45", "currency": "EUR"}`: the amount is a
string of the exact decimal (two places), never a JSON number, which readers
take as a binary float (0.1 + 0.2 ≠ 0.3). A money body is read the same way:
a JSON number is refused, so that no amount passes through a float on the way
in either.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from djmoney.money import Money
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from moneyed import CURRENCIES
from rest_framework import serializers

from localaction.core.dues import AGEING_BUCKETS
from localaction.finance.models import (
    CountryIncomeGroup,
    CreditNote,
    ExchangeRate,
    FeeBand,
    FeeSchedule,
    FlatFee,
    Invoice,
    InvoiceLine,
    Payment,
)
from localaction.finance.models.income import IncomeGroup
from localaction.finance.models.schedules import AMOUNT_DIGITS
from localaction.network.models import Office
from localaction.validators import InDates

CENT = Decimal("0.01")
# Digits before the decimal point a money column holds (14 digits, 2 after it).
WHOLE_DIGITS = AMOUNT_DIGITS - 2
# An amount as a body writes it: digits, at most two decimals, an optional sign
# (refused later with its own message when negative).
AMOUNT_TEXT = re.compile(r"^[+-]?[0-9]+(\.[0-9]+)?$")
# Longer than any amount a column holds, with room for leading zeros.
AMOUNT_TEXT_LIMIT = 40


class MoneyShape(serializers.Serializer):
    """An exact amount with its currency."""

    amount = serializers.RegexField(
        r"^-?[0-9]+\.[0-9]{2}$",
        help_text=_('The exact decimal as a string, two decimal places, e.g. "123.45".'),
    )
    currency = serializers.RegexField(r"^[A-Z]{3}$", help_text=_("ISO 4217 code, e.g. EUR."))

    class Meta:
        ref_name = "Money"


@extend_schema_field(MoneyShape)
class MoneyField(serializers.Field):
    """djmoney's Money as `{"amount": "123.45", "currency": "EUR"}`, both ways.

    Reading a body, it refuses with a message under `amount` or `currency`: an
    amount that is not a string of digits, more than two decimal places, more
    digits than the money columns hold, a currency that is not an ISO 4217 code
    known to py-moneyed. Whether the amount may be zero or negative is the
    caller's to say (a payment is positive; an invoice line may be negative).
    """

    default_error_messages = {
        # Braces doubled: DRF formats the message.
        "not_an_object": _('Write money as {{"amount": "123.45", "currency": "EUR"}}.'),
    }

    def to_representation(self, value: Money) -> dict[str, str]:
        amount = value.amount.quantize(CENT, rounding=ROUND_HALF_UP)
        return {"amount": format(amount, "f"), "currency": str(value.currency)}

    def to_internal_value(self, data) -> Money:
        if not isinstance(data, dict):
            self.fail("not_an_object")
        errors: dict[str, list[str]] = {}
        unknown = sorted(str(key) for key in data if key not in ("amount", "currency"))
        for key in unknown[:5]:
            errors[key] = [gettext("Money has only an amount and a currency.")]
        amount, amount_error = _amount(data.get("amount"))
        if amount_error:
            errors["amount"] = [amount_error]
        currency, currency_error = _currency(data.get("currency"))
        if currency_error:
            errors["currency"] = [currency_error]
        if errors:
            raise serializers.ValidationError(errors)
        return Money(amount, currency)


def _amount(value) -> tuple[Decimal | None, str | None]:
    """The amount a body gives, or why it is refused."""
    if value is None:
        return None, gettext('Give the amount, e.g. "123.45".')
    if isinstance(value, bool) or not isinstance(value, str):
        return None, gettext(
            'Write the amount as a string, e.g. "123.45": a JSON number may be read as a '
            "binary float, which cannot hold most amounts exactly."
        )
    text = value.strip()
    if len(text) > AMOUNT_TEXT_LIMIT or not AMOUNT_TEXT.match(text):
        return None, gettext(
            '"%(value)s" is not an amount: write digits with at most two decimals, e.g. "123.45".'
        ) % {"value": text[:AMOUNT_TEXT_LIMIT]}
    amount = Decimal(text)  # exact: the pattern admits only plain decimals
    # The size first: quantizing an amount of more than 26 digits to cents
    # would exceed Decimal's precision.
    if amount.copy_abs() >= Decimal(10) ** WHOLE_DIGITS:
        return None, gettext("%(value)s is larger than any amount kept (at most %(most)s).") % {
            "value": text,
            "most": f"{Decimal(10) ** WHOLE_DIGITS - CENT:,}",
        }
    if amount != amount.quantize(CENT, rounding=ROUND_HALF_UP):
        return None, gettext("%(value)s has more than two decimal places.") % {"value": text}
    return amount.quantize(CENT), None


def _currency(value) -> tuple[str | None, str | None]:
    """The currency a body names, or why it is refused."""
    if value is None:
        return None, gettext("Give the currency, an ISO 4217 code such as EUR.")
    if not isinstance(value, str) or value not in CURRENCIES or not re.fullmatch("[A-Z]{3}", value):
        shown = value[:10] if isinstance(value, str) else type(value).__name__
        return None, gettext(
            "“%(value)s” is not a currency: give an ISO 4217 code in capitals, such as EUR."
        ) % {"value": shown}
    return value, None


# Fee schedules and income groups


class FeeSerializer(serializers.Serializer):
    income_group = serializers.ChoiceField(choices=IncomeGroup.choices, read_only=True)
    amount = MoneyField(read_only=True, help_text=_("The annual fee."))


class BandSerializer(serializers.ModelSerializer):
    """A population band: from `lower` (inclusive) up to `upper` (exclusive; null
    for the last band), with its fee for each income group."""

    fees = FeeSerializer(many=True, read_only=True)

    class Meta:
        model = FeeBand
        fields = ["lower", "upper", "fees"]


class FlatFeeSerializer(serializers.ModelSerializer):
    category = serializers.SlugRelatedField(slug_field="code", read_only=True)
    category_name = serializers.CharField(source="category.name", read_only=True)
    amount = MoneyField(read_only=True, help_text=_("The annual fee."))

    class Meta:
        model = FlatFee
        fields = ["category", "category_name", "amount"]


class FeeScheduleSerializer(serializers.ModelSerializer):
    """The dues of one membership year: population bands × World Bank income
    groups, flat fees of the categories that pay them, and the terms. Until
    `adopted_on` is set it is a draft; `is_example` marks shipped example data,
    not the schedule of any body."""

    office = serializers.SlugRelatedField(
        slug_field="code",
        read_only=True,
        allow_null=True,
        help_text=_("Null: the whole Association."),
    )
    is_adopted = serializers.BooleanField(read_only=True)
    reminder_days = serializers.ListField(
        child=serializers.IntegerField(),
        source="reminder_day_list",
        read_only=True,
        help_text=_("Days after the due date on which reminders are sent."),
    )
    bands = BandSerializer(many=True, read_only=True)
    flat_fees = FlatFeeSerializer(many=True, read_only=True)
    decision = serializers.SlugRelatedField(
        slug_field="reference",
        read_only=True,
        allow_null=True,
        help_text=_("The reference of the decision that adopted it, e.g. COUNCIL-2027-003."),
    )

    class Meta:
        model = FeeSchedule
        fields = [
            "id",
            "year",
            "office",
            "currency",
            "adopted_on",
            "adopted_by",
            "decision",
            "is_adopted",
            "is_example",
            "pro_rata",
            "due_days",
            "grace_days",
            "reminder_days",
            "reduction_limit_percent",
            "note",
            "bands",
            "flat_fees",
        ]
        read_only_fields = fields


class CountryIncomeGroupSerializer(serializers.ModelSerializer):
    """A country's World Bank income group in one classification (fiscal year);
    an empty group is a country left unclassified."""

    country = serializers.SlugRelatedField(slug_field="code", read_only=True)
    country_name = serializers.CharField(source="country.name", read_only=True)
    income_group = serializers.ChoiceField(
        source="group",
        choices=[("", _("Not classified")), *IncomeGroup.choices],
        read_only=True,
        help_text=_("Empty: not classified (members there are not invoiced)."),
    )

    class Meta:
        model = CountryIncomeGroup
        fields = ["id", "country", "country_name", "fiscal_year", "income_group", "source"]
        read_only_fields = fields


# Invoices


class InvoiceLineSerializer(serializers.ModelSerializer):
    amount = MoneyField(
        read_only=True, help_text=_("Negative for pro rata, reductions and discounts.")
    )

    class Meta:
        model = InvoiceLine
        fields = ["position", "kind", "description", "amount"]
        read_only_fields = fields


class CreditNoteSerializer(serializers.ModelSerializer):
    amount = MoneyField(read_only=True)

    class Meta:
        model = CreditNote
        fields = ["number", "issued_on", "amount", "reason"]
        read_only_fields = fields


class InvoiceSerializer(serializers.ModelSerializer):
    """An issued invoice as it stands: its purpose and customer, its lines,
    credit notes, what is paid and what is open (negative: the customer's
    credit), and the status that follows. For dues, the population and income
    group are those it was computed from, as they stood on the reference date;
    fee invoices (events, services) leave the dues fields empty, and their
    member (`local_government`) too when the customer is not a member."""

    office = serializers.SlugRelatedField(slug_field="code", read_only=True)
    local_government = serializers.SlugRelatedField(
        slug_field="code",
        read_only=True,
        allow_null=True,
        help_text=_("The member invoiced; null for a customer who is not a member."),
    )
    local_government_name = serializers.CharField(
        source="local_government.name", read_only=True, allow_null=True
    )
    membership = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)
    category = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)
    customer_email = serializers.CharField(
        read_only=True, help_text=_("The customer's e-mail address; empty when none was given.")
    )
    replaces = serializers.SlugRelatedField(
        slug_field="number",
        read_only=True,
        allow_null=True,
        help_text=_("The invoice, credited in full, that this one replaces."),
    )
    income_group = serializers.ChoiceField(
        choices=[("", _("Not classified")), *IncomeGroup.choices],
        read_only=True,
        help_text=_("As it stood on the reference date; empty for a flat fee."),
    )
    total = MoneyField(read_only=True)
    credited = serializers.SerializerMethodField(help_text=_("The sum of its credit notes."))
    paid = serializers.SerializerMethodField(help_text=_("The sum of the payments matched to it."))
    open = serializers.SerializerMethodField(
        help_text=_("Total less credited and paid; negative: the member's credit.")
    )
    status = serializers.SerializerMethodField()
    lines = InvoiceLineSerializer(many=True, read_only=True)
    credit_notes = CreditNoteSerializer(many=True, read_only=True)

    class Meta:
        model = Invoice
        fields = [
            "id",
            "number",
            "payment_reference",
            "office",
            "purpose",
            "customer_name",
            "customer_address",
            "customer_email",
            "local_government",
            "local_government_name",
            "membership",
            "year",
            "issued_on",
            "due_on",
            "reference_date",
            "replaces",
            "category",
            "fee_basis",
            "population",
            "population_year",
            "income_group",
            "income_group_fiscal_year",
            "language",
            "total",
            "credited",
            "paid",
            "open",
            "status",
            "lines",
            "credit_notes",
        ]
        read_only_fields = fields

    # `credited`, `paid` and `open_amount` are decimals annotated by
    # Invoice.objects.with_balance() (the view's queryset): a page of invoices
    # costs no query per invoice.

    @extend_schema_field(MoneyShape)
    def get_credited(self, invoice: Invoice) -> dict[str, str]:
        return MoneyField().to_representation(Money(invoice.credited, invoice.currency))

    @extend_schema_field(MoneyShape)
    def get_paid(self, invoice: Invoice) -> dict[str, str]:
        return MoneyField().to_representation(Money(invoice.paid, invoice.currency))

    @extend_schema_field(MoneyShape)
    def get_open(self, invoice: Invoice) -> dict[str, str]:
        return MoneyField().to_representation(Money(invoice.open_amount, invoice.currency))

    @extend_schema_field(serializers.ChoiceField(choices=Invoice.Status.choices))
    def get_status(self, invoice: Invoice) -> str:
        return status_of(invoice)


def status_of(invoice: Invoice) -> Invoice.Status:
    """`Invoice.status()` of an invoice annotated by `with_balance()`, without
    its query: the same rule, read from the annotated decimals."""
    total, credited, paid = invoice.total.amount, invoice.credited, invoice.paid
    if credited >= total and paid == 0:
        return Invoice.Status.CREDITED
    if invoice.open_amount < 0:
        return Invoice.Status.OVERPAID
    if invoice.open_amount == 0:
        return Invoice.Status.PAID
    return Invoice.Status.PARTLY_PAID if paid > 0 else Invoice.Status.OPEN


# Payments


class ExchangeRateSerializer(serializers.ModelSerializer):
    rate = serializers.DecimalField(
        max_digits=20,
        decimal_places=10,
        read_only=True,
        help_text=_("Units of `to_currency` for one of `from_currency`."),
    )

    class Meta:
        model = ExchangeRate
        fields = ["from_currency", "to_currency", "rate", "on", "source"]
        read_only_fields = fields


class PaymentSerializer(serializers.ModelSerializer):
    """Money received by an office, matched to an invoice or not yet (null).
    `note`, `recorded_by` and the bank file are the office's own: null for a
    member's editors."""

    office = serializers.SlugRelatedField(slug_field="code", read_only=True)
    amount = MoneyField(read_only=True)
    invoice = serializers.SlugRelatedField(
        slug_field="number",
        read_only=True,
        allow_null=True,
        help_text=_("Null: not matched to an invoice yet."),
    )
    received = MoneyField(
        read_only=True,
        allow_null=True,
        help_text=_(
            "What was received, when it was in another currency than the invoice and was "
            "converted (`amount` is then what the invoice counts); null otherwise."
        ),
    )
    exchange_rate = ExchangeRateSerializer(
        read_only=True, allow_null=True, help_text=_("The dated rate of the conversion.")
    )
    note = serializers.CharField(read_only=True, allow_null=True)
    recorded_by = serializers.SlugRelatedField(
        slug_field="username", read_only=True, allow_null=True
    )
    bank_file = serializers.CharField(
        read_only=True,
        allow_null=True,
        help_text=_("The bank statement file it was imported from; empty: entered."),
    )
    bank_file_line = serializers.IntegerField(read_only=True, allow_null=True)

    class Meta:
        model = Payment
        fields = [
            "id",
            "office",
            "received_on",
            "amount",
            "method",
            "reference",
            "payer",
            "invoice",
            "received",
            "exchange_rate",
            "recorded_at",
            "recorded_by",
            "note",
            "bank_file",
            "bank_file_line",
        ]
        read_only_fields = fields

    OFFICE_ONLY = ("recorded_by", "note", "bank_file", "bank_file_line")

    def to_representation(self, payment: Payment) -> dict:
        data = super().to_representation(payment)
        readable = self.context.get("office_readable")
        if readable is not None and payment.office_id not in readable:
            for name in self.OFFICE_ONLY:
                data[name] = None
        return data


@extend_schema_field(OpenApiTypes.STR)
class InvoiceNumberField(serializers.SlugRelatedField):
    """An invoice named by its number, among those the person may read (an
    invoice they may not read is as unknown as one that does not exist)."""

    def __init__(self, **kwargs):
        super().__init__(slug_field="number", **kwargs)

    def get_queryset(self):
        return self.context["invoices"]

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


class PaymentCreateSerializer(serializers.Serializer):
    """A payment received, recorded by finance staff of the office that received
    it: for an invoice (its office), or unmatched for an office, to be assigned
    later. `finance.payments.record_payment` keeps the rules: a positive amount
    in cents, in the invoice's currency unless `convert` asks for the rate of
    the day it was received."""

    invoice = InvoiceNumberField(
        required=False,
        allow_null=True,
        help_text=_("The number of the invoice paid, e.g. EU-2027-000123; null: unmatched."),
    )
    office = serializers.SlugRelatedField(
        slug_field="code",
        queryset=Office.objects.all(),
        required=False,
        allow_null=True,
        help_text=_("The office that received an unmatched payment (an invoice names its own)."),
    )
    received_on = serializers.DateField(
        validators=[InDates("DATE", until_today=True)],
        help_text=_("The day the money was received (not in the future)."),
    )
    amount = MoneyField(help_text=_('Positive, e.g. {"amount": "100.00", "currency": "EUR"}.'))
    convert = serializers.BooleanField(
        required=False,
        default=False,
        help_text=_(
            "An amount in another currency than the invoice's is refused unless this is "
            "true: then it is converted at the exchange rate entered for the day it was "
            "received, and the payment names that rate."
        ),
    )
    method = serializers.ChoiceField(choices=Payment.Method.choices)
    reference = serializers.CharField(
        max_length=200,
        required=False,
        allow_blank=True,
        default="",
        help_text=_("As given by the payer or the bank."),
    )
    payer = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    note = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")

    def validate_convert(self, value):
        # DRF's BooleanField takes "yes", 1 and "on" too; a JSON body says true or false.
        if "convert" in self.initial_data and not isinstance(self.initial_data["convert"], bool):
            raise serializers.ValidationError(gettext("Write true or false."))
        return value

    def validate(self, attrs):
        invoice, office = attrs.get("invoice"), attrs.get("office")
        if invoice is None and office is None:
            raise serializers.ValidationError(
                {
                    "invoice": [
                        gettext("Name the invoice paid, or the office of an unmatched payment.")
                    ]
                }
            )
        if invoice is not None and office is not None and office != invoice.office:
            raise serializers.ValidationError(
                {
                    "office": [
                        gettext("Invoice %(number)s is %(office)s's: leave the office out.")
                        % {"number": invoice.number, "office": invoice.office.code}
                    ]
                }
            )
        attrs["office"] = invoice.office if invoice is not None else office
        return attrs


# Ageing


class AgeingBucketSerializer(serializers.Serializer):
    bucket = serializers.ChoiceField(
        choices=[(bucket, bucket) for bucket in AGEING_BUCKETS],
        help_text=_(
            "Days past due: current (not yet due), 0-30 (the due date is day 0), 31-60, "
            "61-90, over-90."
        ),
    )
    amount = MoneyField(help_text=_("What the invoices in the bucket still owe."))


class AgeingLineSerializer(serializers.Serializer):
    """What everyone read (`totals`) or one office owes in one currency."""

    office = serializers.CharField(
        allow_null=True, help_text=_("The office's code; null in the totals.")
    )
    currency = serializers.CharField()
    total = MoneyField(help_text=_("Everything owed in this currency."))
    invoices = serializers.IntegerField(help_text=_("How many invoices owe it."))
    buckets = AgeingBucketSerializer(many=True, help_text=_("In the order of the report."))


class ConvertedAgeingSerializer(serializers.Serializer):
    """The ageing in one currency: each office's buckets converted at the rate
    in force on the day (the latest entered on or before it), and the rates used."""

    currency = serializers.CharField()
    total = AgeingLineSerializer(help_text=_("The sum of the converted offices."))
    offices = AgeingLineSerializer(many=True)
    rates = ExchangeRateSerializer(many=True, help_text=_("Every rate used."))


class AgeingSerializer(serializers.Serializer):
    """Receivables ageing on a day: what was owed then (invoices issued by that
    day, less the credit notes issued and payments received by then), by days
    past the due date; per currency, since amounts in different currencies are
    not added up."""

    on = serializers.DateField()
    office = serializers.CharField(
        allow_null=True, help_text=_("The office asked for; null: every office read.")
    )
    totals = AgeingLineSerializer(many=True, help_text=_("One line per currency."))
    offices = AgeingLineSerializer(many=True, help_text=_("One line per office and currency."))
    converted = ConvertedAgeingSerializer(
        allow_null=True, help_text=_("With `currency` asked: everything in it; else null.")
    )


class AgeingQuerySerializer(serializers.Serializer):
    on = serializers.DateField(
        required=False,
        validators=[InDates("DATE")],
        help_text=_("The day of the report (default: today)."),
    )
    office = serializers.SlugRelatedField(
        slug_field="code",
        queryset=Office.objects.all(),
        required=False,
        help_text=_("An office's code; without it, every office whose finances you read."),
    )
    currency = serializers.CharField(
        required=False,
        help_text=_(
            "Also convert everything into this currency (ISO 4217), at the exchange rates "
            "entered on or before the day; each rate used is named."
        ),
    )

    def validate_currency(self, value: str) -> str:
        currency, problem = _currency(value)
        if problem:
            raise serializers.ValidationError(problem)
        return currency
