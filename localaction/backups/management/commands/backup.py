"""`localaction backup [FILE]`: the database and the uploaded files in one archive,
taken while the platform keeps running (localaction/backups/archive.py)."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connections
from django.utils import timezone

from localaction.backups.archive import BackupError, take_backup


class Command(BaseCommand):
    help = (
        "Back up the database (SQLite's online backup, or pg_dump) and the uploaded files "
        "into one .tar.gz archive with a manifest of checksums; safe while the platform runs."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "file",
            nargs="?",
            help="the archive to write; by default localaction-backup-<date and time>.tar.gz "
            "in the current folder",
        )

    def handle(self, *args, file: str | None, **options) -> None:
        target = Path(file or f"localaction-backup-{timezone.now():%Y%m%dT%H%M%SZ}.tar.gz")
        if target.exists():
            raise CommandError(f"{target} exists; give another file name.")
        try:
            manifest = take_backup(
                target,
                database=connections["default"].settings_dict,
                media_root=Path(settings.MEDIA_ROOT),
            )
        except BackupError as error:
            raise CommandError(str(error)) from None
        files = len(manifest.checksums) - 1
        self.stdout.write(
            f"Backed up the {manifest.database} database and {files} uploaded "
            f"file{'s' * (files != 1)} to {target} ({target.stat().st_size:,} bytes)."
        )
