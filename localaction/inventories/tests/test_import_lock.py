"""An inventory-lines import computes its lines before its write transaction
begins (issue 11, probe finding 4: a large import held the database's write
lock for the whole of its reading, checking and computing)."""

from __future__ import annotations

import pytest
from django.db import connection

from localaction.inventories import lines as lines_module
from localaction.inventories.models import Inventory
from localaction.inventories.services import inventory_summarise
from localaction.inventories.tests.test_web_import import csv_lines

pytestmark = pytest.mark.django_db

OUTER = 1  # the test's own transaction (pytest-django)


def opened() -> int:
    return len(connection.atomic_blocks) - OUTER


@pytest.mark.parametrize("existing", [True, False], ids=["into a draft", "making the draft"])
def test_lines_are_computed_and_staged_outside_the_write_transaction_and_saved_in_one(
    cast, monkeypatch, existing
):
    if existing:
        Inventory.objects.create(local_government=cast.freiburg, year=2022)
    seen: dict[str, set[int]] = {
        "computing": set(),
        "staging": set(),
        "summarising": set(),
        "saving": set(),
    }
    watched = {
        "computing": (lines_module, "build_lines"),
        "staging": (lines_module.Stage, "add"),
        "summarising": (lines_module, "inventory_summary"),
        "saving": (lines_module, "inventory_save_summary"),
    }
    for stage, (owner, name) in watched.items():
        original = getattr(owner, name)

        def watched_call(*args, _stage=stage, _original=original, **kwargs):
            seen[_stage].add(opened())
            return _original(*args, **kwargs)

        monkeypatch.setattr(owner, name, watched_call)
    result = lines_module.import_lines(
        csv_lines(20), filename="lines.csv", local_government=cast.freiburg, year=2022
    )
    assert seen == {"computing": {0}, "staging": {0}, "summarising": {0}, "saving": {1}}
    assert result.created is not existing
    inventory = Inventory.objects.get(local_government=cast.freiburg, year=2022)
    assert inventory.lines.count() == 20
    assert set(inventory.lines.values_list("inventory", flat=True)) == {inventory.pk}


def test_a_draft_submitted_while_the_file_was_computed_takes_no_lines(cast, monkeypatch):
    """The draft is looked up again, locked, once the lines are computed."""
    draft = Inventory.objects.create(local_government=cast.freiburg, year=2022)
    build = lines_module.build_lines

    def build_then_submitted(*args, **kwargs):
        built = build(*args, **kwargs)
        Inventory.objects.filter(pk=draft.pk).update(status=Inventory.Status.SUBMITTED)
        return built

    monkeypatch.setattr(lines_module, "build_lines", build_then_submitted)
    with pytest.raises(lines_module.ImportFailed, match="only a draft takes an import"):
        lines_module.import_lines(
            csv_lines(3), filename="lines.csv", local_government=cast.freiburg, year=2022
        )
    assert draft.lines.count() == 0


def _summary_rows(inventory: Inventory) -> dict[str, list[tuple]]:
    def rows(queryset) -> list[tuple]:
        names = [
            f.attname
            for f in queryset.model._meta.concrete_fields
            if f.attname not in ("id", "inventory_id", "local_government_id")
        ]
        return sorted(queryset.values_list(*names), key=repr)

    return {
        "totals": rows(inventory.totals.all()),
        "level totals": rows(inventory.level_totals.all()),
        "level co2e": rows(inventory.level_co2e.all()),
    }


def test_the_summary_computed_before_the_write_is_the_one_the_saved_lines_give(cast):
    """An import sums the lines it built, before its write transaction; summing
    the lines as saved (services.inventory_summarise) gives the same rows."""
    lines_module.import_lines(
        csv_lines(40), filename="lines.csv", local_government=cast.freiburg, year=2022
    )
    inventory = Inventory.objects.get(local_government=cast.freiburg, year=2022)
    imported = _summary_rows(inventory)
    assert imported["totals"] and imported["level totals"] and imported["level co2e"]
    # Row n has n kg of CO2 in I.1.1 (test_web_import.csv_lines): 2 + … + 41.
    assert ("I.1.1", "CO2", float(sum(range(2, 42)))) in imported["totals"]
    inventory_summarise(inventory=inventory)
    assert _summary_rows(inventory) == imported
    assert set(inventory.totals.values_list("local_government", flat=True)) == {cast.freiburg.pk}
