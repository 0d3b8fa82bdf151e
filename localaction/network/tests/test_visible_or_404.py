"""Every page and file about one member starts from one rule
(`permissions.visible_local_government_or_404`): who may not see a local
government gets the same 404 as for a code nobody holds."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

PAGES = [
    ("network:local-government", ()),
    ("network:local-government-edit", ()),
    ("inventories:inventory-new", ()),
    ("campaigns:commitments", ()),
    ("campaigns:forecast", ()),
    ("campaigns:targets-download", ("csv",)),
    ("campaigns:actions-download", ("xlsx",)),
    ("campaigns:targets-import", ()),
    ("reports:crf-download", ("xlsx",)),
    ("team:local-government", ()),
]


@pytest.mark.parametrize(("name", "more"), PAGES, ids=[name for name, _ in PAGES])
def test_an_unpublished_member_is_not_found_by_those_who_may_not_see_it(
    client_as, cast, name, more
):
    outsider = client_as("outsider")
    hidden = outsider.get(reverse(name, args=[cast.hidden.code, *more]))
    unknown = outsider.get(reverse(name, args=["de-nowhere", *more]))
    assert hidden.status_code == unknown.status_code == 404


@pytest.mark.parametrize(("name", "more"), PAGES, ids=[name for name, _ in PAGES])
def test_office_staff_covering_it_reach_it(client_as, cast, name, more):
    response = client_as("staff").get(reverse(name, args=[cast.hidden.code, *more]))
    assert response.status_code != 404
