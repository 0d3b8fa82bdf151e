"""No reader waits for a recomputation: readers get the figures as last
computed at once, a change queues one recomputation however many readers see
it, and the PDF is rendered once per version of the data."""

from __future__ import annotations

import re

import pytest
from django.test import override_settings
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from localaction.inventories.services import inventory_move
from localaction.reports import figures
from localaction.reports.services import parse_scope
from localaction.reports.tasks import recompute
from localaction.reports.tests.dashboard_data import YEAR, build_network

DASHBOARD = reverse("reports:dashboard")
DATABASE_TASKS = override_settings(
    TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
)


@pytest.fixture
def network(cast):
    return build_network(cast)


def text(response) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())


def recomputations() -> int:
    return DBTaskResult.objects.filter(task_path="localaction.reports.tasks.recompute").count()


def test_a_change_queues_one_recomputation_however_many_readers_see_it(client, cast, network):
    client.get(DASHBOARD, {"year": YEAR})
    with DATABASE_TASKS:
        inventory_move(inventory=network.nairobi, step="publish", user=cast.secretariat)
        for _reader in range(5):
            page = client.get(DASHBOARD, {"year": YEAR}).content.decode()
            assert "newer figures are being prepared" in page
        assert recomputations() == 1
        task = DBTaskResult.objects.get(task_path=recompute.module_path)
        assert task.args_kwargs["kwargs"]["scope"]["year"] == YEAR
        assert task.args_kwargs["kwargs"]["language"] == "en"


def test_the_recomputation_serves_the_new_figures_and_frees_the_scope(client, cast, network):
    client.get(DASHBOARD, {"year": YEAR})
    with DATABASE_TASKS:
        inventory_move(inventory=network.nairobi, step="publish", user=cast.secretariat)
        client.get(DASHBOARD, {"year": YEAR})
        task = DBTaskResult.objects.get(task_path=recompute.module_path)
        kwargs = task.args_kwargs["kwargs"]
    recompute.call(**kwargs)  # as a worker would
    page = text(client.get(DASHBOARD, {"year": YEAR}))
    assert "newer figures are being prepared" not in page
    assert "2 members reporting" in page
    with DATABASE_TASKS:
        cast.freiburg.boundary_note = "The city within its 2022 limits."
        cast.freiburg.save()
        client.get(DASHBOARD, {"year": YEAR})
        assert recomputations() == 2  # the lock was freed: the next change queues again


def test_a_scope_never_asked_for_is_computed_for_its_first_reader(client, network):
    page = client.get(DASHBOARD, {"year": YEAR, "region": "europe"}).content.decode()
    assert "Figures as of" in page
    assert "newer figures are being prepared" not in page


def test_the_pdf_is_rendered_once_per_version_of_the_data(client, network, monkeypatch):
    from localaction.reports import pdf

    rendered = []
    real = pdf.report_pdf

    def counting(report, reports=None):
        rendered.append(report.scope)
        return real(report, reports)

    monkeypatch.setattr(pdf, "report_pdf", counting)
    url = reverse("reports:report-download", args=["pdf"])
    first = client.get(url, {"year": YEAR})
    second = client.get(url, {"year": YEAR})
    assert first.status_code == second.status_code == 200
    assert first.content == second.content
    assert first.content.startswith(b"%PDF")
    assert len(rendered) == 1


def test_figures_computed_by_one_process_are_read_by_another(network):
    """The cache is shared: a value written through one connection to it is
    read through a new one (files on the embedded default, Redis in production)."""
    from django.core.cache import caches

    reports = figures.Reports.now()
    scope = parse_scope({"year": YEAR})
    body = reports.body(scope)
    other = caches.create_connection("default")
    stored = other.get(f"reports:body:{figures._digest(scope, 'en')}")
    assert stored.value == body
