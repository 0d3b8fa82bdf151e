"""The administration opens to the secretariat only: office staff — of the
running office or another — never reach an engagement's fee, rates or time
through it; the secretariat reads them, and cannot rewrite what the site's
steps wrote (status, invoice, time)."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("who", ["staff", "other_staff", "editor", "anonymous"])
@pytest.mark.parametrize("model", ["engagement", "consultant", "service"])
def test_only_the_secretariat_enters(client_as, built, who, model):
    assert client_as(who).get(f"/admin/consultancy/{model}/").status_code == 302


def test_the_secretariat_reads_an_engagement_with_its_team_and_time(client_as, built):
    page = client_as("secretariat").get(
        f"/admin/consultancy/engagement/{built.engagement.pk}/change/"
    )
    assert page.status_code == 200
    assert "Jonas Weber" in page.text or str(built.consultant.pk) in page.text
    # The status moves through the site's steps, not a form field.
    assert 'name="status"' not in page.text
    assert client_as("secretariat").get("/admin/consultancy/engagement/add/").status_code == 403


def test_the_catalogue_is_edited_by_the_secretariat(client_as, built):
    page = client_as("secretariat").get(f"/admin/consultancy/service/{built.service.pk}/change/")
    assert page.status_code == 200 and 'name="name"' in page.text
