"""An inventory-lines import computes its lines before its write transaction
begins (issue 11, probe finding 4: a large import held the database's write
lock for the whole of its reading, checking and computing)."""

from __future__ import annotations

import pytest
from django.db import connection

from localaction.inventories import lines as lines_module
from localaction.inventories.models import Inventory
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
    seen: dict[str, set[int]] = {"computing": set(), "staging": set(), "saving": set()}
    build, stage, summarise = (
        lines_module.build_lines,
        lines_module.Stage.add,
        lines_module.inventory_summarise,
    )

    def watched_build(*args, **kwargs):
        seen["computing"].add(opened())
        return build(*args, **kwargs)

    def watched_stage(*args, **kwargs):
        seen["staging"].add(opened())
        return stage(*args, **kwargs)

    def watched_summarise(**kwargs):
        seen["saving"].add(opened())
        return summarise(**kwargs)

    monkeypatch.setattr(lines_module, "build_lines", watched_build)
    monkeypatch.setattr(lines_module.Stage, "add", watched_stage)
    monkeypatch.setattr(lines_module, "inventory_summarise", watched_summarise)
    result = lines_module.import_lines(
        csv_lines(20), filename="lines.csv", local_government=cast.freiburg, year=2022
    )
    assert seen == {"computing": {0}, "staging": {0}, "saving": {1}}
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
