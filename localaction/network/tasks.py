"""The register's background work: importing a member-register file sent from
the directory (docs/formats/members.md). The import is the command's
(`members.import_members`): all or nothing, every problem listed by row and
column, limited to what the importer's role covers."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.utils import translation
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from localaction.background.progress import Progress
from localaction.background.tasks import background
from localaction.background.uploads import delete_upload, read_upload
from localaction.network.members import import_members
from localaction.tables import ImportFailed


@background(attempts=3)
def import_member_register(
    *, upload: str, filename: str, importer: int, progress: str, language: str
) -> dict:
    """Create and update local governments from an uploaded file, as `importer`
    (a user id) may. The upload is deleted once the import has landed or been
    refused; after an unexpected error it stays for the next attempt."""
    task_progress = Progress(progress)
    with translation.override(language):
        content = read_upload(upload)
        if content is None:
            task_progress.fail(_("The uploaded file is no longer there; please upload it again."))
            return {}
        task_progress.start(None, _("Reading the file"))
        user = get_user_model().objects.filter(pk=importer, is_active=True).first()
        try:
            if user is None:
                raise ImportFailed([])
            result = import_members(content, filename=filename, importer=user)
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
