"""The register's background work: importing a member-register file sent from
the directory (docs/formats/members.md). The import is the command's
(`members.import_members`): all or nothing, every problem listed by row and
column, limited to what the importer's role covers."""

from __future__ import annotations

from django.contrib.auth import get_user_model

from localaction.background.tasks import background
from localaction.background.uploads import import_upload
from localaction.network.members import import_members
from localaction.tables import ImportFailed


@background(attempts=3)
def import_member_register(
    *, upload: str, filename: str, importer: int, progress: str, language: str
) -> dict:
    """Create and update local governments from an uploaded file, as `importer`
    (a user id) may (the course of the task: `background.uploads.import_upload`)."""

    def run(content: bytes):
        user = get_user_model().objects.filter(pk=importer, is_active=True).first()
        if user is None:
            raise ImportFailed([])
        return import_members(content, filename=filename, importer=user)

    return import_upload(
        run, upload=upload, filename=filename, progress=progress, language=language
    )
