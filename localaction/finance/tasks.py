"""The finance app's background work: the bank statement import sent from its
page, and the daily reminders of unpaid dues."""

from __future__ import annotations

from django.contrib.auth import get_user_model

from localaction.background.tasks import background, daily
from localaction.background.uploads import import_upload
from localaction.finance.payments import import_bank_statement
from localaction.finance.standing import send_reminders
from localaction.network.models import Office
from localaction.tables import ImportFailed, RowError


@background(attempts=3)
def import_bank_statement_upload(
    *, upload: str, filename: str, office: int, importer: int, progress: str, language: str
) -> dict:
    """Import an uploaded bank statement of `office` (an id) as `importer` (a user
    id) may (the course of the task: `background.uploads.import_upload`)."""

    def run(content: bytes):
        user = get_user_model().objects.filter(pk=importer, is_active=True).first()
        chosen = Office.objects.filter(pk=office).first()
        if user is None or chosen is None:
            raise ImportFailed([RowError(None, None, "the importer or the office is gone")])
        return import_bank_statement(content, filename=filename, office=chosen, by=user)

    return import_upload(
        run, upload=upload, filename=filename, progress=progress, language=language
    )


@daily
@background(attempts=3)
def remind_unpaid_dues() -> int:
    """Send today's reminders of unpaid dues (each once: idempotent); returns how many."""
    return len(send_reminders())
