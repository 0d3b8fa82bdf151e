"""`localaction actions import|export`: actions as a file (docs/formats/actions.md)."""

from localaction.campaigns.files import export_actions, import_actions
from localaction.campaigns.management.commands.targets import FileCommand
from localaction.campaigns.models import Action


class Command(FileCommand):
    help = "Import or export actions as CSV or XLSX in the format of docs/formats/actions.md."

    noun = "actions"
    read_file = staticmethod(import_actions)
    write_file = staticmethod(export_actions)

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True, metavar="{import,export}")
        self.add_file_arguments(actions)

    def handle(self, *args, action: str, **options) -> None:
        if action == "import":
            self.import_file(options["file"], options["member"])
        else:
            self.export(options["member"], options["format"], options["output"])

    def queryset(self):
        return Action.objects.order_by("local_government__code", "pk")
