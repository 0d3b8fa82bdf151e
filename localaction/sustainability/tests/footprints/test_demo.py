"""The demo's footprints: two World Congresses, illustrative references marked
so, about 25 members in each round, the demo editor's city among them, most
verified."""

from io import StringIO

import pytest
from django.core.management import call_command

from localaction.accounts.models import Role
from localaction.sustainability.footprints.models import (
    Biocapacity,
    CongressRound,
    Footprint,
    NationalFootprint,
)
from localaction.sustainability.footprints.network import trend

pytestmark = pytest.mark.django_db


def test_the_demo_reports_footprints_at_two_congresses():
    out = StringIO()
    call_command("demo", "--members", "60", "--seed", "3", stdout=out)
    *rounds, upcoming = CongressRound.objects.order_by("year")
    assert len(rounds) == 2 and rounds[1].year - rounds[0].year == 3
    assert rounds[1].meeting is not None  # the governance demo's Congress
    assert upcoming.year == rounds[1].year + 3 and not upcoming.footprints.exists()
    assert NationalFootprint.objects.exists()
    assert not NationalFootprint.objects.filter(is_illustrative=False).exists()
    assert not Biocapacity.objects.filter(is_illustrative=False).exists()
    for round in rounds:
        footprints = Footprint.objects.filter(round=round)
        assert 20 <= footprints.count() <= 25
        assert footprints.filter(kind="study").exists()
        assert footprints.filter(kind="estimate").count() > footprints.filter(kind="study").count()
        assert footprints.verified().count() > footprints.count() / 2
    editor_city = Role.objects.get(user__username="editor", kind=Role.Kind.EDITOR).local_government
    assert Footprint.objects.verified().filter(local_government=editor_city).count() == 2
    assert all(one.figures.earths for one in trend()[:2])
    assert "Ecological Footprints" in out.getvalue()


def test_the_command_shows_and_exports(cast, estimate, study):
    out = StringIO()
    call_command("footprint", "show", "--member", "de-freiburg", stdout=out)
    assert '"total_gha": 898000' in out.getvalue()
    out = StringIO()
    call_command("footprint", "network", "--congress", "2024", stdout=out)
    assert '"members": []' in out.getvalue()  # nothing verified yet
