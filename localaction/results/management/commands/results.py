"""`localaction results`: the plan's results' commands.

`results review` records every indicator of the adopted plan as it stands
now: a review by the secretariat's account named with `--by`.
"""

from __future__ import annotations

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from localaction.results import services
from localaction.results.dashboard import adopted_plan


class Command(BaseCommand):
    help = "The plan's results: a review of every indicator of the adopted plan."

    def add_arguments(self, parser):
        commands = parser.add_subparsers(dest="command", required=True, metavar="{review}")
        review = commands.add_parser(
            "review", help="Record every indicator of the adopted plan as it stands now."
        )
        review.add_argument("--by", required=True, help="Username of the secretariat's member.")
        review.add_argument("--note", default="", help="What the review was (a meeting, a note).")

    def handle(self, *args, command: str, **options):
        plan = adopted_plan()
        by = User.objects.filter(username=options["by"]).first()
        if plan is None or by is None:
            raise CommandError("Needs an adopted plan and the --by user.")
        try:
            review = services.review_record(
                plan=plan, held_on=timezone.localdate(), by=by, note=options["note"]
            )
        except PermissionDenied as error:
            raise CommandError(f"{by.username} is not of the World Secretariat.") from error
        self.stdout.write(
            f"Review of {review.held_on:%Y-%m-%d}: {review.entries.count()} indicators"
        )
