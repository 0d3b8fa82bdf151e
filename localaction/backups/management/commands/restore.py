"""`localaction restore FILE`: a backup back into an empty database and an empty
media folder, once every checksum is checked (localaction/backups/archive.py)."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connections
from django.db.migrations.loader import MigrationLoader

from localaction.backups.archive import BackupError, restore_backup, verify_backup


class Command(BaseCommand):
    help = (
        "Restore a backup made by `localaction backup` into an EMPTY database (of the same "
        "kind) and an empty media folder; --check only verifies the archive's checksums."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="the archive made by `localaction backup`")
        parser.add_argument(
            "--check",
            action="store_true",
            help="verify the archive's checksums and change nothing",
        )

    def handle(self, *args, file: str, check: bool, **options) -> None:
        source = Path(file)
        try:
            if check:
                manifest = verify_backup(source)
                self.stdout.write(
                    f"{source} is whole: a {manifest.database} backup of {manifest.created}, "
                    f"version {manifest.version}, {len(manifest.checksums)} files checked."
                )
                return
            # The restore writes through its own connections: Django's must not
            # hold the database open meanwhile.
            connections.close_all()
            manifest = restore_backup(
                source,
                database=connections["default"].settings_dict,
                media_root=Path(settings.MEDIA_ROOT),
            )
        except BackupError as error:
            raise CommandError(str(error)) from None
        connections.close_all()
        self.stdout.write(
            f"Restored the backup of {manifest.created} (version {manifest.version})."
        )
        unknown = _not_in_code(manifest.migrations)
        if unknown:
            self.stderr.write(
                "The backup has migrations this code does not know "
                f"({', '.join(unknown[:5])}): run the version it was taken with."
            )
        self.stdout.write("Run `localaction migrate` to apply any newer migrations.")


def _not_in_code(applied: dict[str, list[str]]) -> list[str]:
    known = set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)
    return [
        f"{app}.{name}"
        for app, names in applied.items()
        for name in names
        if (app, name) not in known
    ]
