"""Inventories' background work: importing a file of lines sent from the inventory page.

The page saves the upload in the shared storage (`background.uploads`) and queues
`import_inventory_lines` with its name: the worker that runs it may be
another process on another machine. The import itself is the command's
(`lines.import_lines`): all or nothing, with every problem listed by row and
column.
"""

from __future__ import annotations

from django.utils import translation
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from localaction.background.progress import Progress
from localaction.background.tasks import background
from localaction.background.uploads import delete_upload, read_upload, show_refusal
from localaction.inventories.lines import import_lines
from localaction.inventories.models import Inventory
from localaction.tables import ImportFailed


@background(attempts=3)
def import_inventory_lines(
    *, inventory: int, upload: str, filename: str, progress: str, language: str
) -> dict:
    """Replace the lines of a draft inventory with those of an uploaded file.

    `upload` is the file's name in the default storage, `filename` the name it
    had on the person's computer (its extension says the format). The file is
    deleted once the import is over, landed or refused; after an unexpected
    error it stays for the worker's next attempt (and goes after the last one).
    """
    over = False
    try:
        with translation.override(language):
            lines = _import(Progress(progress), inventory, upload, filename)
        over = True
        return {"lines": lines}
    finally:
        if over:
            delete_upload(upload)


def _import(task_progress: Progress, inventory_pk: int, upload: str, filename: str) -> int | None:
    """The import, reported to `task_progress`; how many lines landed (None if refused)."""
    inventory = Inventory.objects.select_related("local_government").filter(pk=inventory_pk).first()
    if inventory is None:
        task_progress.fail(_("The inventory no longer exists; nothing was imported."))
        return None
    content = read_upload(upload)
    if content is None:
        task_progress.fail(_("The uploaded file is no longer there; please upload it again."))
        return None
    task_progress.start(None, _("Reading the file"))
    total = None

    stages = {
        "checking": (0, _("Checking the rows")),
        "computing": (1, _("Computing the lines")),
        "saving": (2, _("Saving the lines")),
        "summarising": (3, _("Adding up the totals of each GPC cell")),
    }

    def report(stage: str, done: int, rows: int) -> None:
        # Each row counts four times: checked, computed, saved, then summed up.
        nonlocal total
        before, message = stages[stage]
        if total is None:
            total = 4 * rows
            task_progress.start(total, message)
        task_progress.advance(before * rows + done, message)

    try:
        result = import_lines(
            content,
            filename=filename,
            local_government=inventory.local_government,
            year=inventory.year,
            progress=report,
        )
    except ImportFailed as failure:
        show_refusal(task_progress, filename, failure)
        return None
    task_progress.finish(
        ngettext(
            "%(count)s line imported into the %(year)s inventory of %(name)s.",
            "%(count)s lines imported into the %(year)s inventory of %(name)s.",
            result.lines,
        )
        % {
            "count": number_format(result.lines, force_grouping=True),
            "year": inventory.year,
            "name": inventory.local_government.name,
        },
        lines=result.lines,
        replaced=result.replaced,
    )
    return result.lines
