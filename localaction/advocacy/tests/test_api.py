"""The advocacy API: read only; processes and roles for everyone, with the
public engagements, and a role's other engagements for its office's staff
and the secretariat."""

from __future__ import annotations

import pytest

from localaction.advocacy import services
from localaction.conftest import PEOPLE

pytestmark = pytest.mark.django_db

URL = "/api/policy-processes/"


def _titles(data) -> set[str]:
    processes = data["results"] if isinstance(data, dict) and "results" in data else data
    if isinstance(processes, dict):
        processes = [processes]
    return {
        engagement["title"]
        for process in processes
        for role in process["roles"]
        for engagement in role["engagements"]
    }


@pytest.mark.parametrize("who", PEOPLE)
def test_processes_with_roles_and_the_engagements_one_reads(
    client_as, role, statement, internal, who
):
    client = client_as(who)
    listing = client.get(URL)
    assert listing.status_code == 200
    expected = {statement.title} | ({internal.title} if who in ("staff", "secretariat") else set())
    assert _titles(listing.json()) == expected
    detail = client.get(f"{URL}{role.process_id}/")
    assert detail.status_code == 200
    assert _titles(detail.json()) == expected
    assert detail.json()["roles"][0]["office"] == "europe"


@pytest.mark.parametrize("who", ["anonymous", "staff", "secretariat"])
def test_nothing_is_written_through_the_api(client_as, process, who):
    client = client_as(who)
    assert client.post(URL, {"name": "x", "short_name": "x"}).status_code in (401, 403, 405)
    assert client.delete(f"{URL}{process.pk}/").status_code in (401, 403, 405)


def test_a_cited_figure_with_its_report(client_as, cast, statement, publication):
    services.cite_figure(statement, publication, "members_reporting", by=cast.staff)
    data = client_as("anonymous").get(URL).json()
    processes = data["results"] if isinstance(data, dict) else data
    figure = processes[0]["roles"][0]["engagements"][0]["figures"][0]
    assert figure["value"] == 1 and figure["report"] == publication.pk
    assert figure["report_url"].endswith(publication.get_absolute_url())
