"""`localaction serve [ADDRESS]`: the web server and a background worker in one
command (what `make run` starts); Ctrl-C stops both."""

import os
import subprocess
import sys

from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Serve the web pages and run a background worker beside them (development)."

    def add_arguments(self, parser):
        parser.add_argument("address", nargs="?", default="127.0.0.1:8000")

    def handle(self, *, address, verbosity, **options):
        # runserver's autoreloader runs this command again in a child process
        # (RUN_MAIN=true): only the first process starts the worker.
        if os.environ.get("RUN_MAIN") == "true":
            call_command("runserver", address)
            return
        worker = subprocess.Popen(
            [sys.executable, "-m", "localaction", "worker", f"--verbosity={verbosity}"]
        )
        try:
            call_command("runserver", address)
        except KeyboardInterrupt:
            pass
        finally:
            # Ctrl-C reached the worker too (same terminal); make sure it ends.
            worker.terminate()
            try:
                worker.wait(timeout=10)
            except (subprocess.TimeoutExpired, KeyboardInterrupt):
                worker.kill()
