"""Scheduled publishing: a case study or publication approved with a go-live
date is published by Wagtail's `publish_scheduled` command once that date
has passed. The workers run it at their heartbeat, at most once a minute
across all of them."""

from __future__ import annotations

from django.core.cache import cache
from django.core.management import call_command

INTERVAL_SECONDS = 60


def publish_when_due() -> None:
    # cache.add is atomic on Redis: one worker a minute runs it.
    if cache.add("knowledge:publish_scheduled", True, INTERVAL_SECONDS):
        call_command("publish_scheduled", verbosity=0)
