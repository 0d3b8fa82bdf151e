"""A member's targets and actions as CSV/XLSX files: download what the person
may see, and import for those who edit the member's commitments
(docs/formats/targets.md, docs/formats/actions.md)."""

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from localaction.background.progress import Progress
from localaction.background.uploads import ImportFileForm, save_upload
from localaction.campaigns.files import (
    export_actions,
    export_targets,
)
from localaction.campaigns.permissions import (
    actions_visible_to,
    can_edit_commitments,
    inventories_for_figures,
    targets_visible_to,
)
from localaction.campaigns.tasks import import_commitments
from localaction.network.models import LocalGovernment
from localaction.network.permissions import visible_local_government_or_404
from localaction.tables import CONTENT_TYPES, FORMATS


class CommitmentsFileForm(ImportFileForm):
    """A target or action file to import."""

    file = forms.FileField(
        label=gettext_lazy("File"),
        help_text=gettext_lazy("CSV (UTF-8) or XLSX with the columns of the format."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )


def _attachment(local_government: LocalGovernment, kind: str, file_format: str) -> HttpResponse:
    response = HttpResponse(content_type=CONTENT_TYPES[file_format])
    filename = f"{local_government.code}-{kind}-{timezone.localdate():%Y-%m-%d}.{file_format}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def targets_download(request, code: str, file_format: str):
    """The member's targets the person may see, with figures from the inventories
    the person may count."""
    if file_format not in FORMATS:
        raise Http404
    local_government = visible_local_government_or_404(request.user, code)
    targets = targets_visible_to(request.user).filter(local_government=local_government)
    response = _attachment(local_government, "targets", file_format)
    export_targets(
        targets.order_by("target_year", "pk"),
        format=file_format,
        target=response,
        inventories=lambda member: inventories_for_figures(request.user, member),
    )
    return response


def actions_download(request, code: str, file_format: str):
    """The member's actions the person may see."""
    if file_format not in FORMATS:
        raise Http404
    local_government = visible_local_government_or_404(request.user, code)
    actions = actions_visible_to(request.user).filter(local_government=local_government)
    response = _attachment(local_government, "actions", file_format)
    export_actions(actions.order_by("pk"), format=file_format, target=response)
    return response


@login_required
def targets_import(request, code: str):
    return _import(request, code, kind="targets")


@login_required
def actions_import(request, code: str):
    return _import(request, code, kind="actions")


def _import(request, code: str, *, kind: str):
    """Saved for a worker, imported by a task whose progress the person watches:
    a large file never holds a request (nor the database's write lock) for long."""
    local_government = visible_local_government_or_404(request.user, code)
    if not can_edit_commitments(request.user, local_government):
        raise PermissionDenied
    form = CommitmentsFileForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        progress = Progress.create(
            label=_("Import targets") if kind == "targets" else _("Import actions"),
            owner=request.user.pk,
            next_url=reverse("campaigns:commitments", args=[local_government.code]),
        )
        import_commitments.enqueue(
            kind=kind,
            local_government=local_government.pk,
            upload=save_upload(upload),
            filename=upload.name,
            importer=request.user.pk,
            progress=progress.key,
            language=get_language(),
        )
        return redirect("background:progress", key=progress.key)
    return render(
        request,
        "campaigns/files_import.html",
        {"lg": local_government, "kind": kind, "form": form},
        status=400 if request.method == "POST" else 200,
    )
