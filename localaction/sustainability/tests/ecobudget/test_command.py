"""`localaction ecobudget show`: each indicator with target, actual and balance."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

pytestmark = pytest.mark.django_db


def show(*args) -> str:
    out = StringIO()
    call_command("ecobudget", "show", *args, stdout=out)
    return out.getvalue()


def test_json(balanced):
    shown = json.loads(show("--member", "de-freiburg", "--year", "2024", "--format", "json"))
    assert shown["budget_status"] == "balance_adopted"
    water = next(row for row in shown["indicators"] if row["indicator"] == "water_per_person")
    assert (water["target"], water["actual"], water["balance"], water["status"]) == (
        125,
        120,
        5,
        "met",
    )


def test_table(balanced):
    shown = show("--member", "de-freiburg", "--year", "2024")
    assert "Freiburg im Breisgau — ecoBUDGET 2024" in shown
    line = next(line for line in shown.splitlines() if line.startswith("protected_area"))
    assert line.split()[-4:] == ["550", "540", "-10", "missed"]


def test_unknown_member_or_year(balanced):
    with pytest.raises(CommandError, match="no local government"):
        show("--member", "xx-nowhere", "--year", "2024")
    with pytest.raises(CommandError, match="has no ecoBUDGET for 2019"):
        show("--member", "de-freiburg", "--year", "2019")
