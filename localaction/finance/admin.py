"""The finance records in the admin (the secretariat's), obeying the same
services and permissions as every other door: an issued invoice is read only
and never deleted, a credit note goes through `credit_invoice`, a schedule is
adopted through `adopt_schedule`, a reduction decided through `decide_reduction`."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from localaction.admin import ObeysServices
from localaction.finance import funds, payments, permissions, services
from localaction.finance.models import (
    Actual,
    Budget,
    BudgetLine,
    CountryIncomeGroup,
    CreditNote,
    ExchangeRate,
    Fee,
    FeeBand,
    FeeSchedule,
    FlatFee,
    Invoice,
    InvoiceLine,
    InvoiceNumberSeries,
    OfficeBankAccount,
    Payment,
    ProjectFund,
    Reduction,
    Reminder,
)


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


class ReadOnlyAdmin(ObeysServices, admin.ModelAdmin):
    """Records the ledger writes once: shown, never changed or deleted here."""

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(CountryIncomeGroup)
class CountryIncomeGroupAdmin(ObeysServices, SimpleHistoryAdmin):
    list_display = ["country", "fiscal_year", "group", "source"]
    list_filter = ["fiscal_year", "group"]
    search_fields = ["country__name", "country__code"]
    autocomplete_fields = ["country"]

    def save_model(self, request, obj, form, change) -> None:
        services.set_income_group(
            country=obj.country,
            fiscal_year=obj.fiscal_year,
            group=obj.group,
            source=obj.source,
            by=request.user,
        )

    def deletion_refusal(self, obj) -> str | None:
        return gettext("A classification is corrected, not deleted (invoices name it).")


# Fee schedules


class _ScheduleInline(admin.TabularInline):
    extra = 0

    def _editable(self, obj) -> bool:
        return obj is None or not obj.is_adopted

    def has_add_permission(self, request, obj=None) -> bool:
        return self._editable(obj)

    def has_change_permission(self, request, obj=None) -> bool:
        return self._editable(obj)

    def has_delete_permission(self, request, obj=None) -> bool:
        return self._editable(obj)


class FeeBandInline(_ScheduleInline):
    model = FeeBand
    fields = ["lower", "upper"]
    show_change_link = True


class FlatFeeInline(_ScheduleInline):
    model = FlatFee
    fields = ["category", "amount"]


class FeeScheduleForm(forms.ModelForm):
    class Meta:
        model = FeeSchedule
        fields = [
            "year",
            "office",
            "currency",
            "pro_rata",
            "due_days",
            "grace_days",
            "reminder_days",
            "reduction_limit_percent",
            "is_example",
            "note",
            "adopted_on",
            "adopted_by",
            "decision",
        ]
        help_texts = {
            "adopted_on": _("Fill in with the body to adopt the schedule: it is checked first."),
        }


@admin.register(FeeSchedule)
class FeeScheduleAdmin(ObeysServices, SimpleHistoryAdmin):
    """A draft is edited with its bands and flat fees; filling in the adoption
    (date and body) adopts it through `adopt_schedule`, which refuses a schedule
    with overlapping bands, gaps or a missing fee, naming each cell."""

    form = FeeScheduleForm
    list_display = [
        "__str__",
        "year",
        "office",
        "currency",
        "adopted_on",
        "adopted_by",
        "decision",
        "is_example",
    ]
    list_filter = ["year", "is_example"]
    inlines = [FeeBandInline, FlatFeeInline]
    autocomplete_fields = ["decision"]

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.is_adopted:
            # The decision that adopted it may be linked once it is on record.
            return [
                f.name
                for f in FeeSchedule._meta.concrete_fields
                if f.name not in ("note", "decision")
            ]
        return ["adopted_recorded_by"]

    def save_model(self, request, obj, form, change) -> None:
        # Adoption waits until the bands and fees of the form are saved.
        self._adoption = None
        if "adopted_on" in form.changed_data and obj.adopted_on:
            self._adoption = (obj.adopted_on, obj.adopted_by)
            obj.adopted_on = None
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change) -> None:
        super().save_related(request, form, formsets, change)
        schedule = form.instance
        if self._adoption is not None:
            adopted_on, adopted_by = self._adoption
            try:
                services.adopt_schedule(
                    schedule, adopted_on=adopted_on, adopted_by=adopted_by, by=request.user
                )
            except (ValidationError, PermissionDenied) as error:
                problems = getattr(error, "messages", [str(error)])
                self.message_user(
                    request,
                    gettext("Saved as a draft, not adopted: %(problems)s")
                    % {"problems": " ".join(problems)},
                    messages.ERROR,
                )
        elif problems := schedule.problems():
            self.message_user(
                request,
                gettext("This draft cannot be adopted yet: %(problems)s")
                % {"problems": " ".join(problems)},
                messages.WARNING,
            )

    def deletion_refusal(self, obj) -> str | None:
        if obj.is_adopted:
            return gettext("An adopted fee schedule is not deleted.")
        return None


class FeeInline(_ScheduleInline):
    model = Fee
    fields = ["income_group", "amount"]

    def _editable(self, obj) -> bool:
        return obj is None or not obj.schedule.is_adopted


@admin.register(FeeBand)
class FeeBandAdmin(ObeysServices, admin.ModelAdmin):
    """A band's fees, one per income group."""

    list_display = ["__str__", "schedule"]
    list_filter = ["schedule"]
    inlines = [FeeInline]

    def has_change_permission(self, request, obj=None) -> bool:
        return obj is None or not obj.schedule.is_adopted

    def deletion_refusal(self, obj) -> str | None:
        if obj.schedule.is_adopted:
            return gettext("The band of an adopted schedule is not deleted.")
        return None


# Money


@admin.register(ExchangeRate)
class ExchangeRateAdmin(ObeysServices, admin.ModelAdmin):
    """Rates are entered, never edited: a correction is a new rate."""

    list_display = ["on", "from_currency", "to_currency", "rate", "source", "entered_by"]
    list_filter = ["from_currency", "to_currency"]
    fields = ["on", "from_currency", "to_currency", "rate", "source"]

    def has_change_permission(self, request, obj=None) -> bool:
        return obj is None

    def save_model(self, request, obj, form, change) -> None:
        obj.entered_by = request.user
        super().save_model(request, obj, form, change)

    def deletion_refusal(self, obj) -> str | None:
        return gettext("A rate may have been used: enter a new one rather than delete it.")


class InvoiceLineInline(ReadOnlyInline):
    model = InvoiceLine
    fields = ["position", "kind", "description", "amount"]


class CreditNoteInline(ReadOnlyInline):
    model = CreditNote
    fields = ["number", "issued_on", "amount", "reason", "created_by"]


class PaymentInline(ReadOnlyInline):
    model = Payment
    fields = ["received_on", "amount", "method", "reference", "recorded_by"]


@admin.register(Invoice)
class InvoiceAdmin(ReadOnlyAdmin):
    list_display = [
        "number",
        "purpose",
        "customer_name",
        "office",
        "year",
        "total",
        "issued_on",
        "due_on",
    ]
    list_filter = ["purpose", "year", "office"]
    search_fields = ["number", "payment_reference", "customer_name", "local_government__name"]
    list_select_related = ["local_government", "office"]
    inlines = [InvoiceLineInline, CreditNoteInline, PaymentInline]

    def deletion_refusal(self, obj) -> str | None:
        return gettext("An issued invoice is never deleted: correct it with a credit note.")


class CreditNoteForm(forms.ModelForm):
    class Meta:
        model = CreditNote
        fields = ["invoice", "amount", "reason"]


@admin.register(CreditNote)
class CreditNoteAdmin(ObeysServices, admin.ModelAdmin):
    """Credit notes are issued through `credit_invoice` (numbered, checked
    against what is left to credit) and never changed."""

    form = CreditNoteForm
    list_display = ["number", "invoice", "amount", "issued_on", "created_by"]
    search_fields = ["number", "invoice__number"]
    raw_id_fields = ["invoice"]

    def has_change_permission(self, request, obj=None) -> bool:
        return obj is None

    def save_model(self, request, obj, form, change) -> None:
        note = services.credit_invoice(
            obj.invoice, amount=obj.amount, reason=obj.reason, by=request.user
        )
        form.instance = note
        obj.pk = note.pk

    def deletion_refusal(self, obj) -> str | None:
        return gettext("A credit note is never deleted: issue another one.")


@admin.register(Payment)
class PaymentAdmin(ObeysServices, SimpleHistoryAdmin):
    list_display = ["received_on", "office", "amount", "method", "reference", "invoice"]
    list_filter = ["office", "method"]
    search_fields = ["reference", "payer", "invoice__number"]
    raw_id_fields = ["invoice"]
    readonly_fields = [
        "recorded_by",
        "recorded_at",
        "bank_file",
        "bank_file_line",
        "bank_transaction_id",
        "received",
        "exchange_rate",
    ]

    def get_readonly_fields(self, request, obj=None):
        # Matched, a payment stays with its invoice and its office (payments.assign_payment).
        matched = ["office", "invoice"] if obj is not None and obj.invoice_id else []
        return [*super().get_readonly_fields(request, obj), *matched]

    def save_model(self, request, obj, form, change) -> None:
        """A new payment and an assignment go through the payment services."""
        if not permissions.can_record_payments(request.user, obj.office):
            raise PermissionDenied(gettext("Only the office's finance staff record payments."))
        if not change:
            saved = payments.record_payment(
                office=obj.office,
                received_on=obj.received_on,
                amount=obj.amount,
                method=obj.method,
                reference=obj.reference,
                payer=obj.payer,
                invoice=obj.invoice,
                note=obj.note,
                by=request.user,
            )
            obj.pk = saved.pk
            form.instance = saved
            return
        was_matched = Payment.objects.filter(pk=obj.pk, invoice__isnull=False).exists()
        invoice = obj.invoice
        if not was_matched:
            obj.invoice = None
        super().save_model(request, obj, form, change)
        if not was_matched and invoice is not None:
            payments.assign_payment(obj, invoice=invoice, by=request.user)

    def deletion_refusal(self, obj) -> str | None:
        if obj.invoice_id:
            return gettext("A matched payment is not deleted.")
        return None


@admin.action(description=_("Grant the selected reductions (with the reasons given)"))
def grant_reductions(modeladmin, request, queryset):
    _decide(modeladmin, request, queryset, grant=True)


@admin.action(description=_("Refuse the selected reductions (with the reasons given)"))
def refuse_reductions(modeladmin, request, queryset):
    _decide(modeladmin, request, queryset, grant=False)


def _decide(modeladmin, request, queryset, *, grant: bool) -> None:
    def decide(reduction):
        try:
            services.decide_reduction(
                reduction, grant=grant, by=request.user, note=reduction.decision_note
            )
        except PermissionDenied as error:
            raise ValidationError(str(error)) from None

    modeladmin.act_on_each(
        request,
        queryset,
        decide,
        allowed=lambda reduction: True,  # decide_reduction checks who may decide
        done=_("Reductions decided: %(count)s."),
    )


@admin.register(Reduction)
class ReductionAdmin(ObeysServices, SimpleHistoryAdmin):
    """Requested by the member's editors on the site (`request_reduction`, whose
    rules — one open request per year, not once invoiced — the admin would skip);
    decided here by the actions (`decide_reduction`), with the reasons typed in
    `decision_note` first, the one field left to edit."""

    list_display = ["membership", "year", "percent", "status", "requested_on", "decided_on"]
    list_filter = ["status", "year"]
    raw_id_fields = ["membership"]
    actions = [grant_reductions, refuse_reductions]

    def has_add_permission(self, request) -> bool:
        return False

    def get_readonly_fields(self, request, obj=None):
        fields = [f.name for f in Reduction._meta.concrete_fields]
        if obj is not None and obj.status == Reduction.Status.REQUESTED:
            return [name for name in fields if name != "decision_note"]
        return fields

    def deletion_refusal(self, obj) -> str | None:
        if obj.status != Reduction.Status.REQUESTED:
            return gettext("A decided reduction is a record: it is not deleted.")
        return None


@admin.register(Reminder)
class ReminderAdmin(ReadOnlyAdmin):
    list_display = ["invoice", "days", "sent_on"]


@admin.register(InvoiceNumberSeries)
class InvoiceNumberSeriesAdmin(ReadOnlyAdmin):
    list_display = ["office", "year", "prefix", "last_number"]


# Budgets


class BudgetLineInline(admin.TabularInline):
    model = BudgetLine
    extra = 0
    fields = ["flow", "income_source", "expense_category", "amount", "note"]


@admin.register(Budget)
class BudgetAdmin(ObeysServices, SimpleHistoryAdmin):
    list_display = ["__str__", "office", "year", "currency"]
    list_filter = ["year", "office"]
    inlines = [BudgetLineInline]

    def save_model(self, request, obj, form, change) -> None:
        if not permissions.can_keep_budget(request.user, obj.office):
            raise PermissionDenied(gettext("Only the office's finance staff keep its budget."))
        super().save_model(request, obj, form, change)


@admin.register(Actual)
class ActualAdmin(ObeysServices, SimpleHistoryAdmin):
    list_display = ["on", "office", "flow", "income_source", "expense_category", "amount", "origin"]
    list_filter = ["office", "flow", "origin"]
    readonly_fields = ["origin", "imported_from", "imported_line", "entered_by", "entered_at"]

    def save_model(self, request, obj, form, change) -> None:
        if not permissions.can_keep_budget(request.user, obj.office):
            raise PermissionDenied(gettext("Only the office's finance staff enter actuals."))
        if not change:
            obj.origin, obj.entered_by = Actual.Origin.ENTERED, request.user
        super().save_model(request, obj, form, change)


class ProjectFundForm(forms.ModelForm):
    class Meta:
        model = ProjectFund
        fields = [
            "office",
            "funder",
            "title",
            "reference",
            "amount",
            "starts_on",
            "ends_on",
            "awarded_on",
        ]


@admin.register(ProjectFund)
class ProjectFundAdmin(ObeysServices, SimpleHistoryAdmin):
    """Project funds are recorded through `record_project_fund` (the office's
    people, each funder's reference once) and read here, not changed: the
    budget comparisons of past years read them."""

    form = ProjectFundForm
    list_display = ["title", "funder", "office", "amount", "starts_on", "ends_on", "awarded_on"]
    list_filter = ["office"]
    search_fields = ["title", "funder", "reference"]

    def has_change_permission(self, request, obj=None) -> bool:
        return obj is None and super().has_change_permission(request, obj)

    def save_model(self, request, obj, form, change) -> None:
        form.instance = funds.record_project_fund(
            office=obj.office,
            funder=obj.funder,
            title=obj.title,
            amount=obj.amount,
            starts_on=obj.starts_on,
            ends_on=obj.ends_on,
            awarded_on=obj.awarded_on,
            reference=obj.reference,
            by=request.user,
        )
        obj.pk = form.instance.pk


@admin.register(OfficeBankAccount)
class OfficeBankAccountAdmin(ObeysServices, SimpleHistoryAdmin):
    """The address and bank account an office's invoices print (finance/invoice_pdf.py)."""

    list_display = ("office", "currency", "bank_name", "iban", "account_number")
    list_filter = ("office",)
