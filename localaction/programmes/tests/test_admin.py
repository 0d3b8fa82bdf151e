"""The admin obeys the pages' rules: nothing drafted there, an approved
version read-only and kept, a draft's summary changed by its keepers."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.test import Client

from localaction.programmes import services
from localaction.programmes.models import WorkProgramme


@pytest.fixture
def admin_client(db):
    client = Client()
    client.force_login(User.objects.create_superuser("admin", "admin@example.org", "x"))
    return client


def test_an_approved_version_is_read_only_and_kept(admin_client, cast, programme, add, decide):
    add(programme)
    services.approve_programme(programme, decision=decide(), by=cast.staff)
    url = f"/admin/programmes/workprogramme/{programme.pk}/change/"
    page = admin_client.get(url)
    assert page.status_code == 200 and 'name="summary"' not in page.content.decode()
    admin_client.post(url, {"summary": "Changed", "is_public": "on"})
    admin_client.post(f"/admin/programmes/workprogramme/{programme.pk}/delete/", {"post": "yes"})
    programme.refresh_from_db()
    assert programme.summary == "Our year." and not programme.is_public
    assert WorkProgramme.objects.filter(pk=programme.pk).exists()


def test_nothing_is_drafted_in_the_admin(admin_client, programme):
    assert admin_client.get("/admin/programmes/workprogramme/add/").status_code == 403
    assert admin_client.get("/admin/programmes/workprogramme/").status_code == 200
    page = admin_client.get(f"/admin/programmes/workprogramme/{programme.pk}/change/")
    assert 'name="summary"' in page.content.decode()
    assert (
        admin_client.get(f"/admin/programmes/workprogramme/{programme.pk}/history/").status_code
        == 200
    )


@pytest.mark.parametrize("who", ["editor", "colleague", "staff", "other_staff"])
def test_the_admin_is_the_secretariats(client_as, programme, who):
    page = client_as(who).get("/admin/programmes/workprogramme/")
    assert page.status_code == 302 and "/admin/login/" in page["Location"]


def test_the_secretariat_opens_every_admin_page(client_as, cast, programme, add, decide):
    add(programme)
    services.approve_programme(programme, decision=decide(), by=cast.staff)
    revision = services.revise_programme(programme, by=cast.staff)
    client = client_as("secretariat")
    assert client.get("/admin/programmes/workprogramme/").status_code == 200
    for version in (programme, revision):
        page = client.get(f"/admin/programmes/workprogramme/{version.pk}/change/")
        assert page.status_code == 200
        assert ('name="summary"' in page.content.decode()) == version.is_draft
