"""The progress of one piece of long work (its owner watches it), and the
secretariat's view of the task queue, where a failed task can be run again."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_tasks_db.models import DBTaskResult

from localaction.accounts.access import access_of
from localaction.background.progress import Progress, Record
from localaction.background.tasks import attempts_allowed, rerun

STATUSES = ("READY", "RUNNING", "FAILED", "SUCCESSFUL")
PAGE_SIZE = 50


def _record_for(request, key: str) -> Record:
    """The record, for its owner and the secretariat only (404 for anyone else,
    so a key cannot be probed)."""
    record = Progress.read(key) if key.isalnum() and len(key) <= 64 else None
    if record is None:
        raise Http404
    if record.owner != request.user.pk and not access_of(request.user).is_secretariat:
        raise Http404
    return record


@login_required
def progress(request, key: str):
    return render(request, "background/progress.html", {"record": _record_for(request, key)})


@login_required
def progress_json(request, key: str):
    response = JsonResponse(_record_for(request, key).as_json())
    response["Cache-Control"] = "no-store"
    return response


def _secretariat_only(request) -> None:
    if not access_of(request.user).is_secretariat:
        raise PermissionDenied


@login_required
def tasks(request):
    """Queued, running, failed and finished tasks, newest first."""
    _secretariat_only(request)
    counts = dict(DBTaskResult.objects.values_list("status").annotate(n=Count("pk")).order_by())
    status = request.GET.get("status", "")
    rows = DBTaskResult.objects.order_by("-enqueued_at")
    if status in STATUSES:
        rows = rows.filter(status=status)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "background/tasks.html",
        {
            "page": page,
            "status": status,
            "counts": [(s, counts.get(s, 0)) for s in STATUSES],
            "rows": [(row, attempts_allowed(row.task_path)) for row in page],
        },
    )


def _result(pk: str) -> DBTaskResult:
    try:
        return DBTaskResult.objects.get(pk=pk)
    except (DBTaskResult.DoesNotExist, ValidationError) as missing:
        raise Http404 from missing


@login_required
def task(request, pk: str):
    _secretariat_only(request)
    result = _result(pk)
    return render(
        request,
        "background/task.html",
        {"task": result, "allowed": attempts_allowed(result.task_path)},
    )


@require_POST
@login_required
def task_rerun(request, pk: str):
    """Queue a failed task again, as a new task with the same arguments."""
    _secretariat_only(request)
    result = _result(pk)
    if result.status != "FAILED":
        messages.error(request, _("Only a failed task can be run again."))
        return redirect("background:task", pk=result.pk)
    again = rerun(result)
    messages.success(request, _("The task is queued again."))
    return redirect("background:task", pk=again.pk)
