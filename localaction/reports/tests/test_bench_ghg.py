"""`localaction bench ghg`: it runs, prints what it timed, and the two calculations agree."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from localaction.core.ghg import synthetic_lines
from localaction.core.gwp import GWP_SETS, gwp_set
from localaction.inventories.models import Inventory
from localaction.network.models import LocalGovernment
from localaction.reports.management.commands.bench import (
    TOTALS,
    _Catalogue,
    core_totals,
    disagreements,
    numpy_totals,
)

pytestmark = pytest.mark.django_db


def test_the_command_prints_every_gwp_set_both_times_and_their_agreement():
    out = StringIO()
    call_command(
        "bench", "ghg", "--lines", "3000", "--repeat", "2", "--database-lines", "200", stdout=out
    )
    text = out.getvalue()
    assert "GHG calculation of 3,000 lines (seed 2007), median of 2 runs:" in text
    assert "core ms" in text and "numpy ms" in text and "core/numpy" in text
    for name in GWP_SETS:
        row = next(line for line in text.splitlines() if line.startswith(name))
        core_ms, numpy_ms, ratio = row.split()[1:]
        assert float(core_ms) > 0 and float(numpy_ms) > 0 and ratio.endswith("×")
    assert "Reading an inventory of 200 lines from the database" in text
    assert "Core and numpy agree within 1e-09 (relative) on every total" in text
    # The inventory it read was rolled back.
    assert not Inventory.objects.exists() and not LocalGovernment.objects.exists()


@pytest.mark.parametrize("name", GWP_SETS)
def test_core_and_plain_numpy_give_the_same_totals(name):
    lines = synthetic_lines(5000, seed=11)
    core = core_totals(lines, gwp_set(name))
    plain = numpy_totals(lines, gwp_set(name), _Catalogue.build())
    assert disagreements(core, plain) == []
    assert set(core) == set(plain) == set(TOTALS)
    # The sums are not trivially empty: every scope and the BASIC total carry emissions.
    assert all(value > 0 for value in core["by scope"].values())
    assert core["BASIC"] > 0


def test_a_disagreement_is_reported_and_fails_the_command(monkeypatch):
    lines = synthetic_lines(1000, seed=3)
    core = core_totals(lines, gwp_set("AR6GWP100"))
    off = dict(core, BASIC=core["BASIC"] * (1 + 1e-6))
    assert disagreements(core, off) == [f"BASIC: core {core['BASIC']!r}, numpy {off['BASIC']!r}"]

    def slightly_off(lines, gwp, catalogue):
        totals = numpy_totals(lines, gwp, catalogue)
        return dict(totals, territorial=totals["territorial"] * 1.01)

    monkeypatch.setattr("localaction.reports.management.commands.bench.numpy_totals", slightly_off)
    with pytest.raises(CommandError, match="territorial: core"):
        call_command(
            "bench", "ghg", "--lines", "500", "--repeat", "1", "--database-lines", "0",
            stdout=StringIO(),
        )  # fmt: skip
