"""Campaigns' background work: importing a file of targets or actions sent from a
member's climate-action page (docs/formats/targets.md, actions.md).

The page saves the upload in the shared storage (`background.uploads`) and
queues `import_commitments`: the worker that runs it may be another process on
another machine. The import is the command's (`files.import_targets`,
`files.import_actions`): all or nothing, every problem listed by row and
column, limited to what the importer may edit.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.utils import translation
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from localaction.background.progress import Progress
from localaction.background.tasks import background
from localaction.background.uploads import delete_upload, read_upload
from localaction.campaigns.files import import_actions, import_targets
from localaction.network.models import LocalGovernment
from localaction.tables import ImportFailed

IMPORTERS = {"targets": import_targets, "actions": import_actions}


@background(attempts=3)
def import_commitments(
    *,
    kind: str,
    local_government: int,
    upload: str,
    filename: str,
    importer: int,
    progress: str,
    language: str,
) -> dict:
    """Create and update a member's targets or actions (`kind`) from an uploaded
    file, as `importer` (a user id) may. The upload is deleted once the import
    has landed or been refused; after an unexpected error it stays for the next
    attempt."""
    task_progress = Progress(progress)
    with translation.override(language):
        content = read_upload(upload)
        if content is None:
            task_progress.fail(_("The uploaded file is no longer there; please upload it again."))
            return {}
        task_progress.start(None, _("Reading the file"))
        user = get_user_model().objects.filter(pk=importer, is_active=True).first()
        member = LocalGovernment.objects.filter(pk=local_government).first()
        try:
            if user is None or member is None:
                raise ImportFailed([])
            result = IMPORTERS[kind](
                content, filename=filename, importer=user, local_government=member
            )
        except ImportFailed as failure:
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
            delete_upload(upload)
            return {}
    delete_upload(upload)
    outcome = {
        "created": result.created,
        "updated": result.updated,
        "unchanged": result.unchanged,
    }
    with translation.override(language):
        task_progress.finish(
            _(
                "%(file)s is imported. Created: %(created)s; updated: %(updated)s; "
                "unchanged: %(unchanged)s."
            )
            % {"file": filename, **outcome},
            **outcome,
        )
    return outcome
