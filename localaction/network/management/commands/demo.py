"""`localaction demo`: build a demo network of real places and print the logins.

The network (the register) is built here; every other part of the demo is
built by the app it belongs to, registered with `network.demo.register_part`,
in the registered order and in the same transaction.
"""

import sys
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.module_loading import import_string
from tqdm import tqdm

from localaction.network.demo import (
    DemoNetworkError,
    build_demo_network,
    demo_logins,
    demo_parts,
)
from localaction.network.models import LocalGovernment


def progress_bar(items, label):
    # disable=None: no bar when stderr is not a terminal (CI logs, tests).
    return tqdm(items, desc=label, unit=" rows", file=sys.stderr, disable=None, leave=False)


class Command(BaseCommand):
    help = (
        "Build a deterministic demo network from real places (GeoNames) into a fresh "
        "database, with one login per role, and every part of the platform on it."
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
                # One transaction: a network without its other parts is never left behind.
                with transaction.atomic():
                    network = build_demo_network(members=members, seed=seed, progress=progress_bar)
                    built = [
                        import_string(part.build)(seed=seed, progress=progress_bar)
                        for part in demo_parts()
                    ]
            except DemoNetworkError as error:
                raise CommandError(str(error)) from error
            kinds = ", ".join(
                f"{kind.label}: {network.local_governments.get(kind, 0)}"
                for kind in LocalGovernment.Kind
            )
            self.stdout.write(
                f"Built {sum(network.local_governments.values())} local governments ({kinds}), "
                f"{network.memberships} memberships and {network.offices} offices; "
                + "".join(f"{clause}; " for clause in built if clause)
                + f"in {time.monotonic() - started:.1f} s."
            )
        logins = demo_logins()
        if not logins:
            self.stdout.write("This database has no demo logins.")
            return
        self.stdout.write("Demo logins:")
        for login in logins:
            self.stdout.write(f"  {login.username} / {login.password} — {login.description}")
        self.stdout.write("Open http://127.0.0.1:8000 and sign in with one of these.")
