"""Pages of regional development (§2.1c, §2.3 of the strategic plan).

- The prospects pipeline (`/development/prospects/`), a prospect's page with
  its contacts, history and next step, and the forms that change them: for
  the office's staff and the secretariat only (anyone else gets a 404, as if
  the prospect did not exist).
- The conversion of prospects by region and year (the same people).
- The priority regions (`/development/priority-regions/`): their targets
  for everyone, their growth against the targets (a table and a chart) for
  office staff and the secretariat, who alone sets the targets.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from localaction import charts
from localaction.development import permissions, services
from localaction.development.models import PriorityRegion, Prospect, ProspectContact
from localaction.forms import show_refusal
from localaction.network.models import LocalGovernment, Office
from localaction.validators import InBounds


def _staff_only(request) -> None:
    if not permissions.works_on_development(request.user):
        raise Http404


def _prospects(request):
    prospects = Prospect.objects.select_related("office", "local_government__country__region")
    return permissions.prospects_readable_by(request.user, prospects)


def _readable_prospect(request, pk: int) -> Prospect:
    return get_object_or_404(_prospects(request), pk=pk)


@login_required
def prospects(request):
    """The pipeline of the offices the person works for (every office's, for
    the secretariat), filtered by office and status."""
    _staff_only(request)
    shown = _prospects(request)
    offices = permissions.offices_for_prospects(request.user).exclude(kind=Office.Kind.WORLD)
    office_code = request.GET.get("office", "")
    status = request.GET.get("status", "")
    if office_code:
        shown = shown.filter(office__code=office_code)
    if status in Prospect.Status.values:
        shown = shown.filter(status=status)
    return render(
        request,
        "development/prospects.html",
        {
            "prospects": shown.order_by("next_step_on", "local_government__name"),
            "offices": offices,
            "office_code": office_code,
            "status": status,
            "statuses": Prospect.Status.choices,
        },
    )


class ProspectForm(forms.Form):
    office = forms.ModelChoiceField(queryset=Office.objects.none(), label=gettext_lazy("Office"))
    local_government = forms.CharField(
        label=gettext_lazy("Local government (code)"),
        max_length=40,
        help_text=gettext_lazy("The register's code, e.g. cn-shenzhen."),
    )
    identified_on = forms.DateField(
        label=gettext_lazy("Identified on"),
        required=False,
        widget=forms.DateInput({"type": "date"}),
    )
    next_step = forms.CharField(label=gettext_lazy("Next step"), max_length=200, required=False)
    next_step_on = forms.DateField(
        label=gettext_lazy("Next step due on"),
        required=False,
        widget=forms.DateInput({"type": "date"}),
    )
    note = forms.CharField(
        label=gettext_lazy("Note"), required=False, widget=forms.Textarea({"rows": 3})
    )
    contact_name = forms.CharField(label=gettext_lazy("Contact's name"), required=False)
    contact_role = forms.CharField(label=gettext_lazy("Contact's role"), required=False)
    contact_email = forms.EmailField(label=gettext_lazy("Contact's e-mail"), required=False)
    contact_phone = forms.CharField(
        label=gettext_lazy("Contact's phone"), max_length=40, required=False
    )

    def __init__(self, *args, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["office"].queryset = permissions.offices_for_prospects(user)

    def clean_local_government(self) -> LocalGovernment:
        code = self.cleaned_data["local_government"].strip()
        found = LocalGovernment.objects.select_related("country").filter(code=code).first()
        if found is None:
            raise ValidationError(_("No local government has the code %(code)s.") % {"code": code})
        return found

    def contacts(self) -> list[services.Contact]:
        data = self.cleaned_data
        if not (data["contact_name"] or data["contact_email"] or data["contact_phone"]):
            return []
        return [
            services.Contact(
                name=data["contact_name"],
                role=data["contact_role"],
                email=data["contact_email"],
                phone=data["contact_phone"],
            )
        ]


@login_required
def prospect_new(request):
    _staff_only(request)
    form = ProspectForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            prospect = services.prospect_create(
                office=data["office"],
                local_government=data["local_government"],
                by=request.user,
                identified_on=data["identified_on"],
                next_step=data["next_step"],
                next_step_on=data["next_step_on"],
                note=data["note"],
                contacts=form.contacts(),
            )
        except ValidationError as error:
            if hasattr(error, "error_dict") and {"name", "email", "phone", "role"} & set(
                error.message_dict
            ):
                error = ValidationError(
                    {f"contact_{key}": value for key, value in error.message_dict.items()}
                )
            show_refusal(form, error)
        else:
            messages.success(request, _("The prospect is in the pipeline."))
            return redirect(prospect)
    return render(
        request,
        "development/prospect_form.html",
        {"form": form, "submit": _("Add the prospect")},
    )


class MoveForm(forms.Form):
    status = forms.ChoiceField(label=gettext_lazy("New status"), choices=())
    on = forms.DateField(
        label=gettext_lazy("On"), required=False, widget=forms.DateInput({"type": "date"})
    )
    note = forms.CharField(
        label=gettext_lazy("Note"), required=False, widget=forms.Textarea({"rows": 2})
    )

    def __init__(self, *args, prospect: Prospect, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [
            (value, label)
            for value, label in Prospect.Status.choices
            if prospect.can_move_to(value) and value != Prospect.Status.JOINED
        ]


class PlanForm(forms.Form):
    next_step = forms.CharField(label=gettext_lazy("Next step"), max_length=200, required=False)
    next_step_on = forms.DateField(
        label=gettext_lazy("Due on"), required=False, widget=forms.DateInput({"type": "date"})
    )


class ContactForm(forms.ModelForm):
    class Meta:
        model = ProspectContact
        fields = ["name", "role", "email", "phone"]


def _prospect_page(request, prospect, *, move=None, plan=None, contact=None, status=200):
    return render(
        request,
        "development/prospect.html",
        {
            "prospect": prospect,
            "contacts": prospect.contacts.all(),
            "changes": prospect.changes.select_related("changed_by"),
            "move": move or MoveForm(prospect=prospect),
            "plan": plan
            or PlanForm(
                initial={"next_step": prospect.next_step, "next_step_on": prospect.next_step_on}
            ),
            "contact": contact or ContactForm(),
        },
        status=status,
    )


@login_required
def prospect(request, pk: int):
    return _prospect_page(request, _readable_prospect(request, pk))


@login_required
@require_POST
def prospect_move(request, pk: int):
    record = _readable_prospect(request, pk)
    form = MoveForm(request.POST, prospect=record)
    if form.is_valid():
        try:
            services.prospect_move(
                prospect=record,
                status=form.cleaned_data["status"],
                by=request.user,
                note=form.cleaned_data["note"],
                on=form.cleaned_data["on"],
            )
        except ValidationError as error:
            show_refusal(form, error)
        else:
            messages.success(request, _("The prospect's status is changed."))
            return redirect(record)
    return _prospect_page(request, record, move=form, status=400)


@login_required
@require_POST
def prospect_plan(request, pk: int):
    record = _readable_prospect(request, pk)
    form = PlanForm(request.POST)
    if form.is_valid():
        try:
            services.prospect_plan(
                prospect=record,
                next_step=form.cleaned_data["next_step"],
                next_step_on=form.cleaned_data["next_step_on"],
            )
        except ValidationError as error:
            show_refusal(form, error)
        else:
            messages.success(request, _("The next step is saved."))
            return redirect(record)
    return _prospect_page(request, record, plan=form, status=400)


@login_required
@require_POST
def prospect_contact(request, pk: int):
    record = _readable_prospect(request, pk)
    form = ContactForm(request.POST)
    if form.is_valid():
        try:
            services.prospect_add_contact(
                prospect=record, contact=services.Contact(**form.cleaned_data)
            )
        except ValidationError as error:
            show_refusal(form, error)
        else:
            messages.success(request, _("The contact is added."))
            return redirect(record)
    return _prospect_page(request, record, contact=form, status=400)


@login_required
def conversion(request):
    """Prospects identified by region and year, how many reached each status,
    and the rate of those that joined."""
    _staff_only(request)
    return render(
        request,
        "development/conversion.html",
        {
            "rows": services.conversion(_prospects(request)),
            "statuses": Prospect.Status.choices,
        },
    )


def priority_regions(request):
    regions = PriorityRegion.objects.prefetch_related("countries", "targets")
    return render(
        request,
        "development/priority_regions.html",
        {"regions": regions, "progress": permissions.can_read_progress(request.user)},
    )


class TargetForm(forms.Form):
    year = forms.IntegerField(label=gettext_lazy("Year"), validators=[InBounds("YEAR")])
    members = forms.IntegerField(label=gettext_lazy("Members by the year's end"), min_value=0)


def priority_region(request, code: str):
    region = get_object_or_404(PriorityRegion.objects.prefetch_related("countries"), code=code)
    may_set = permissions.can_set_targets(request.user)
    form = TargetForm(request.POST or None) if may_set else None
    if request.method == "POST":
        if not may_set:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.target_set(priority_region=region, **form.cleaned_data)
            except ValidationError as error:
                show_refusal(form, error)
            else:
                messages.success(request, _("The target is set."))
                return redirect(region)
    progress = permissions.can_read_progress(request.user)
    rows = services.growth(region, services.years_of(region)) if progress else []
    targets = region.targets.all()
    chart = None
    if progress and rows:
        chart = charts.line_chart(
            [
                charts.Series(
                    _("Target"),
                    [(row.year, row.target) for row in rows if row.target is not None],
                    style="dashed",
                ),
                charts.Series(_("Members at the year's end"), [(r.year, r.members) for r in rows]),
                charts.Series(
                    _("Members introduced in the year"),
                    [(row.year, row.introduced) for row in rows],
                    style="markers",
                ),
            ],
            title=_("Membership in %(region)s against its targets")
            % {"region": region.display_name},
            description=_(
                "Members at each year's end and members introduced each year, beside the targets."
            ),
            unit=_("members"),
            chart_id="growth",
        )
    return render(
        request,
        "development/priority_region.html",
        {
            "region": region,
            "targets": targets,
            "rows": rows,
            "progress": progress,
            "chart": chart,
            "form": form,
        },
        status=400 if form is not None and form.errors else 200,
    )


urls = [
    path("development/prospects/", prospects, name="prospects"),
    path("development/prospects/new/", prospect_new, name="prospect-new"),
    path("development/prospects/<int:pk>/", prospect, name="prospect"),
    path("development/prospects/<int:pk>/move/", prospect_move, name="prospect-move"),
    path("development/prospects/<int:pk>/next-step/", prospect_plan, name="prospect-plan"),
    path("development/prospects/<int:pk>/contacts/", prospect_contact, name="prospect-contact"),
    path("development/conversion/", conversion, name="conversion"),
    path("development/priority-regions/", priority_regions, name="priority-regions"),
    path("development/priority-regions/<slug:code>/", priority_region, name="priority-region"),
]
