"""Advocacy in the admin: the secretariat's alone; a cited figure's value is
read-only there."""

from __future__ import annotations

import pytest

from localaction.conftest import PEOPLE

pytestmark = pytest.mark.django_db

PAGES = [
    "/admin/advocacy/policyprocess/",
    "/admin/advocacy/role/",
    "/admin/advocacy/engagement/",
]


@pytest.mark.parametrize("who", PEOPLE)
def test_the_admin_is_the_secretariats(client_as, role, statement, who):
    client = client_as(who)
    pages = [
        *PAGES,
        f"/admin/advocacy/policyprocess/{role.process_id}/change/",
        f"/admin/advocacy/role/{role.pk}/change/",
        f"/admin/advocacy/engagement/{statement.pk}/change/",
    ]
    for url in pages:
        status = client.get(url).status_code
        assert status == (200 if who == "secretariat" else 302), (who, url)


def test_a_cited_figure_is_read_only(client_as, cast, statement, publication):
    from localaction.advocacy import services

    services.cite_figure(statement, publication, "members_reporting", by=cast.staff)
    html = (
        client_as("secretariat")
        .get(f"/admin/advocacy/engagement/{statement.pk}/change/")
        .content.decode()
    )
    assert "members_reporting" in html
    assert 'name="figures-0-value"' not in html
