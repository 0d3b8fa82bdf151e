"""The dues ledger: invoices and their lines, credit notes, payments, reductions
and reminders.

Accounting law expects an issued invoice to stay as it was issued: every
correction is a credit note, numbered in the same gapless series. The models
refuse edits and deletions themselves so that no door (page, API, admin,
command, shell) can forget; `QuerySet.update` is the one way past them, and
no code of the platform uses it on these tables.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import DecimalField, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce, Round
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from djmoney.money import Money
from simple_history.models import HistoricalRecords

from localaction.finance.models.income import IncomeGroup
from localaction.finance.models.schedules import AMOUNT_DIGITS, FeeSchedule, money_field
from localaction.network.models import LocalGovernment, Membership, MembershipCategory, Office

CENT = Decimal("0.01")
NOT_EDITED = _("An issued invoice is never edited: correct it with a credit note.")
NOT_DELETED = _("An issued invoice is never deleted: correct it with a credit note.")


class InvoiceNumberSeries(models.Model):
    """The last number given in one office's series for one year.

    Invoices and credit notes share the series: `EU-2027-000123`. Numbers are
    gapless: `finance.services.next_number` takes the next one inside the
    transaction that creates the document, with the series row locked, so a
    rolled-back document gives its number back and two processes never get
    the same one.
    """

    office = models.ForeignKey(
        Office, on_delete=models.PROTECT, related_name="number_series", verbose_name=_("office")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    prefix = models.CharField(
        _("prefix"),
        max_length=8,
        help_text=_("Letters and digits before the year, e.g. EU."),
    )
    last_number = models.PositiveIntegerField(_("last number given"), default=0)

    class Meta:
        ordering = ["office", "-year"]
        verbose_name = _("invoice number series")
        verbose_name_plural = _("invoice number series")
        constraints = [
            models.UniqueConstraint(
                fields=["office", "year"], name="one_series_per_office_and_year"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.prefix}-{self.year}: {self.last_number}"

    def format(self, number: int) -> str:
        return f"{self.prefix}-{self.year}-{number:06d}"


def payment_reference(number: str) -> str:
    """The ISO 11649 structured creditor reference ("RF" + two check digits) of a
    document number: banks validate it, and the payment import matches by it."""
    body = "".join(ch for ch in number.upper() if ch.isalnum())
    if not 1 <= len(body) <= 21:
        raise ValueError(
            f"'{number}' does not make a creditor reference (1 to 21 letters or digits)."
        )
    digits = "".join(str(int(ch, 36)) for ch in body + "RF00")
    return f"RF{98 - int(digits) % 97:02d}{body}"


class InvoiceQuerySet(models.QuerySet):
    def delete(self):
        raise ValidationError(NOT_DELETED)

    def with_balance(self) -> InvoiceQuerySet:
        """Annotate `credited`, `paid` and `open_amount` (decimals in the invoice's
        currency; a negative open amount is the member's credit)."""
        money = DecimalField(max_digits=AMOUNT_DIGITS, decimal_places=2)
        zero = Value(Decimal("0"), output_field=money)

        def total_of(model):
            rows = (
                model.objects.filter(invoice=OuterRef("pk"))
                .order_by()
                .values("invoice")
                .annotate(total=Sum("amount"))
                .values("total")
            )
            return Round(Coalesce(Subquery(rows), zero), 2, output_field=money)

        # Rounded to cents in SQL: SQLite adds decimals in binary floating
        # point (54.59 − 44.66 = 9.930000000000007); PostgreSQL is exact anyway.
        return self.annotate(credited=total_of(CreditNote), paid=total_of(Payment)).annotate(
            open_amount=Round(
                models.F("total") - models.F("credited") - models.F("paid"), 2, output_field=money
            )
        )


class Invoice(models.Model):
    """An invoice as issued: the dues of one membership for one membership
    year, or fees for an event or for services (`Purpose`).

    Every invoice names its customer as they stood at issue (name, postal
    address, e-mail); `local_government` is set when the customer is a member.
    A dues invoice also keeps what it was computed from as it stood on the
    run's reference date — membership year, schedule, population, income group
    and its classification year, category and fee basis — so that later
    changes to the register never change an issued invoice; on a fee invoice
    those are empty (the database checks both). Fee invoices are issued by
    `finance.fees.issue_fee_invoice`. What a service creating one must keep true: the number and the
    payment reference come from `next_number` in the same transaction; the
    total equals the sum of its lines (`lines_total`); the currency of every
    line is the invoice's. `Invoice.objects.with_balance()` (or `balance()`)
    gives what is credited, paid and open: the status is computed, not stored.
    """

    class Purpose(models.TextChoices):
        DUES = "dues", _("Membership dues")
        EVENT = "event", _("Event fees")
        SERVICES = "services", _("Services")

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        PARTLY_PAID = "partly_paid", _("Partly paid")
        PAID = "paid", _("Paid")
        OVERPAID = "overpaid", _("Overpaid (credit)")
        CREDITED = "credited", _("Credited in full")

    # Fields a service may still set after issue: they record what was done
    # with the invoice, not what it says.
    MUTABLE_FIELDS = frozenset({"pdf", "emailed_at"})

    office = models.ForeignKey(
        Office, on_delete=models.PROTECT, related_name="invoices", verbose_name=_("office")
    )
    purpose = models.CharField(
        _("purpose"), max_length=10, choices=Purpose.choices, default=Purpose.DUES
    )
    # The customer, as they stood at issue.
    customer_name = models.CharField(_("customer"), max_length=200, blank=True)
    customer_address = models.TextField(_("customer's postal address"), blank=True, max_length=1000)
    customer_email = models.EmailField(_("customer's e-mail"), blank=True)
    local_government = models.ForeignKey(
        LocalGovernment,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="invoices",
        verbose_name=_("local government"),
        help_text=_("Set when the customer is a member."),
    )
    membership = models.ForeignKey(
        Membership,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="invoices",
        verbose_name=_("membership"),
    )
    year = models.PositiveSmallIntegerField(_("membership year"), null=True, blank=True)
    schedule = models.ForeignKey(
        FeeSchedule,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="invoices",
        verbose_name=_("schedule"),
    )
    replaces = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="replaced_by",
        verbose_name=_("replaces"),
        help_text=_("The invoice, credited in full, that this one replaces."),
    )
    number = models.CharField(_("number"), max_length=30, unique=True)
    payment_reference = models.CharField(_("payment reference"), max_length=25, unique=True)
    issued_on = models.DateField(_("issued on"))
    due_on = models.DateField(_("due on"))
    reference_date = models.DateField(
        _("reference date"),
        null=True,
        blank=True,
        help_text=_("The day the population and income group were read."),
    )
    total = money_field(_("total"))
    # The snapshot, as it stood on the reference date.
    category = models.ForeignKey(
        MembershipCategory,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("category"),
    )
    fee_basis = models.CharField(
        _("fee basis"), max_length=20, choices=MembershipCategory.FeeBasis.choices, blank=True
    )
    population = models.PositiveBigIntegerField(_("population"), null=True, blank=True)
    population_year = models.PositiveSmallIntegerField(_("population year"), null=True, blank=True)
    income_group = models.CharField(
        _("income group"), max_length=12, choices=IncomeGroup.choices, blank=True
    )
    income_group_fiscal_year = models.PositiveSmallIntegerField(
        _("income classification (fiscal year)"), null=True, blank=True
    )
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("issued by"),
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    pdf = models.FileField(_("PDF"), upload_to="invoices/", blank=True)
    emailed_at = models.DateTimeField(_("e-mailed at"), null=True, blank=True)

    objects = InvoiceQuerySet.as_manager()

    class Meta:
        ordering = ["-issued_on", "-number"]
        verbose_name = _("invoice")
        verbose_name_plural = _("invoices")
        constraints = [
            models.UniqueConstraint(
                fields=["membership", "year"],
                condition=Q(purpose="dues", replaces__isnull=True),
                name="one_dues_invoice_per_membership_and_year",
            ),
            models.CheckConstraint(
                condition=~Q(purpose="dues")
                | Q(
                    local_government__isnull=False,
                    membership__isnull=False,
                    year__isnull=False,
                    schedule__isnull=False,
                    reference_date__isnull=False,
                    category__isnull=False,
                    fee_basis__gt="",
                ),
                name="invoice_dues_keep_their_snapshot",
            ),
            models.CheckConstraint(
                condition=Q(purpose="dues") | Q(customer_name__gt=""),
                name="invoice_fees_name_their_customer",
            ),
            models.CheckConstraint(condition=Q(total__gte=0), name="invoice_total_not_negative"),
            models.CheckConstraint(
                condition=Q(due_on__gte=models.F("issued_on")), name="invoice_due_after_issue"
            ),
            models.CheckConstraint(
                condition=~Q(purpose="dues")
                | Q(fee_basis="flat")
                | Q(population__isnull=False, income_group__gt=""),
                name="invoice_population_fee_has_its_cell",
            ),
        ]
        indexes = [
            models.Index(fields=["office", "year"]),
            models.Index(fields=["due_on"]),
            models.Index(fields=["office", "purpose", "issued_on"]),
        ]

    def __str__(self) -> str:
        return self.number

    def save(self, *args, **kwargs) -> None:
        if self._state.adding and not self.customer_name and self.local_government_id:
            # A dues invoice names its member as its customer, as every invoice does.
            self.customer_name = self.local_government.name
        if not self._state.adding:
            update_fields = kwargs.get("update_fields")
            if update_fields is None or not set(update_fields) <= self.MUTABLE_FIELDS:
                stored = type(self).objects.get(pk=self.pk)
                for field in self._meta.concrete_fields:
                    if field.attname in self.MUTABLE_FIELDS:
                        continue
                    if getattr(stored, field.attname) != getattr(self, field.attname):
                        raise ValidationError(NOT_EDITED)
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError(NOT_DELETED)

    @property
    def currency(self) -> str:
        return str(self.total.currency)

    @property
    def is_dues(self) -> bool:
        return self.purpose == self.Purpose.DUES

    @property
    def series_year(self) -> int:
        """The year of the number series the invoice and its credit notes take:
        the membership year of dues, the year of issue of fees."""
        return self.year if self.is_dues else self.issued_on.year

    def clean(self) -> None:
        if self.total is not None and self.total.amount < 0:
            raise ValidationError({"total": gettext("An invoice's total cannot be negative.")})
        if self.due_on and self.issued_on and self.due_on < self.issued_on:
            raise ValidationError({"due_on": gettext("An invoice falls due after it is issued.")})

    @property
    def lines_total(self) -> Money:
        amounts = [line.amount for line in self.lines.all()]
        return sum(amounts, Money(0, self.currency))

    def balance(self) -> dict[str, Money]:
        """What is credited, paid and still open (negative: the member's credit)."""
        row = (
            type(self)
            .objects.with_balance()
            .values("credited", "paid", "open_amount")
            .get(pk=self.pk)
        )
        return {key: Money(value, self.currency) for key, value in row.items()}

    @property
    def uncredited(self) -> Money:
        """The part of the total not yet credited: the most a credit note may take."""
        credited = self.credit_notes.aggregate(total=Sum("amount"))["total"] or Decimal("0")
        # Quantized: SQLite sums decimals in floating point.
        return self.total - Money(credited.quantize(CENT), self.currency)

    def status(self) -> Invoice.Status:
        balance = self.balance()
        credited, paid, open_amount = balance["credited"], balance["paid"], balance["open_amount"]
        if credited.amount >= self.total.amount and paid.amount == 0:
            return self.Status.CREDITED
        if open_amount.amount < 0:
            return self.Status.OVERPAID
        if open_amount.amount == 0:
            return self.Status.PAID
        return self.Status.PARTLY_PAID if paid.amount > 0 else self.Status.OPEN


class _Immutable(models.Model):
    """A record of the ledger written once and never changed or deleted."""

    refusal = NOT_EDITED

    class Meta:
        abstract = True

    def save(self, *args, **kwargs) -> None:
        if not self._state.adding:
            raise ValidationError(self.refusal)
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError(self.refusal)


class InvoiceLine(_Immutable):
    """One line of an invoice. Dues: the annual or flat fee, then the pro-rata
    and reduction lines (negative), in the order of `core.dues.Charge.lines`.
    Fees: fee lines (positive or zero) and discounts (negative or zero), in
    the order the service gave them."""

    class Kind(models.TextChoices):
        ANNUAL_FEE = "annual-fee", _("Annual fee")
        FLAT_FEE = "flat-fee", _("Flat fee")
        PRO_RATA = "pro-rata", _("Pro rata for the part of the year before joining")
        REDUCTION = "reduction", _("Reduction")
        FEE = "fee", _("Fee")
        DISCOUNT = "discount", _("Discount")

    CHARGES = frozenset({Kind.ANNUAL_FEE, Kind.FLAT_FEE, Kind.FEE})
    DEDUCTIONS = frozenset({Kind.PRO_RATA, Kind.REDUCTION, Kind.DISCOUNT})

    invoice = models.ForeignKey(
        Invoice, on_delete=models.PROTECT, related_name="lines", verbose_name=_("invoice")
    )
    position = models.PositiveSmallIntegerField(_("position"))
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    description = models.CharField(_("description"), max_length=300)
    amount = money_field(_("amount"))

    class Meta:
        ordering = ["invoice", "position"]
        verbose_name = _("invoice line")
        verbose_name_plural = _("invoice lines")
        constraints = [
            models.UniqueConstraint(fields=["invoice", "position"], name="one_line_per_position"),
            models.CheckConstraint(
                condition=Q(kind__in=["annual-fee", "flat-fee", "fee"], amount__gte=0)
                | Q(kind__in=["pro-rata", "reduction", "discount"], amount__lte=0),
                name="fee_lines_positive_deductions_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.description}: {self.amount}"

    def clean(self) -> None:
        if (
            self.invoice_id
            and self.amount is not None
            and str(self.amount.currency) != self.invoice.currency
        ):
            raise ValidationError({"amount": gettext("A line is in its invoice's currency.")})


class CreditNote(_Immutable):
    """A correction of an issued invoice, numbered in the office's same series.

    `finance.services.credit_invoice` creates it: a positive amount in the
    invoice's currency, at most what is not yet credited of the invoice
    (`Invoice.uncredited`) — checked with the invoice row locked, so that two
    credit notes at once cannot together exceed it. Crediting a paid invoice
    leaves the payment as the member's credit.
    """

    refusal = _("A credit note is never edited or deleted: issue another one.")

    invoice = models.ForeignKey(
        Invoice, on_delete=models.PROTECT, related_name="credit_notes", verbose_name=_("invoice")
    )
    number = models.CharField(_("number"), max_length=30, unique=True)
    issued_on = models.DateField(_("issued on"))
    amount = money_field(_("amount"))
    reason = models.TextField(_("reason"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("issued by"),
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        ordering = ["-issued_on", "-number"]
        verbose_name = _("credit note")
        verbose_name_plural = _("credit notes")
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="credit_note_positive"),
        ]

    def __str__(self) -> str:
        return self.number


class Payment(models.Model):
    """Money received by an office: recorded by finance staff or imported from a
    bank statement file (`bank_file`, `bank_file_line`).

    A payment without an invoice is unmatched: kept, never lost, and listed
    for a person to assign. Matched, it is in its invoice's currency and
    office (`clean`); a payment above what is open is the member's credit.
    Services record and assign payments after `clean()`; a payment is not
    deleted once matched.
    """

    class Method(models.TextChoices):
        BANK_TRANSFER = "bank_transfer", _("Bank transfer")
        CARD = "card", _("Card")
        CASH = "cash", _("Cash")
        CHEQUE = "cheque", _("Cheque")
        OTHER = "other", _("Other")

    office = models.ForeignKey(
        Office, on_delete=models.PROTECT, related_name="payments", verbose_name=_("office")
    )
    received_on = models.DateField(_("received on"))
    amount = money_field(_("amount"))
    method = models.CharField(_("method"), max_length=15, choices=Method.choices)
    reference = models.CharField(
        _("reference"),
        max_length=200,
        blank=True,
        help_text=_("As given by the payer or the bank."),
    )
    payer = models.CharField(_("payer"), max_length=200, blank=True)
    invoice = models.ForeignKey(
        Invoice,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="payments",
        verbose_name=_("invoice"),
        help_text=_("Empty: not matched yet."),
    )
    # What was received, when it was converted into the invoice's currency at a
    # dated rate (`finance.payments`): the rate is named, never implied.
    received = money_field(_("amount received"), null=True, blank=True)
    exchange_rate = models.ForeignKey(
        "finance.ExchangeRate",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="payments",
        verbose_name=_("exchange rate used"),
    )
    bank_file = models.CharField(_("bank statement file"), max_length=200, blank=True)
    bank_file_line = models.PositiveIntegerField(_("line in the file"), null=True, blank=True)
    bank_transaction_id = models.CharField(
        _("bank transaction id"),
        max_length=100,
        blank=True,
        help_text=_(
            "The bank's own id of the transaction: a statement imported twice adds nothing."
        ),
    )
    note = models.TextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
        help_text=_("Empty: imported from the command line."),
    )
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-received_on", "-pk"]
        verbose_name = _("payment")
        verbose_name_plural = _("payments")
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="payment_positive"),
            # By the bank's id, not the file's name and line: two statements
            # may overlap, and next month's file may have the same name.
            models.UniqueConstraint(
                fields=["office", "bank_transaction_id"],
                condition=~Q(bank_transaction_id=""),
                name="one_payment_per_bank_transaction",
            ),
            models.CheckConstraint(
                condition=Q(received__isnull=True, exchange_rate__isnull=True)
                | Q(received__isnull=False, exchange_rate__isnull=False),
                name="payment_converted_names_its_rate",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.received_on} {self.amount} {self.reference}".strip()

    def delete(self, *args, **kwargs):
        if self.invoice_id:
            raise ValidationError(gettext("A matched payment is not deleted."))
        return super().delete(*args, **kwargs)

    @property
    def is_matched(self) -> bool:
        return self.invoice_id is not None

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.amount is not None and self.amount.amount <= 0:
            errors["amount"] = gettext("A payment is a positive amount.")
        if (self.received is None) != (self.exchange_rate_id is None):
            errors["exchange_rate"] = gettext(
                "A converted payment keeps both what was received and the rate used."
            )
        elif self.exchange_rate_id and self.received is not None and self.amount is not None:
            rate = self.exchange_rate
            if (str(self.received.currency), str(self.amount.currency)) != (
                rate.from_currency,
                rate.to_currency,
            ):
                errors["exchange_rate"] = gettext(
                    "The rate %(rate)s does not convert %(received)s into %(currency)s."
                ) % {
                    "rate": rate,
                    "received": self.received.currency,
                    "currency": self.amount.currency,
                }
        if self.invoice_id and self.amount is not None:
            if str(self.amount.currency) != self.invoice.currency:
                errors["invoice"] = gettext(
                    "This payment is in %(paid)s, its invoice %(number)s in %(invoiced)s."
                ) % {
                    "paid": self.amount.currency,
                    "number": self.invoice.number,
                    "invoiced": self.invoice.currency,
                }
            elif self.office_id and self.invoice.office_id != self.office_id:
                errors["invoice"] = gettext("Invoice %(number)s is another office's.") % {
                    "number": self.invoice.number
                }
        if errors:
            raise ValidationError(errors)


class Reduction(models.Model):
    """A hardship reduction (a percentage) or waiver (100 %) of one membership's
    dues for one membership year, requested and then decided.

    `finance.services.decide_reduction` decides it: finance staff of the
    invoicing office up to the schedule's `reduction_limit_percent`, only the
    secretariat above it; the decision is dated and explained. A granted
    reduction becomes a reduction line of the year's invoice.
    """

    class Status(models.TextChoices):
        REQUESTED = "requested", _("Requested")
        GRANTED = "granted", _("Granted")
        REFUSED = "refused", _("Refused")

    membership = models.ForeignKey(
        Membership,
        on_delete=models.PROTECT,
        related_name="reductions",
        verbose_name=_("membership"),
    )
    year = models.PositiveSmallIntegerField(_("membership year"))
    percent = models.DecimalField(
        _("reduction (%)"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(Decimal("100"))],
        help_text=_("100 is a waiver."),
    )
    reason = models.TextField(_("reason"))
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("requested by"),
    )
    requested_on = models.DateField(_("requested on"), default=timezone.localdate)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.REQUESTED
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    decision_note = models.TextField(_("reasons for the decision"), blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-year", "-requested_on"]
        verbose_name = _("reduction")
        verbose_name_plural = _("reductions")
        constraints = [
            models.UniqueConstraint(
                fields=["membership", "year"],
                condition=Q(status__in=["requested", "granted"]),
                name="one_open_reduction_per_membership_and_year",
            ),
            models.CheckConstraint(
                condition=Q(percent__gt=0, percent__lte=100), name="reduction_is_a_percentage"
            ),
            models.CheckConstraint(
                condition=Q(status="requested", decided_on=None)
                | (~Q(status="requested") & Q(decided_on__isnull=False)),
                name="reduction_decided_is_dated",
            ),
        ]

    def __str__(self) -> str:
        what = gettext("waiver") if self.is_waiver else f"{self.percent.normalize():f} %"
        return (
            f"{self.membership.local_government} {self.year}: {what} ({self.get_status_display()})"
        )

    @property
    def is_waiver(self) -> bool:
        return self.percent == 100


class Reminder(models.Model):
    """A reminder sent for an unpaid invoice, `days` after its due date (one of
    the schedule's reminder days; each is sent once)."""

    invoice = models.ForeignKey(
        Invoice, on_delete=models.PROTECT, related_name="reminders", verbose_name=_("invoice")
    )
    days = models.PositiveSmallIntegerField(_("days after the due date"))
    sent_on = models.DateField(_("sent on"))

    class Meta:
        ordering = ["invoice", "days"]
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        constraints = [
            models.UniqueConstraint(
                fields=["invoice", "days"], name="one_reminder_per_invoice_and_day"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.invoice} +{self.days}"
