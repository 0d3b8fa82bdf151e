"""Pages of local agendas: a member's agendas, an agenda with all its parts and
its progress along the methodology's milestones (the public view of a
published agenda is the same page without the private parts), the edit forms
of each part, files (PDF, CSV/XLSX, stakeholders' import), and the network's
agendas.

Thin views: permission (permissions.py), then the services; a refused request
changes nothing."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from localaction.campaigns.models import Participation
from localaction.campaigns.services import milestone_states
from localaction.network.permissions import visible_local_government_or_404
from localaction.sustainability.agendas import files, network, pdf, permissions, services
from localaction.sustainability.agendas.forms import (
    PART_FORMS,
    ActionsForm,
    AgendaNewForm,
    MeetingForm,
    MonitoringForm,
    PriorityForm,
    StakeholderForm,
    StakeholdersFileForm,
    TargetsForm,
    add_errors,
)
from localaction.sustainability.agendas.models import (
    AgendaMeeting,
    AgendaMonitoringReport,
    LocalAgenda,
)
from localaction.tables import CONTENT_TYPES, FORMATS, ImportFailed

FORM_TEMPLATE = "sustainability/agendas/part_form.html"


def _agenda_or_404(request, code: str, pk: int) -> LocalAgenda:
    local_government = visible_local_government_or_404(request.user, code)
    agenda = get_object_or_404(
        LocalAgenda.objects.select_related("campaign__methodology", "local_government"),
        pk=pk,
        local_government=local_government,
    )
    if not permissions.can_view_agenda(request.user, agenda):
        raise Http404
    return agenda


def _editable_agenda(request, code: str, pk: int) -> LocalAgenda:
    agenda = _agenda_or_404(request, code, pk)
    if not permissions.can_edit_agendas(request.user, agenda.local_government):
        raise PermissionDenied
    return agenda


def _attachment(name: str, file_format: str) -> HttpResponse:
    response = HttpResponse(content_type=CONTENT_TYPES[file_format])
    response["Content-Disposition"] = (
        f'attachment; filename="{name}-{timezone.localdate():%Y-%m-%d}.{file_format}"'
    )
    return response


def progress(agenda: LocalAgenda) -> list:
    """The agenda's participation's milestones, recorded and recognised, in order."""
    participation = (
        Participation.objects.filter(
            local_government=agenda.local_government, campaign=agenda.campaign
        )
        .select_related("campaign__methodology", "local_government")
        .first()
    )
    if participation is None:
        return []
    return milestone_states([participation])[participation.pk]


def agenda_context(user, agenda: LocalAgenda) -> dict:
    """What the agenda's page and PDF show; private parts only for insiders."""
    private = permissions.can_see_private(user, agenda.local_government)
    return {
        "agenda": agenda,
        "lg": agenda.local_government,
        "private": private,
        "states": progress(agenda),
        "stakeholders": agenda.stakeholders.all(),
        "meetings": agenda.meetings.all(),
        "priorities": agenda.priorities.prefetch_related("raised_by"),
        "targets": agenda.targets.all() if private else agenda.targets.filter(is_published=True),
        "actions": agenda.actions.all() if private else agenda.actions.filter(is_published=True),
        "reports": agenda.monitoring_reports.prefetch_related("indicators"),
    }


# A member's agendas


def agenda_list(request, code: str):
    local_government = visible_local_government_or_404(request.user, code)
    agendas = (
        permissions.agendas_visible_to(request.user)
        .filter(local_government=local_government)
        .select_related("campaign")
    )
    return render(
        request,
        "sustainability/agendas/agenda_list.html",
        {
            "lg": local_government,
            "agendas": agendas,
            "can_edit": permissions.can_edit_agendas(request.user, local_government),
        },
    )


@login_required
def agenda_new(request, code: str):
    local_government = visible_local_government_or_404(request.user, code)
    if not permissions.can_edit_agendas(request.user, local_government):
        raise PermissionDenied
    form = AgendaNewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            agenda = services.agenda_create(local_government=local_government, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The local agenda is started."))
            return redirect(agenda)
    return render(
        request,
        FORM_TEMPLATE,
        {"lg": local_government, "form": form, "title": _("Start a local agenda")},
        status=400 if request.method == "POST" else 200,
    )


def agenda_detail(request, code: str, pk: int):
    agenda = _agenda_or_404(request, code, pk)
    return render(
        request,
        "sustainability/agendas/agenda.html",
        {
            **agenda_context(request.user, agenda),
            "can_edit": permissions.can_edit_agendas(request.user, agenda.local_government),
            "parts": files.PARTS,
        },
    )


# Edit forms of the parts

PART_TITLES = {
    "agenda": _("The agenda"),
    "baseline": _("Baseline review"),
    "vision": _("Vision"),
    "council": _("Council commitment"),
}


def _form_page(request, agenda: LocalAgenda, form, title: str, save):
    if request.method == "POST" and form.is_valid():
        try:
            save(form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect(agenda)
    return render(
        request,
        FORM_TEMPLATE,
        {"lg": agenda.local_government, "agenda": agenda, "form": form, "title": title},
        status=400 if request.method == "POST" else 200,
    )


@login_required
def part_edit(request, code: str, pk: int, part: str):
    if part not in PART_FORMS:
        raise Http404
    agenda = _editable_agenda(request, code, pk)
    fields = services.PARTS[part]
    initial = {field: getattr(agenda, field) for field in fields}
    form = PART_FORMS[part](request.POST or None, request.FILES or None, initial=initial)

    def save(data):
        values = {field: data[field] for field in fields if field in data}
        for field in fields:
            # A document left empty keeps the one uploaded before.
            if field.endswith("document") and not data.get(field):
                values.pop(field, None)
        services.agenda_update(agenda=agenda, **values)

    return _form_page(request, agenda, form, str(PART_TITLES[part]), save)


@login_required
def targets_edit(request, code: str, pk: int):
    agenda = _editable_agenda(request, code, pk)
    form = TargetsForm(
        request.POST or None, agenda=agenda, initial={"targets": agenda.targets.all()}
    )
    return _form_page(
        request,
        agenda,
        form,
        _("Targets"),
        lambda data: services.agenda_set_targets(agenda=agenda, targets=data["targets"]),
    )


@login_required
def actions_edit(request, code: str, pk: int):
    agenda = _editable_agenda(request, code, pk)
    form = ActionsForm(
        request.POST or None, agenda=agenda, initial={"actions": agenda.actions.all()}
    )
    return _form_page(
        request,
        agenda,
        form,
        _("Action programme"),
        lambda data: services.agenda_set_actions(agenda=agenda, actions=data["actions"]),
    )


@login_required
def stakeholder_edit(request, code: str, pk: int, stakeholder: int | None = None):
    agenda = _editable_agenda(request, code, pk)
    found = get_object_or_404(agenda.stakeholders, pk=stakeholder) if stakeholder else None
    initial = {f: getattr(found, f) for f in ("name", "kind", "role", "contact")} if found else None
    form = StakeholderForm(request.POST or None, initial=initial)
    return _form_page(
        request,
        agenda,
        form,
        _("Stakeholder"),
        lambda data: services.stakeholder_save(agenda=agenda, stakeholder=found, **data),
    )


@login_required
@require_POST
def stakeholder_remove(request, code: str, pk: int, stakeholder: int):
    agenda = _editable_agenda(request, code, pk)
    services.stakeholder_remove(stakeholder=get_object_or_404(agenda.stakeholders, pk=stakeholder))
    messages.success(request, _("The stakeholder is removed from the forum."))
    return redirect(agenda)


@login_required
def meeting_new(request, code: str, pk: int):
    agenda = _editable_agenda(request, code, pk)
    form = MeetingForm(request.POST or None, request.FILES or None)
    return _form_page(
        request,
        agenda,
        form,
        _("Forum meeting"),
        lambda data: services.meeting_add(agenda=agenda, **data),
    )


@login_required
def priority_new(request, code: str, pk: int):
    agenda = _editable_agenda(request, code, pk)
    form = PriorityForm(request.POST or None, agenda=agenda)
    return _form_page(
        request,
        agenda,
        form,
        _("Priority issue"),
        lambda data: services.priority_add(agenda=agenda, **data),
    )


@login_required
@require_POST
def priority_move(request, code: str, pk: int, priority: int, direction: str):
    agenda = _editable_agenda(request, code, pk)
    found = get_object_or_404(agenda.priorities, pk=priority)
    if direction not in ("up", "down"):
        raise Http404
    services.priority_move(priority=found, up=direction == "up")
    return redirect(f"{agenda.get_absolute_url()}#priorities")


@login_required
@require_POST
def priority_remove(request, code: str, pk: int, priority: int):
    agenda = _editable_agenda(request, code, pk)
    services.priority_remove(priority=get_object_or_404(agenda.priorities, pk=priority))
    messages.success(request, _("The priority issue is removed."))
    return redirect(f"{agenda.get_absolute_url()}#priorities")


@login_required
def monitoring_new(request, code: str, pk: int):
    agenda = _editable_agenda(request, code, pk)
    form = MonitoringForm(request.POST or None, request.FILES or None, agenda=agenda)
    return _form_page(
        request,
        agenda,
        form,
        _("Monitoring report"),
        lambda data: services.monitoring_add(agenda=agenda, **data),
    )


# Files

DOCUMENTS = {
    "baseline": (LocalAgenda, "baseline_document"),
    "council": (LocalAgenda, "council_document"),
    "minutes": (AgendaMeeting, "minutes"),
    "monitoring": (AgendaMonitoringReport, "document"),
}


@login_required
def document(request, code: str, pk: int, kind: str, record: int):
    """A document of the agenda: insiders only (drafts, names, signatures)."""
    agenda = _agenda_or_404(request, code, pk)
    if kind not in DOCUMENTS or not permissions.can_see_private(
        request.user, agenda.local_government
    ):
        raise Http404
    model, field = DOCUMENTS[kind]
    if model is LocalAgenda:
        if record != agenda.pk:
            raise Http404
        found = agenda
    else:
        found = get_object_or_404(model, pk=record, agenda=agenda)
    stored = getattr(found, field)
    if not stored:
        raise Http404
    return FileResponse(stored.open("rb"), as_attachment=True)


def agenda_pdf(request, code: str, pk: int):
    agenda = _agenda_or_404(request, code, pk)
    context = agenda_context(request.user, agenda)
    response = HttpResponse(pdf.agenda_pdf(agenda, context), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="local-agenda-{agenda.pk}.pdf"'
    return response


def part_download(request, code: str, pk: int, part: str, file_format: str):
    if file_format not in FORMATS or part not in files.PARTS:
        raise Http404
    agenda = _agenda_or_404(request, code, pk)
    private = permissions.can_see_private(request.user, agenda.local_government)
    response = _attachment(f"{agenda.local_government.code}-agenda-{part}", file_format)
    files.export_part(agenda, part, private=private, format=file_format, target=response)
    return response


def workbook_download(request, code: str, pk: int):
    agenda = _agenda_or_404(request, code, pk)
    private = permissions.can_see_private(request.user, agenda.local_government)
    response = _attachment(f"{agenda.local_government.code}-agenda", "xlsx")
    files.export_workbook(agenda, private=private, target=response)
    return response


@login_required
def stakeholders_import(request, code: str, pk: int):
    agenda = _editable_agenda(request, code, pk)
    form = StakeholdersFileForm(request.POST or None, request.FILES or None)
    errors = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            count = files.import_stakeholders(agenda, upload.read(), filename=upload.name)
        except ImportFailed as failure:
            errors = failure.errors
        else:
            messages.success(request, _("%(count)s rows imported.") % {"count": count})
            return redirect(agenda)
    return render(
        request,
        "sustainability/agendas/import.html",
        {"lg": agenda.local_government, "agenda": agenda, "form": form, "errors": errors},
        status=400 if request.method == "POST" else 200,
    )


# The network's agendas


def network_page(request):
    years = network.agenda_years()
    year = request.GET.get("year")
    if year:
        if not year.isdigit() or int(year) not in years:
            raise Http404
        chosen = int(year)
    else:
        chosen = years[0] if years else timezone.localdate().year
    return render(
        request,
        "sustainability/agendas/network.html",
        {"figures": network.network_agendas(chosen), "years": years, "chosen": chosen},
    )
