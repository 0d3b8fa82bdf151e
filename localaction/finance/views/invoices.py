"""Finance pages: invoices (routed by `urls`, which finance/urls.py includes).

- A member's invoices (its editors, office staff covering it, the
  secretariat): the list from its profile, each invoice and its PDF.
- The office's invoices for finance and office staff (filtered by year,
  status, office), everything for the secretariat; finance staff issue a
  credit note from an invoice's page (`services.credit_invoice`).
- The dues run of an office: a preview (a dry run, read in the request) and
  the run itself as a background task with its progress page.

Who may see what is `finance.permissions`'s: an invoice someone may not read
is a 404 (its existence is not told); an action they may not take is a 403.
"""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import F, Q
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from djmoney.money import Money

from localaction.accounts.access import access_of
from localaction.background.progress import Progress
from localaction.finance import permissions
from localaction.finance.dues_run import DuesRunError, plan_run, run_task
from localaction.finance.invoice_pdf import pdf_filename, stored_pdf
from localaction.finance.models import FeeSchedule, Invoice
from localaction.finance.services import credit_invoice
from localaction.network.models import LocalGovernment, Office

PAGE_SIZE = 50


def _status_filter(status: str) -> Q | None:
    """`Invoice.status()` as a condition on `with_balance()`'s annotations."""
    credited = Q(credited__gte=F("total"), paid=0)
    return {
        Invoice.Status.CREDITED: credited,
        Invoice.Status.OVERPAID: Q(open_amount__lt=0) & ~credited,
        Invoice.Status.PAID: Q(open_amount=0) & ~credited,
        Invoice.Status.PARTLY_PAID: Q(open_amount__gt=0, paid__gt=0) & ~credited,
        Invoice.Status.OPEN: Q(open_amount__gt=0, paid=0) & ~credited,
    }.get(status)


def may_read_member_invoices(user, local_government: LocalGovernment) -> bool:
    """Whether the person reads a member's invoices even before it has any: its
    editors and the staff covering it (`permissions.can_read_invoice`'s rule)."""
    access = access_of(user)
    return local_government.pk in access.editor_of or access.covers(
        region_id=local_government.country.region_id, country_code=local_government.country_id
    )


def _readable_invoice(request, pk: int) -> Invoice:
    invoice = get_object_or_404(
        Invoice.objects.select_related("office", "local_government__country", "category"), pk=pk
    )
    if not permissions.can_read_invoice(request.user, invoice):
        raise Http404
    return invoice


class InvoiceFilters(forms.Form):
    year = forms.IntegerField(
        label=gettext_lazy("Year"),
        help_text=gettext_lazy("The membership year of dues; the year of issue of fees."),
        required=False,
        min_value=2000,
        max_value=2100,
    )
    purpose = forms.ChoiceField(
        label=gettext_lazy("Purpose"),
        required=False,
        choices=[("", gettext_lazy("Any")), *Invoice.Purpose.choices],
    )
    status = forms.ChoiceField(
        label=gettext_lazy("Status"),
        required=False,
        choices=[("", gettext_lazy("Any")), *Invoice.Status.choices],
    )
    office = forms.ModelChoiceField(
        label=gettext_lazy("Office"),
        required=False,
        queryset=Office.objects.none(),
        to_field_name="code",
        empty_label=gettext_lazy("Any"),
    )
    q = forms.CharField(
        label=gettext_lazy("Customer, member or number"), required=False, max_length=100
    )

    def __init__(self, *args, offices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["office"].queryset = offices


def _filtered(invoices, form: InvoiceFilters):
    if not form.is_valid():
        return invoices.none()
    data = form.cleaned_data
    if data["year"]:
        invoices = invoices.filter(
            Q(year=data["year"]) | Q(year__isnull=True, issued_on__year=data["year"])
        )
    if data["purpose"]:
        invoices = invoices.filter(purpose=data["purpose"])
    if data["office"]:
        invoices = invoices.filter(office=data["office"])
    if data["q"]:
        invoices = invoices.filter(
            Q(number__icontains=data["q"])
            | Q(customer_name__icontains=data["q"])
            | Q(local_government__name__icontains=data["q"])
            | Q(local_government__code__iexact=data["q"])
        )
    if condition := _status_filter(data["status"]):
        invoices = invoices.filter(condition)
    return invoices


@login_required
def invoice_list(request):
    """The invoices of the offices this person works at (all: the secretariat)."""
    access = access_of(request.user)
    if not (access.is_secretariat or access.is_office_staff):
        raise PermissionDenied
    invoices = permissions.invoices_readable_by(
        request.user, Invoice.objects.select_related("office", "local_government")
    ).with_balance()
    offices = (
        Office.objects.all()
        if access.is_secretariat
        else Office.objects.filter(pk__in=invoices.values("office"))
        | Office.objects.filter(pk__in=access.offices)
    ).distinct()
    form = InvoiceFilters(request.GET or None, offices=offices)
    if request.GET:
        invoices = _filtered(invoices, form)
    page = Paginator(invoices.order_by("-issued_on", "-number"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    run_offices = [
        office for office in offices if permissions.can_issue_invoices(request.user, office)
    ]
    query = urlencode({k: v for k, v in request.GET.items() if k != "page"})
    return render(
        request,
        "finance/invoices.html",
        {"form": form, "page": page, "query": query, "run_offices": run_offices},
    )


@login_required
def member_invoices(request, code: str):
    """A member's invoices, for those who may read them (404 for anyone else)."""
    local_government = get_object_or_404(LocalGovernment, code=code)
    invoices = (
        permissions.invoices_readable_by(
            request.user, Invoice.objects.filter(local_government=local_government)
        )
        .select_related("office")
        .with_balance()
        .order_by("-issued_on", "-number")
    )
    if not may_read_member_invoices(request.user, local_government) and not invoices.exists():
        raise Http404
    return render(
        request,
        "finance/invoices_member.html",
        {"lg": local_government, "invoices": invoices},
    )


class CreditNoteForm(forms.Form):
    amount = forms.DecimalField(
        label=gettext_lazy("Amount"), max_digits=14, decimal_places=2, min_value=Decimal("0.01")
    )
    reason = forms.CharField(label=gettext_lazy("Reason"), widget=forms.Textarea(attrs={"rows": 3}))


@login_required
def invoice_detail(request, pk: int):
    invoice = _readable_invoice(request, pk)
    can_credit = permissions.can_issue_invoices(request.user, invoice.office)
    form = None
    if can_credit:
        form = CreditNoteForm(initial={"amount": invoice.uncredited.amount})
    return render(
        request, "finance/invoices_detail.html", _detail_context(invoice, form, can_credit)
    )


def _detail_context(invoice: Invoice, form, can_credit: bool) -> dict:
    return {
        "invoice": invoice,
        "lines": invoice.lines.all(),
        "credit_notes": invoice.credit_notes.all(),
        "payments": invoice.payments.all(),
        "balance": invoice.balance(),
        "status": invoice.status(),
        "can_credit": can_credit,
        "form": form,
    }


@login_required
@require_POST
def invoice_credit(request, pk: int):
    invoice = _readable_invoice(request, pk)
    if not permissions.can_issue_invoices(request.user, invoice.office):
        raise PermissionDenied
    form = CreditNoteForm(request.POST)
    if form.is_valid():
        try:
            note = credit_invoice(
                invoice,
                amount=Money(form.cleaned_data["amount"], invoice.currency),
                reason=form.cleaned_data["reason"],
                by=request.user,
            )
        except ValidationError as refused:
            for field, errors in getattr(
                refused, "message_dict", {"__all__": refused.messages}
            ).items():
                for error in errors:
                    form.add_error(field if field in form.fields else None, error)
        else:
            messages.success(
                request,
                _("Credit note %(number)s issued for %(amount)s.")
                % {"number": note.number, "amount": note.amount},
            )
            return redirect("finance:invoice", pk=invoice.pk)
    return render(
        request, "finance/invoices_detail.html", _detail_context(invoice, form, True), status=400
    )


@login_required
def invoice_pdf_download(request, pk: int):
    invoice = stored_pdf(_readable_invoice(request, pk))
    return FileResponse(
        invoice.pdf.open("rb"), content_type="application/pdf", filename=pdf_filename(invoice)
    )


# The dues run


class DuesRunForm(forms.Form):
    office = forms.ModelChoiceField(
        label=gettext_lazy("Office"), queryset=Office.objects.none(), to_field_name="code"
    )
    year = forms.IntegerField(label=gettext_lazy("Membership year"), min_value=2000, max_value=2100)
    on = forms.DateField(
        label=gettext_lazy("Reference date"),
        help_text=gettext_lazy("Population and income groups are read as they stood on this day."),
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def __init__(self, *args, offices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["office"].queryset = offices

    def clean(self):
        data = super().clean()
        office, year = data.get("office"), data.get("year")
        if office and year and FeeSchedule.objects.in_force(year=year, office=office) is None:
            raise ValidationError(
                _("No adopted fee schedule for %(year)s applies to %(office)s.")
                % {"year": year, "office": office}
            )
        return data


def _run_offices(user):
    return Office.objects.filter(
        pk__in=[
            office.pk
            for office in Office.objects.all()
            if permissions.can_issue_invoices(user, office)
        ]
    )


@login_required
def dues_run(request):
    """Preview the office's dues run (a dry run), then start it."""
    offices = _run_offices(request.user)
    if not offices.exists():
        raise PermissionDenied
    today = timezone.localdate()
    initial = {"year": today.year + (1 if today.month >= 10 else 0), "on": today}
    if offices.count() == 1:
        initial["office"] = offices.first().code
    data = request.POST if request.method == "POST" else (request.GET or None)
    form = DuesRunForm(data, offices=offices, initial=initial)
    preview = None
    if data is not None and form.is_valid():
        office, year, on = (form.cleaned_data[key] for key in ("office", "year", "on"))
        if request.method == "POST" and "run" in request.POST:
            progress = Progress.create(
                label=_("Dues run %(year)s, %(office)s") % {"year": year, "office": office},
                owner=request.user.pk,
                next_url=reverse("finance:invoices")
                + "?"
                + urlencode({"year": year, "office": office.code}),
            )
            run_task.enqueue(
                year=year,
                office_id=office.pk,
                on=on.isoformat(),
                user_id=request.user.pk,
                progress=progress.key,
                language=get_language(),
            )
            return redirect("background:progress", key=progress.key)
        try:
            preview = plan_run(year=year, on=on, office=office, dry_run=True)
        except DuesRunError as refused:
            form.add_error(None, str(refused))
    return render(
        request,
        "finance/invoices_run.html",
        {"form": form, "preview": preview},
    )


urls: list[URLPattern] = [
    path("finance/invoices/", invoice_list, name="invoices"),
    path("finance/invoices/<int:pk>/", invoice_detail, name="invoice"),
    path("finance/invoices/<int:pk>/pdf/", invoice_pdf_download, name="invoice-pdf"),
    path("finance/invoices/<int:pk>/credit-note/", invoice_credit, name="invoice-credit"),
    path("finance/dues-run/", dues_run, name="dues-run"),
    path("members/<str:code>/invoices/", member_invoices, name="member-invoices"),
]
