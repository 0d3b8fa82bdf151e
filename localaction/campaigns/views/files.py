"""A member's targets and actions as CSV/XLSX files: download what the person
may see, and import for those who edit the member's commitments
(docs/formats/targets.md, docs/formats/actions.md)."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from localaction.campaigns.files import (
    export_actions,
    export_targets,
    import_actions,
    import_targets,
)
from localaction.campaigns.permissions import (
    actions_visible_to,
    can_edit_commitments,
    inventories_for_figures,
    targets_visible_to,
)
from localaction.network.models import LocalGovernment
from localaction.network.permissions import can_view_local_government
from localaction.tables import ImportFailed

FILE_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


class CommitmentsFileForm(forms.Form):
    """A target or action file to import."""

    MAX_SIZE = 20 * 1024 * 1024

    file = forms.FileField(
        label=gettext_lazy("File"),
        help_text=gettext_lazy("CSV (UTF-8) or XLSX with the columns of the format."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > self.MAX_SIZE:
            raise forms.ValidationError(
                _("The file is larger than %(size)s MB.") % {"size": self.MAX_SIZE // 2**20}
            )
        return upload


def _visible_member(request, code: str) -> LocalGovernment:
    local_government = get_object_or_404(LocalGovernment, code=code)
    if not can_view_local_government(request.user, local_government):
        raise Http404
    return local_government


def _attachment(local_government: LocalGovernment, kind: str, file_format: str) -> HttpResponse:
    response = HttpResponse(content_type=FILE_TYPES[file_format])
    filename = f"{local_government.code}-{kind}-{timezone.localdate():%Y-%m-%d}.{file_format}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def targets_download(request, code: str, file_format: str):
    """The member's targets the person may see, with figures from the inventories
    the person may count."""
    if file_format not in FILE_TYPES:
        raise Http404
    local_government = _visible_member(request, code)
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
    if file_format not in FILE_TYPES:
        raise Http404
    local_government = _visible_member(request, code)
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
    local_government = _visible_member(request, code)
    if not can_edit_commitments(request.user, local_government):
        raise PermissionDenied
    form = CommitmentsFileForm(request.POST or None, request.FILES or None)
    errors = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        importer = import_targets if kind == "targets" else import_actions
        try:
            result = importer(
                upload.read(),
                filename=upload.name,
                importer=request.user,
                local_government=local_government,
            )
        except ImportFailed as failure:
            errors = failure.errors
        else:
            messages.success(
                request,
                _(
                    "%(file)s is imported. Created: %(created)s; updated: %(updated)s; "
                    "unchanged: %(unchanged)s."
                )
                % {
                    "file": upload.name,
                    "created": result.created,
                    "updated": result.updated,
                    "unchanged": result.unchanged,
                },
            )
            return redirect("campaigns:commitments", local_government.code)
    return render(
        request,
        "campaigns/files_import.html",
        {"lg": local_government, "kind": kind, "form": form, "errors": errors},
    )
