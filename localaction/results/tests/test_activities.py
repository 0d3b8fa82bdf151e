"""An indicator may follow an activity of a work programme: one that serves the
indicator's goal (refused otherwise, naming the field); its page and the API
name the activity only to whom may read the activity's programme."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError

from localaction.programmes import services as programmes
from localaction.results.models import Indicator

KEEPERS = ["staff", "secretariat"]
OTHERS = ["anonymous", "editor", "other_staff"]
PAGE_STATUS = {
    "staff": 200,
    "secretariat": 200,
    "other_staff": 200,
    "editor": 403,
    "anonymous": 302,
}


@pytest.fixture
def workshop(cast, goal):
    programme = programmes.create_programme(
        office=cast.europe_office, year=datetime.date.today().year, by=cast.staff
    )
    return programmes.save_activity(
        programme,
        by=cast.staff,
        title="Regional workshop on members' reporting",
        goals=[goal("2.1a")],
        office=cast.europe_office,
        starts_on=datetime.date(programme.year, 3, 1),
        ends_on=datetime.date(programme.year, 6, 30),
        funding=[],
    )


def test_an_indicator_follows_an_activity_serving_its_goal(indicator, workshop):
    followed = indicator("2.1a", activity=workshop)
    assert followed.activity == workshop
    assert list(workshop.indicators.all()) == [followed]


def test_an_activity_serving_another_goal_is_refused(indicator, workshop):
    count = Indicator.objects.count()
    with pytest.raises(ValidationError) as refused:
        indicator("2.1b", activity=workshop)
    assert "activity" in refused.value.message_dict
    assert "does not serve goal 2.1b" in refused.value.message_dict["activity"][0]
    assert Indicator.objects.count() == count


@pytest.mark.parametrize("who", [*KEEPERS, *OTHERS])
def test_the_activity_is_named_to_whom_may_read_its_programme(client_as, indicator, workshop, who):
    followed = indicator("2.1a", activity=workshop, is_public=True)
    client = client_as(who)
    page = client.get(followed.get_absolute_url())
    # An indicator's page is for those who read the results (the public reads
    # the public results' page, which names no activity).
    assert page.status_code == PAGE_STATUS[who]
    assert ("Regional workshop on members" in page.text) == (who in KEEPERS)
    listed = client.get("/api/indicators/")
    assert listed.status_code == 200
    found = [row for row in listed.json()["results"] if row["code"] == followed.code]
    assert found and found[0]["activity"] == (workshop.pk if who in KEEPERS else None)
