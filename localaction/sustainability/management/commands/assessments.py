"""`localaction assessments load|list`: load a questionnaire file as a new
version (the format: docs of the assessments engine, core/assessments.py),
and list the versions loaded."""

from __future__ import annotations

import json
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from localaction.sustainability.assessments import services
from localaction.sustainability.assessments.models import Questionnaire

MAX_BYTES = 2_000_000


class Command(BaseCommand):
    help = "Load a questionnaire file as a new version, or list the versions loaded."

    def add_arguments(self, parser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        load = actions.add_parser("load", help="Load a questionnaire file (JSON) as a new version.")
        load.add_argument("file", type=Path)
        actions.add_parser("list", help="List the questionnaire versions loaded.")

    def handle(self, *args, **options) -> None:
        if options["action"] == "list":
            for questionnaire in Questionnaire.objects.order_by("code", "version"):
                questions = questionnaire.questions.count()
                self.stdout.write(
                    f"{questionnaire.code} v{questionnaire.version}\t{questionnaire.instrument}"
                    f"\t{questions} questions\t{questionnaire.name_texts['en']}"
                )
            return
        path: Path = options["file"]
        try:
            if path.stat().st_size > MAX_BYTES:
                raise CommandError(f"{path} is larger than {MAX_BYTES:,} bytes.")
            data = json.loads(path.read_text(encoding="utf-8"))
        except OSError as error:
            raise CommandError(f"{path} cannot be read: {error.strerror}.") from None
        except (UnicodeDecodeError, json.JSONDecodeError) as error:
            raise CommandError(f"{path} is not a UTF-8 JSON file: {error}.") from None
        try:
            questionnaire, created = services.questionnaire_load(data)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        if created:
            self.stdout.write(
                f"Loaded {questionnaire.code} version {questionnaire.version}: "
                f"{questionnaire.sections.count()} sections, "
                f"{questionnaire.questions.count()} questions."
            )
        else:
            self.stdout.write(
                f"{questionnaire.code} version {questionnaire.version} is already loaded "
                "with this content; nothing changed."
            )
