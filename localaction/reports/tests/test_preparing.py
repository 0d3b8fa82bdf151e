"""A scope nobody asked for before is computed once, by a task, never while a
reader waits, whatever the number of readers: pages, files and the API say it
is being prepared (202, Retry-After) until it is there; a crowd cannot make the
workers compute without end (scopes name only what the report knows, and few
are prepared at once); files are written once from the computed figures."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.test import override_settings
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from localaction.network.models import Country, LocalGovernment
from localaction.reports import figures
from localaction.reports.services import ReportError
from localaction.reports.tasks import recompute
from localaction.reports.tests.dashboard_data import YEAR, build_network

pytestmark = pytest.mark.django_db

DASHBOARD = reverse("reports:dashboard")
MEMBERS = reverse("reports:members")
API = reverse("api-report")
CSV = reverse("reports:report-download", args=["csv"])
PDF = reverse("reports:report-download", args=["pdf"])
# Tasks wait in the queue for a worker, as in production.
DATABASE_TASKS = override_settings(
    TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
)


@pytest.fixture
def network(cast):
    return build_network(cast)


def queued() -> list[DBTaskResult]:
    return list(DBTaskResult.objects.filter(task_path=recompute.module_path))


def run_queued() -> None:
    """What a worker does: run each queued recomputation."""
    for task in queued():
        if task.status == "READY":
            recompute.call(**task.args_kwargs["kwargs"])
            DBTaskResult.objects.filter(pk=task.pk).update(status="SUCCESSFUL")


def test_a_hundred_visitors_of_a_new_scope_queue_one_computation(client, network):
    scope = {"year": YEAR, "region": "europe"}
    with DATABASE_TASKS:
        for _visitor in range(100):
            response = client.get(DASHBOARD, scope)
            assert response.status_code == 202
            assert response["Retry-After"] == str(figures.RETRY_AFTER_SECONDS)
            assert "no-cache" in response["Cache-Control"]
        # The API, the provenance page and the files wait for the same computation.
        assert client.get(API, scope).status_code == 202
        assert client.get(MEMBERS, scope).status_code == 202
        assert client.get(CSV, scope).status_code == 202
    [task] = queued()
    assert task.args_kwargs["kwargs"]["scope"] == {
        "year": YEAR,
        "gwp": "AR6GWP100",
        "level": "BASIC",
        "window": 3,
        "region": "europe",
    }
    assert task.args_kwargs["kwargs"]["language"] == "en"


def test_the_waiting_page_says_so_and_reloads_itself(client, network):
    with DATABASE_TASKS:
        page = client.get(DASHBOARD, {"year": YEAR}).content.decode()
    assert "This report is being prepared" in page
    assert 'data-reload-after="5"' in page
    assert "localaction/reload.js" in page
    assert "Reload now" in page


def test_once_computed_every_reader_is_served_without_computing(client, network, monkeypatch):
    with DATABASE_TASKS:
        assert client.get(API, {"year": YEAR}).status_code == 202
        run_queued()
        monkeypatch.setattr(
            figures, "network_report", lambda scope: pytest.fail("computed in a request")
        )
        report = client.get(API, {"year": YEAR})
        assert report.status_code == 200
        assert report.json()["members_reporting"] == 1
        page = client.get(DASHBOARD, {"year": YEAR})
        assert page.status_code == 200
        assert "1 members reporting" in " ".join(page.content.decode().split()) or (
            "members reporting" in page.content.decode()
        )
        assert client.get(CSV, {"year": YEAR}).status_code == 200
    assert len(queued()) == 1


def test_the_api_answers_202_with_retry_after(client, network):
    with DATABASE_TASKS:
        response = client.get(API, {"year": YEAR})
    assert response.status_code == 202
    assert response["Retry-After"] == "5"
    assert response.json() == {
        "detail": "These figures are being prepared; ask again shortly.",
        "retry_after": 5,
    }


def test_the_pdf_is_prepared_by_its_own_task(client, network):
    with DATABASE_TASKS:
        client.get(API, {"year": YEAR})
        run_queued()
        # The figures are there; the PDF was never rendered: a task renders it.
        assert client.get(PDF, {"year": YEAR}).status_code == 202
        assert client.get(PDF, {"year": YEAR}).status_code == 202
        pdf_tasks = [task for task in queued() if task.args_kwargs["kwargs"]["pdf"]]
        assert len(pdf_tasks) == 1
        run_queued()
        response = client.get(PDF, {"year": YEAR})
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")


def test_few_new_scopes_are_prepared_at_once(client, network, monkeypatch):
    monkeypatch.setattr(figures, "MAX_PREPARING", 2)
    with DATABASE_TASKS:
        for region in ("europe", "africa"):
            assert client.get(API, {"year": YEAR, "region": region}).status_code == 202
        busy = client.get(API, {"year": YEAR, "region": "east-asia"})
        assert busy.status_code == 503
        assert int(busy["Retry-After"]) > figures.RETRY_AFTER_SECONDS
        page = client.get(DASHBOARD, {"year": YEAR, "region": "east-asia"})
        assert page.status_code == 503
        assert "Many reports are being prepared" in page.content.decode()
        assert len(queued()) == 2
        run_queued()
        # The queue is empty again: the scope is taken.
        assert client.get(API, {"year": YEAR, "region": "east-asia"}).status_code == 202
    assert len(queued()) == 3


@pytest.mark.parametrize(
    "params, field, message",
    [
        ({"year": "2001"}, "year", "lies between 2022 (the first year with a published inventory)"),
        ({"country": "FR"}, "country", "'FR' has no published local government."),
        ({"country": "DE", "region": "africa"}, "country", "'DE' is not in the region 'africa'."),
    ],
)
def test_a_scope_names_only_what_the_report_knows(client, network, params, field, message):
    assert Country.objects.filter(code="FR").exists()
    assert not LocalGovernment.objects.filter(country="FR", is_published=True).exists()
    with DATABASE_TASKS:
        response = client.get(API, {"year": YEAR, **params})
        assert response.status_code == 400
        [error] = response.json()[field]
        assert list(response.json()) == [field]
        assert message in error
        download = client.get(CSV, {"year": YEAR, **params})
        assert download.status_code == 400
        page = client.get(DASHBOARD, {"year": YEAR, **params})
        assert f'id="id_{field}-errors"' in page.content.decode()
    assert queued() == []


def test_a_report_the_data_cannot_make_is_refused_not_awaited(client, network, monkeypatch):
    def impossible(scope):
        raise ReportError("Emissions of sector I are not a number.", field="year")

    monkeypatch.setattr(figures, "network_report", impossible)
    # Tasks run at once here: the task finds the report impossible and says why.
    response = client.get(API, {"year": YEAR})
    assert response.status_code == 400
    assert response.json() == {"year": ["Emissions of sector I are not a number."]}
    page = client.get(DASHBOARD, {"year": YEAR}).content.decode()
    assert "Emissions of sector I are not a number." in page


def test_report_files_are_written_once_per_computed_report(client, network, monkeypatch):
    from localaction.reports import files

    written = []
    real = files.write_report

    def counting(report, file_format, target):
        written.append(file_format)
        real(report, file_format, target)

    monkeypatch.setattr(files, "write_report", counting)
    first = client.get(CSV, {"year": YEAR})
    second = client.get(CSV, {"year": YEAR})
    assert first.status_code == second.status_code == 200
    assert first.content == second.content
    assert written == ["csv"]
    cache.delete(figures._cache_key("report", figures.parse_scope({"year": YEAR}), "en"))
    client.get(CSV, {"year": YEAR})
    assert written == ["csv", "csv"]  # a new computation, a new file
