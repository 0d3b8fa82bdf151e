"""Who sees the progress of long work and the task queue, and running a failed
task again."""

import pytest
from django.test import override_settings
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from localaction.background.progress import Progress
from localaction.background.tests.tasks_for_tests import once
from localaction.conftest import PEOPLE

DATABASE_TASKS = override_settings(
    TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
)


@pytest.mark.parametrize("person", PEOPLE)
def test_only_its_owner_and_the_secretariat_see_a_progress_record(person, cast, client_as):
    progress = Progress.create(label="Import of lines", owner=cast.editor.pk)
    for name in ("background:progress", "background:progress-json"):
        response = client_as(person).get(reverse(name, args=[progress.key]))
        if person == "anonymous":
            assert response.status_code == 302
        elif person in ("editor", "secretariat"):
            assert response.status_code == 200
        else:
            assert response.status_code == 404


def test_the_progress_page_shows_the_bar_and_the_outcome(cast, client_as):
    progress = Progress.create(label="Import of lines", owner=cast.editor.pk, next_url="/done/")
    Progress(progress.key).start(10_000, "Checking rows")
    Progress(progress.key).advance(4_000)
    client = client_as("editor")
    html = client.get(reverse("background:progress", args=[progress.key])).content.decode()
    assert 'value="40"' in html
    data = client.get(reverse("background:progress-json", args=[progress.key])).json()
    assert (data["done"], data["total"], data["percent"], data["is_over"]) == (
        4000,
        10000,
        40,
        False,
    )
    Progress(progress.key).finish("10,000 lines imported")
    data = client.get(reverse("background:progress-json", args=[progress.key])).json()
    assert data["is_over"] and data["message"] == "10,000 lines imported"


def test_an_unknown_or_malformed_key_is_not_found(client_as):
    client = client_as("secretariat")
    assert client.get(reverse("background:progress", args=["nothing"])).status_code == 404
    assert client.get("/background/..%2F..%2Fetc/").status_code == 404


@pytest.mark.parametrize("person", PEOPLE)
def test_only_the_secretariat_sees_the_task_queue(person, cast, client_as):
    with DATABASE_TASKS:
        result = once.enqueue(key="page-1")
    urls = [reverse("background:tasks"), reverse("background:task", args=[result.id])]
    for url in urls:
        response = client_as(person).get(url)
        expected = {"anonymous": 302, "secretariat": 200}.get(person, 403)
        assert response.status_code == expected


def test_the_queue_lists_tasks_by_status_with_their_errors(cast, client_as):
    with DATABASE_TASKS:
        result = once.enqueue(key="page-2")
    DBTaskResult.objects.filter(pk=result.id).update(
        status="FAILED",
        traceback="RuntimeError: the mail server refused",
        worker_ids=["w"],
        exception_class_path="builtins.RuntimeError",
    )
    client = client_as("secretariat")
    html = client.get(reverse("background:tasks") + "?status=FAILED").content.decode()
    assert "once" in html and "builtins.RuntimeError" in html
    detail = client.get(reverse("background:task", args=[result.id])).content.decode()
    assert "the mail server refused" in detail


def test_a_failed_task_can_be_run_again_by_the_secretariat_only(cast, client_as):
    with DATABASE_TASKS:
        result = once.enqueue(key="page-3")
        DBTaskResult.objects.filter(pk=result.id).update(status="FAILED")
        url = reverse("background:task-rerun", args=[result.id])
        assert client_as("staff").post(url).status_code == 403
        assert DBTaskResult.objects.count() == 1
        response = client_as("secretariat").post(url)
    assert response.status_code == 302
    again = DBTaskResult.objects.exclude(pk=result.id).get()
    assert again.status == "READY"
    assert again.args_kwargs == DBTaskResult.objects.get(pk=result.id).args_kwargs


def test_a_task_that_has_not_failed_is_not_run_again(cast, client_as):
    with DATABASE_TASKS:
        result = once.enqueue(key="page-4")
        client_as("secretariat").post(reverse("background:task-rerun", args=[result.id]))
    assert DBTaskResult.objects.count() == 1
