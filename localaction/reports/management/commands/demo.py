"""`localaction demo`: build a demo network of real places and print the logins."""

import sys
import time
from io import StringIO

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from tqdm import tqdm

from localaction.campaigns.demo import build_demo_campaigns
from localaction.finance.demo import build_demo_finance
from localaction.finance.models import FeeSchedule
from localaction.governance.demo import build_demo_governance
from localaction.inventories.demo import build_demo_inventories
from localaction.inventories.models import Inventory
from localaction.network.demo import DemoNetworkError, build_demo_network, demo_logins
from localaction.network.models import LocalGovernment


def progress_bar(items, label):
    # disable=None: no bar when stderr is not a terminal (CI logs, tests).
    return tqdm(items, desc=label, unit=" rows", file=sys.stderr, disable=None, leave=False)


class Command(BaseCommand):
    help = (
        "Build a deterministic demo network from real places (GeoNames) into a fresh "
        "database, with one login per role."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--members",
            type=int,
            default=1000,
            help="Number of local governments, nested ones and associations included.",
        )
        parser.add_argument(
            "--seed", type=int, default=1, help="The same seed builds the same network."
        )
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing when local governments already exist (for start-up scripts).",
        )

    def handle(self, *args, members: int, seed: int, if_empty: bool, **options):
        if if_empty and LocalGovernment.objects.exists():
            self.stdout.write("The database already holds local governments; nothing built.")
        else:
            started = time.monotonic()
            try:
                # One transaction: a network without its inventories is never left behind.
                with transaction.atomic():
                    network = build_demo_network(members=members, seed=seed, progress=progress_bar)
                    inventories = build_demo_inventories(seed=seed, progress=progress_bar)
                    campaigns = build_demo_campaigns(seed=seed, progress=progress_bar)
                    finance = build_demo_finance(seed=seed, progress=progress_bar)
                    governance = build_demo_governance(seed=seed, progress=progress_bar)
                    # The dues in force point to the Council's decision that adopted them.
                    FeeSchedule.objects.filter(year=finance.year, office=None).update(
                        decision=governance.dues_decision
                    )
                    # By name: the elections sit beside the reports in the layers.
                    elections = StringIO()
                    call_command("election", "demo", "--seed", str(seed), stdout=elections)
            except DemoNetworkError as error:
                raise CommandError(str(error)) from error
            statuses = ", ".join(
                f"{status.label.lower()}: {inventories.by_status[status]}"
                for status in Inventory.Status
            )
            kinds = ", ".join(
                f"{kind.label}: {network.local_governments.get(kind, 0)}"
                for kind in LocalGovernment.Kind
            )
            self.stdout.write(
                f"Built {sum(network.local_governments.values())} local governments ({kinds}), "
                f"{network.memberships} memberships, {network.offices} offices and "
                f"{inventories.inventories} GHG inventories ({statuses}) with "
                f"{inventories.lines} lines; {campaigns.participations} campaign participations, "
                f"{sum(campaigns.targets.values())} targets, {campaigns.action_plans} action plans "
                f"and {sum(campaigns.actions.values())} actions; "
                f"{finance.invoices} dues invoices of {finance.year} ({finance.not_invoiced} "
                f"memberships not invoiced, with the reason) and {finance.payments} payments; "
                f"{governance.mandates} mandates on the governing bodies, "
                f"{governance.meetings} meetings and {governance.decisions} decisions; "
                f"{elections.getvalue().strip()} in {time.monotonic() - started:.1f} s."
            )
        logins = demo_logins()
        if not logins:
            self.stdout.write("This database has no demo logins.")
            return
        self.stdout.write("Demo logins:")
        for login in logins:
            self.stdout.write(f"  {login.username} / {login.password} — {login.description}")
        self.stdout.write("Open http://127.0.0.1:8000 and sign in with one of these.")
