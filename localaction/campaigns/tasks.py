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

from localaction.background.tasks import background
from localaction.background.uploads import import_upload
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
    file, as `importer` (a user id) may (the course of the task:
    `background.uploads.import_upload`)."""

    def run(content: bytes):
        user = get_user_model().objects.filter(pk=importer, is_active=True).first()
        member = LocalGovernment.objects.filter(pk=local_government).first()
        if user is None or member is None:
            raise ImportFailed([])
        return IMPORTERS[kind](content, filename=filename, importer=user, local_government=member)

    return import_upload(
        run, upload=upload, filename=filename, progress=progress, language=language
    )
