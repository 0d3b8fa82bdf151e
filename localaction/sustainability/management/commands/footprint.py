"""`localaction footprint show|network|export`: a member's footprints, the
network's footprint at each World Congress, and footprints as a file
(docs/formats/footprints.md). Reporting and verifying are people's acts, on
the pages or the API, under their permissions."""

import io
import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from localaction.network.models import LocalGovernment
from localaction.sustainability.footprints.api import network_data
from localaction.sustainability.footprints.files import export_footprints
from localaction.sustainability.footprints.models import CongressRound, Footprint
from localaction.sustainability.footprints.network import network_footprint, trend
from localaction.tables import FORMATS


def _member(code: str) -> LocalGovernment:
    local_government = LocalGovernment.objects.filter(code=code).first()
    if local_government is None:
        raise CommandError(f"No local government has the code '{code}'.")
    return local_government


class Command(BaseCommand):
    help = "Show a member's Ecological Footprints, the network's, or export them."

    def add_arguments(self, parser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        show = actions.add_parser("show", help="a member's footprints as JSON")
        show.add_argument("--member", metavar="CODE", required=True)
        net = actions.add_parser("network", help="the network's footprint as JSON")
        net.add_argument("--congress", metavar="YEAR", type=int, help="one Congress; default all")
        export = actions.add_parser("export", help="footprints as CSV or XLSX")
        export.add_argument("--member", metavar="CODE", help="one member's; default all")
        export.add_argument("--output", help="a .csv or .xlsx file; default CSV on standard output")

    def handle(self, *args, action: str, **options) -> None:
        if action == "show":
            footprints = Footprint.objects.filter(
                local_government=_member(options["member"])
            ).select_related("round")
            rows = [
                {
                    "congress": one.round.year,
                    "year": one.year,
                    "way": one.kind,
                    "status": one.status,
                    "population": one.population,
                    "total_gha": one.total,
                    "gha_per_person": one.per_person,
                    "by_category": one.by_category,
                    "by_land_type": one.by_land_type,
                }
                for one in footprints.order_by("round__year")
            ]
            self.stdout.write(json.dumps(rows, indent=2))
        elif action == "network":
            if options["congress"] is None:
                rounds = trend()
            else:
                round = CongressRound.objects.filter(year=options["congress"]).first()
                if round is None:
                    raise CommandError(f"No World Congress round of {options['congress']}.")
                rounds = [network_footprint(round)]
            self.stdout.write(json.dumps([network_data(one) for one in rounds], indent=2))
        else:
            footprints = Footprint.objects.all()
            if options["member"]:
                footprints = footprints.filter(local_government=_member(options["member"]))
            output = options["output"]
            file_format = Path(output).suffix.lower().lstrip(".") if output else "csv"
            if file_format not in FORMATS:
                raise CommandError("--output must end in .csv or .xlsx")
            target = io.BytesIO()
            export_footprints(
                footprints.order_by("round__year", "local_government__code"),
                format=file_format,
                target=target,
            )
            if output:
                Path(output).write_bytes(target.getvalue())
            else:
                sys.stdout.buffer.write(target.getvalue())
