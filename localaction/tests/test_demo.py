"""`make run`'s demo, whole: every app's part built together on one network.

Each app tests its own part on a small cast; this builds them all as
`localaction demo` does, so that parts which meet only on a real network (a
Latin American case study translated, a course's learners across regions)
cannot stop `make run`."""

from io import StringIO

import pytest
from django.core.management import call_command

from localaction.knowledge.models import CaseStudy
from localaction.network.demo import demo_parts
from localaction.search.models import Entry

pytestmark = pytest.mark.django_db


def test_the_whole_demo_builds_with_every_part():
    out = StringIO()
    call_command("demo", members=300, seed=2007, stdout=out)
    printed = out.getvalue()
    assert "Demo logins:" in printed and "secretariat / localaction" in printed
    assert "trainer / localaction — trainer of 4 courses" in printed
    assert "learner01 … learner60 / localaction — 60 learners" in printed
    assert len(demo_parts()) > 10
    # Language versions are of other languages than their originals.
    for version in CaseStudy.objects.exclude(locale__language_code="en"):
        originals = CaseStudy.objects.filter(translation_key=version.translation_key)
        assert originals.values("locale").distinct().count() == originals.count()
    # Search holds what the demo published, of every kind that publishes.
    kinds = set(Entry.objects.values_list("kind", flat=True))
    assert {"member", "campaign", "case-study", "publication", "course"} <= kinds
