"""`localaction demo`'s part: the demo's public items indexed, after every
other part built them (their bulk writes send no signals)."""

from __future__ import annotations

from django.db.models import Count

from localaction.network.demo import Progress, no_progress
from localaction.search import services
from localaction.search.models import Entry


def demo_part(*, seed: int, progress: Progress = no_progress) -> str:
    """`localaction demo`'s part (network.demo.register_part): what was built, in words."""
    rebuilt = services.rebuild()
    kinds = Entry.objects.values("kind").annotate(n=Count("pk")).order_by("kind")
    return (
        f"{rebuilt.indexed:,} public items indexed for search ("
        + ", ".join(f"{row['n']:,} {row['kind']}" for row in kinds)
        + ")"
    )
