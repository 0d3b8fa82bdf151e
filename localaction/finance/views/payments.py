"""Finance pages: payments (routed by `urls`, which finance/urls.py includes).

- An office's payments: the unmatched ones, each with an "assign to invoice"
  form, and the latest received; recording a payment by hand; uploading a bank
  statement (imported by a background task, docs/formats/bank-statement.md).
- An office's members past the grace period, each with "confirm lapse".

Every page acts on one office's money: its finance staff (and the World
Secretariat's) may use it, nobody else (`permissions.can_record_payments`,
a 403). The rules are the services' (finance/payments.py, finance/standing.py);
a refusal shows their message.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from djmoney.money import Money
from moneyed import CURRENCIES

from localaction.background.progress import Progress
from localaction.background.uploads import ImportFileForm, save_upload
from localaction.finance import permissions
from localaction.finance.models import Invoice, Payment
from localaction.finance.payments import (
    assign_payment,
    find_invoice,
    record_payment,
    unmatched_payments,
)
from localaction.finance.standing import confirm_lapse, lapse_candidates, past_grace
from localaction.finance.tasks import import_bank_statement_upload
from localaction.forms import show_refusal
from localaction.network.models import Membership, Office

RECENT = 50


def _office_for_money(request, code: str) -> Office:
    office = get_object_or_404(Office, code=code)
    if not permissions.can_record_payments(request.user, office):
        raise PermissionDenied
    return office


def _usual_currency(office: Office) -> str:
    """The currency of the office's latest invoice (EUR before its first)."""
    latest = Invoice.objects.filter(office=office).order_by("-issued_on", "-pk").first()
    return latest.currency if latest else "EUR"


class InvoiceField(forms.CharField):
    """An invoice of the office, typed as its number or payment reference."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 40)
        super().__init__(**kwargs)
        self.office: Office | None = None

    def clean(self, value):
        text = super().clean(value)
        if not text:
            return None
        invoice = find_invoice(self.office, text)
        if invoice is None:
            raise ValidationError(
                _("%(office)s has no invoice numbered or referenced '%(text)s'.")
                % {"office": self.office.name, "text": text}
            )
        return invoice


class PaymentForm(forms.Form):
    received_on = forms.DateField(
        label=gettext_lazy("Received on"), widget=forms.DateInput(attrs={"type": "date"})
    )
    amount = forms.DecimalField(label=gettext_lazy("Amount"), max_digits=14)
    currency = forms.CharField(
        label=gettext_lazy("Currency"),
        max_length=3,
        help_text=gettext_lazy("ISO 4217 code, e.g. EUR."),
    )
    method = forms.ChoiceField(label=gettext_lazy("Method"), choices=Payment.Method.choices)
    reference = forms.CharField(
        label=gettext_lazy("Reference"),
        max_length=200,
        required=False,
        help_text=gettext_lazy("As given by the payer or the bank."),
    )
    payer = forms.CharField(label=gettext_lazy("Payer"), max_length=200, required=False)
    invoice = InvoiceField(
        label=gettext_lazy("Invoice"),
        required=False,
        help_text=gettext_lazy(
            "Its number or payment reference. Left empty, the payment is kept unmatched "
            "for someone to assign."
        ),
    )
    convert = forms.BooleanField(
        label=gettext_lazy("Convert into the invoice's currency"),
        required=False,
        help_text=gettext_lazy(
            "At the exchange rate in force on the day received; the payment names the rate."
        ),
    )
    note = forms.CharField(label=gettext_lazy("Note"), widget=forms.Textarea, required=False)

    def __init__(self, *args, office: Office, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["invoice"].office = office

    def clean_currency(self) -> str:
        currency = self.cleaned_data["currency"].upper()
        if currency not in CURRENCIES:
            raise ValidationError(
                _("'%(code)s' is not an ISO 4217 currency code.") % {"code": currency}
            )
        return currency


class AssignForm(forms.Form):
    invoice = InvoiceField(
        label=gettext_lazy("Invoice number or payment reference"),
    )
    convert = forms.BooleanField(
        label=gettext_lazy("Convert into the invoice's currency"), required=False
    )

    def __init__(self, *args, office: Office, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["invoice"].office = office


class BankStatementForm(ImportFileForm):
    """A bank statement file to import (docs/formats/bank-statement.md)."""

    file = forms.FileField(
        label=gettext_lazy("Bank statement file"),
        help_text=gettext_lazy(
            "CSV (UTF-8) or XLSX with the columns date, amount, currency, reference, payer "
            "and transaction_id."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )


@login_required
def payment_offices(request):
    """The offices whose payments this person handles (one: straight to it)."""
    offices = [
        office
        for office in Office.objects.order_by("name")
        if permissions.can_record_payments(request.user, office)
    ]
    if not offices:
        raise PermissionDenied
    if len(offices) == 1:
        return redirect("finance:payments", office=offices[0].code)
    return render(request, "finance/payments_offices.html", {"offices": offices})


@login_required
def payments(request, office: str):
    office = _office_for_money(request, office)
    unmatched = list(unmatched_payments(office).select_related("recorded_by"))
    for payment in unmatched:
        payment.assign_form = AssignForm(office=office, prefix=f"p{payment.pk}")
    recent = (
        Payment.objects.filter(office=office, invoice__isnull=False)
        .select_related("invoice__local_government", "exchange_rate")
        .order_by("-received_on", "-pk")[:RECENT]
    )
    return render(
        request,
        "finance/payments.html",
        {"office": office, "unmatched": unmatched, "recent": recent},
    )


@login_required
def payment_record(request, office: str):
    office = _office_for_money(request, office)
    form = PaymentForm(
        request.POST or None,
        office=office,
        initial={"received_on": timezone.localdate(), "currency": _usual_currency(office)},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            payment = record_payment(
                office=office,
                received_on=data["received_on"],
                amount=Money(data["amount"], data["currency"]),
                method=data["method"],
                reference=data["reference"],
                payer=data["payer"],
                invoice=data["invoice"],
                note=data["note"],
                convert=data["convert"],
                by=request.user,
            )
        except ValidationError as error:
            show_refusal(form, error)
        else:
            if payment.invoice:
                messages.success(
                    request,
                    _("%(amount)s recorded against invoice %(number)s.")
                    % {"amount": payment.amount, "number": payment.invoice.number},
                )
            else:
                messages.success(
                    request,
                    _("%(amount)s recorded as unmatched, to be assigned to an invoice.")
                    % {"amount": payment.amount},
                )
            return redirect("finance:payments", office=office.code)
    status = 400 if request.method == "POST" else 200
    return render(
        request, "finance/payment_record.html", {"office": office, "form": form}, status=status
    )


@login_required
@require_POST
def payment_assign(request, pk: int):
    payment = get_object_or_404(Payment.objects.select_related("office"), pk=pk)
    office = _office_for_money(request, payment.office.code)
    form = AssignForm(request.POST, office=office, prefix=f"p{payment.pk}")
    if form.is_valid():
        try:
            assign_payment(
                payment,
                invoice=form.cleaned_data["invoice"],
                convert=form.cleaned_data["convert"],
                by=request.user,
            )
        except ValidationError as error:
            show_refusal(form, error)
    if form.errors:
        problems = [str(problem) for field in form.errors.values() for problem in field]
        messages.error(
            request,
            _("The payment of %(amount)s received on %(date)s is not assigned: %(problems)s")
            % {
                "amount": payment.amount,
                "date": payment.received_on.isoformat(),
                "problems": " ".join(problems),
            },
        )
    else:
        messages.success(
            request,
            _("The payment of %(amount)s is assigned to invoice %(number)s.")
            % {"amount": payment.amount, "number": form.cleaned_data["invoice"].number},
        )
    return redirect("finance:payments", office=office.code)


@login_required
def bank_import(request, office: str):
    """Upload a bank statement: saved for a worker, imported by a task whose
    progress the person watches; then the office's payments page."""
    office = _office_for_money(request, office)
    form = BankStatementForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        progress = Progress.create(
            label=_("Import a bank statement"),
            owner=request.user.pk,
            next_url=reverse("finance:payments", kwargs={"office": office.code}),
        )
        import_bank_statement_upload.enqueue(
            upload=save_upload(upload),
            filename=upload.name,
            office=office.pk,
            importer=request.user.pk,
            progress=progress.key,
            language=get_language(),
        )
        return redirect("background:progress", key=progress.key)
    status = 400 if request.method == "POST" else 200
    return render(
        request, "finance/bank_import.html", {"office": office, "form": form}, status=status
    )


@login_required
def standing(request, office: str):
    """The office's active members with dues unpaid past the grace period."""
    office = _office_for_money(request, office)
    today = timezone.localdate()
    candidates = list(lapse_candidates(office, today))
    overdue: dict[int, list[Invoice]] = {}
    for invoice in past_grace(today).filter(office=office).order_by("due_on"):
        overdue.setdefault(invoice.membership_id, []).append(invoice)
    for membership in candidates:
        membership.overdue = overdue.get(membership.pk, [])
    return render(
        request,
        "finance/standing.html",
        {"office": office, "candidates": candidates, "today": today},
    )


@login_required
@require_POST
def lapse_confirm(request, office: str, membership: int):
    office = _office_for_money(request, office)
    chosen = get_object_or_404(Membership.objects.select_related("local_government"), pk=membership)
    try:
        confirm_lapse(chosen, office=office, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("The membership of %(local_government)s has lapsed.")
            % {"local_government": chosen.local_government.name},
        )
    return redirect("finance:standing", office=office.code)


urls: list[URLPattern] = [
    path("finance/payments/", payment_offices, name="payment-offices"),
    path("finance/offices/<slug:office>/payments/", payments, name="payments"),
    path("finance/offices/<slug:office>/payments/new/", payment_record, name="payment-record"),
    path("finance/offices/<slug:office>/payments/import/", bank_import, name="bank-import"),
    path("finance/payments/<int:pk>/assign/", payment_assign, name="payment-assign"),
    path("finance/offices/<slug:office>/standing/", standing, name="standing"),
    path(
        "finance/offices/<slug:office>/standing/<int:membership>/lapse/",
        lapse_confirm,
        name="lapse-confirm",
    ),
]
