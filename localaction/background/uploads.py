"""Files people upload for background work (imports).

A web process keeps the upload in the shared storage (`save_upload`) and
passes its name to a task as the keyword argument `upload`: the worker that
runs it may be another process on another machine. The task deletes the file
when its work is over (landed or refused); after an unexpected error the file
stays for the next attempt, and goes once the last attempt has failed.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import timedelta
from pathlib import PurePath
from typing import Any

from django import forms
from django.core.files.storage import default_storage
from django.dispatch import receiver
from django.template.defaultfilters import filesizeformat
from django.utils import timezone, translation
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_tasks.base import TaskResultStatus
from django_tasks.signals import task_finished

from localaction.background.progress import Progress
from localaction.background.tasks import background, daily
from localaction.tables import ImportFailed, import_limits

UPLOADS = "imports"
# An upload no task has read for this long belongs to work that ended badly.
STALE_AFTER = timedelta(days=2)


def import_limits_text() -> str:
    """The limits of an import file, as every import page states them."""
    max_rows, max_bytes = import_limits()
    return _("At most %(rows)s rows and %(size)s.") % {
        "rows": number_format(max_rows, force_grouping=True),
        "size": filesizeformat(max_bytes),
    }


def check_import_upload(upload) -> None:
    """Refuse, while the request lasts, an upload over the import limits: its
    bytes, and a CSV file's lines, counted as the file streams past without
    parsing it. A workbook's rows are counted by the import (`tables.read_table`)."""
    max_rows, max_bytes = import_limits()
    if upload.size > max_bytes:
        raise forms.ValidationError(
            _("The file has %(size)s; an import takes at most %(limit)s."),
            params={"size": filesizeformat(upload.size), "limit": filesizeformat(max_bytes)},
        )
    if PurePath(upload.name).suffix.lower() != ".csv":
        return
    lines, last = 0, b"\n"
    for chunk in upload.chunks():
        lines += chunk.count(b"\n")
        last = chunk[-1:] or last
    lines += last != b"\n"
    upload.seek(0)
    if lines - 1 > max_rows:
        raise forms.ValidationError(
            _("The file has more than %(rows)s rows; an import takes at most that many."),
            params={"rows": number_format(max_rows, force_grouping=True)},
        )


class ImportFileForm(forms.Form):
    """The form of an import's file: its help text states the import limits,
    and an upload over them is refused while the request lasts
    (`check_import_upload`). Each import declares its own `file` field."""

    file: forms.FileField

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["file"]
        field.help_text = f"{field.help_text} {import_limits_text()}"

    def clean_file(self):
        upload = self.cleaned_data["file"]
        check_import_upload(upload)
        return upload


def save_upload(upload) -> str:
    """Keep an uploaded file in the shared storage for a worker; its storage name."""
    suffix = PurePath(upload.name).suffix.lower()
    return default_storage.save(f"{UPLOADS}/{uuid.uuid4().hex}{suffix}", upload)


def read_upload(name: str) -> bytes | None:
    """The file's content, or None when it is no longer there."""
    if not default_storage.exists(name):
        return None
    with default_storage.open(name, "rb") as source:
        return source.read()


def delete_upload(name: str) -> None:
    default_storage.delete(name)


def show_refusal(task_progress: Progress, filename: str, failure: ImportFailed) -> None:
    """An import refused: every problem on the progress record, and that nothing changed."""
    count = len(failure.errors)
    task_progress.fail(
        ngettext(
            "%(file)s was not imported: %(count)s problem. Nothing has changed.",
            "%(file)s was not imported: %(count)s problems. Nothing has changed.",
            count,
        )
        % {"file": filename, "count": number_format(count, force_grouping=True)},
        errors=[str(error) for error in failure.errors],
    )


def import_upload(
    run: Callable[[bytes], Any], *, upload: str, filename: str, progress: str, language: str
) -> dict:
    """An import task's course, whatever it imports: read the upload, `run(content)`
    (all or nothing: it returns a result with `created`, `updated` and
    `unchanged`, or raises ImportFailed listing every problem), show the outcome
    on the progress record in the importer's language, and delete the upload
    once the import has landed or been refused (after an unexpected error it
    stays for the next attempt)."""
    task_progress = Progress(progress)
    with translation.override(language):
        content = read_upload(upload)
        if content is None:
            task_progress.fail(_("The uploaded file is no longer there; please upload it again."))
            return {}
        task_progress.start(None, _("Reading the file"))
        try:
            result = run(content)
        except ImportFailed as failure:
            show_refusal(task_progress, filename, failure)
            delete_upload(upload)
            return {}
        delete_upload(upload)
        outcome = {
            "created": result.created,
            "updated": result.updated,
            "unchanged": result.unchanged,
        }
        task_progress.finish(
            _(
                "%(file)s is imported. Created: %(created)s; updated: %(updated)s; "
                "unchanged: %(unchanged)s."
            )
            % {"file": filename, **outcome},
            **outcome,
        )
    return outcome


@receiver(task_finished)
def _delete_upload_of_failed_task(sender, task_result, **kwargs) -> None:
    """After a task's last attempt failed unexpectedly, its upload goes too."""
    upload = task_result.kwargs.get("upload")
    failed = task_result.status == TaskResultStatus.FAILED
    if failed and isinstance(upload, str) and upload.startswith(f"{UPLOADS}/"):
        default_storage.delete(upload)


@daily
@background(attempts=1)
def remove_stale_uploads() -> int:
    """Delete uploads left behind by work whose worker died on its last attempt;
    returns how many."""
    if not default_storage.exists(UPLOADS):
        return 0
    before = timezone.now() - STALE_AFTER
    removed = 0
    for name in default_storage.listdir(UPLOADS)[1]:
        path = f"{UPLOADS}/{name}"
        if default_storage.get_modified_time(path) < before:
            default_storage.delete(path)
            removed += 1
    return removed
