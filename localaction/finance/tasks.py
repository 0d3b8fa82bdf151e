"""The finance app's background work: the bank statement import sent from its
page, and the daily reminders of unpaid dues."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.utils import translation

from localaction.background.progress import Progress
from localaction.background.tasks import background, daily
from localaction.background.uploads import import_upload
from localaction.finance.payments import BankImport, describe_import, import_bank_statement
from localaction.finance.standing import send_reminders
from localaction.network.models import Office
from localaction.tables import ImportFailed, RowError


@background(attempts=3)
def import_bank_statement_upload(
    *, upload: str, filename: str, office: int, importer: int, progress: str, language: str
) -> dict:
    """Import an uploaded bank statement of `office` (an id) as `importer` (a user
    id) may (the course of the task: `background.uploads.import_upload`)."""

    imported: list[BankImport] = []

    def run(content: bytes):
        user = get_user_model().objects.filter(pk=importer, is_active=True).first()
        chosen = Office.objects.filter(pk=office).first()
        if user is None or chosen is None:
            raise ImportFailed([RowError(None, None, "the importer or the office is gone")])
        imported.append(import_bank_statement(content, filename=filename, office=chosen, by=user))
        return imported[-1]

    outcome = import_upload(
        run, upload=upload, filename=filename, progress=progress, language=language
    )
    if imported:
        # What every import says, then what a statement adds: matched and
        # unmatched, with their totals.
        result = imported[-1]
        outcome |= {"matched": len(result.matched), "unmatched": len(result.unmatched)}
        with translation.override(language):
            Progress(progress).finish(describe_import(result), **outcome)
    return outcome


@daily
@background(attempts=3)
def remind_unpaid_dues() -> int:
    """Send today's reminders of unpaid dues (each once: idempotent); returns how many."""
    return len(send_reminders())
