"""The work page: what waits for an office's decision — memberships, inventories to
verify, milestones to verify — in the places its offices cover, oldest first; the
secretariat sees every office's queue."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from localaction.campaigns.models import Campaign, Methodology, MilestoneProgress, Participation
from localaction.inventories.models import Inventory
from localaction.network.models import Membership

pytestmark = pytest.mark.django_db

WORK = reverse("network:work")


def days_ago(days: int):
    return timezone.now() - timedelta(days=days)


@pytest.fixture
def waiting(cast):
    """Work in Germany (the European office's) and in Kenya (the African office's)."""
    Membership.objects.create(local_government=cast.hidden, applied_on=days_ago(20).date())
    Membership.objects.create(local_government=cast.nairobi, applied_on=days_ago(5).date())
    # Decided already: not waiting.
    Membership.objects.create(
        local_government=cast.nairobi,
        applied_on=days_ago(90).date(),
        status=Membership.Status.WITHDRAWN,
    )

    def inventory(local_government, year, status, days):
        made = Inventory.objects.create(local_government=local_government, year=year)
        Inventory.objects.filter(pk=made.pk).update(status=status, submitted_at=days_ago(days))
        return made

    inventory(cast.freiburg, 2021, Inventory.Status.SUBMITTED, 12)
    inventory(cast.hidden, 2020, Inventory.Status.SUBMITTED, 40)
    inventory(cast.nairobi, 2022, Inventory.Status.SUBMITTED, 3)
    inventory(cast.freiburg, 2019, Inventory.Status.VERIFIED, 100)
    Inventory.objects.create(local_government=cast.freiburg, year=2022)

    campaign = Campaign.objects.create(
        code="climate",
        name="Cities for Climate Protection",
        methodology=Methodology.objects.get(code="ccp"),
        office=cast.europe_office,
    )
    first, second = campaign.methodology.milestones.order_by("number")[:2]

    def milestone(local_government, milestone, status, days, withdrawn=False):
        participation, _created = Participation.objects.get_or_create(
            campaign=campaign,
            local_government=local_government,
            defaults={
                "joined_on": days_ago(400).date(),
                "withdrawn_on": days_ago(1).date() if withdrawn else None,
            },
        )
        MilestoneProgress.objects.create(
            participation=participation,
            local_government=local_government,
            milestone=milestone,
            status=status,
            achieved_on=days_ago(days).date(),
            evidence_url="https://example.org/evidence",
            **(
                {"verified_on": days_ago(1).date(), "verified_by": cast.staff}
                if status == MilestoneProgress.Status.VERIFIED
                else {}
            ),
        )

    milestone(cast.freiburg, first, MilestoneProgress.Status.ACHIEVED, 8)
    milestone(cast.freiburg, second, MilestoneProgress.Status.VERIFIED, 30)
    milestone(cast.nairobi, first, MilestoneProgress.Status.ACHIEVED, 2)
    milestone(cast.hidden, first, MilestoneProgress.Status.ACHIEVED, 50, withdrawn=True)
    return campaign


def sections(client):
    response = client.get(WORK)
    assert response.status_code == 200
    return {section.queue.key: section for section in response.context["sections"]}


def titles(section) -> list[str]:
    return [item.title for item in section.items]


def test_office_staff_see_what_waits_in_the_places_they_cover(client_as, waiting):
    work = sections(client_as("staff"))
    # The finance app's queue (reductions of dues) is its finance staff's.
    assert list(work) == [
        "memberships",
        "inventories",
        "milestones",
        "case_studies",
        "prospects-overdue",
    ]
    assert titles(work["memberships"]) == ["Unpublished Town"]
    # Oldest first.
    assert titles(work["inventories"]) == [
        "Unpublished Town: 2020 inventory",
        "Freiburg im Breisgau: 2021 inventory",
    ]
    assert [item.age_days for item in work["inventories"].items] == [40, 12]
    assert titles(work["milestones"]) == [
        "Freiburg im Breisgau: milestone 1, " + waiting.methodology.milestones.get(number=1).name
    ]
    assert [section.count for section in work.values()] == [1, 2, 1, 0, 0]
    # No office column for office staff: every item is their office's.
    assert all(not item.offices for section in work.values() for item in section.items)


def test_another_office_sees_only_its_own_places(client_as, waiting):
    work = sections(client_as("other_staff"))
    assert titles(work["memberships"]) == ["Nairobi"]
    assert titles(work["inventories"]) == ["Nairobi: 2022 inventory"]
    assert [item.local_government.code for item in work["milestones"].items] == ["ke-nairobi"]
    assert [section.count for section in work.values()] == [1, 1, 1, 0, 0]


def test_the_secretariat_sees_every_offices_queue_with_the_office(client_as, cast, waiting):
    work = sections(client_as("secretariat"))
    assert titles(work["memberships"]) == ["Unpublished Town", "Nairobi"]
    assert titles(work["inventories"]) == [
        "Unpublished Town: 2020 inventory",
        "Freiburg im Breisgau: 2021 inventory",
        "Nairobi: 2022 inventory",
    ]
    assert [item.local_government.code for item in work["milestones"].items] == [
        "de-freiburg",
        "ke-nairobi",
    ]
    assert [section.count for section in work.values()] == [2, 3, 2, 0, 0, 0]
    offices = {
        item.local_government.code: [office.code for office in item.offices]
        for item in work["inventories"].items
    }
    assert offices == {"de-hidden": ["europe"], "de-freiburg": ["europe"], "ke-nairobi": ["africa"]}


def test_the_page_shows_counts_ages_and_where_each_is_decided(client_as, cast, waiting):
    page = client_as("staff").get(WORK).content.decode()
    assert "40 days" in page and "12 days" in page and "8 days" in page
    assert reverse("inventories:inventory", args=["de-freiburg", 2021]) in page
    assert reverse("network:memberships-to-decide") in page
    assert reverse("campaigns:milestone", args=["climate", "de-freiburg", 1]) in page
    assert 'data-count="2"' in page
    # The task queue is the secretariat's.
    assert reverse("background:tasks") not in page
    assert reverse("background:tasks") in client_as("secretariat").get(WORK).content.decode()


def test_an_office_with_nothing_waiting_says_so(client_as, cast):
    page = client_as("other_staff").get(WORK).content.decode()
    # Memberships, inventories, milestones and overdue prospects (reductions of dues
    # are finance staff's).
    assert page.count("Nothing waits here.") == 5


@pytest.mark.parametrize("who", ["editor", "colleague", "outsider"])
def test_members_may_not_see_the_work_page(client_as, who):
    assert client_as(who).get(WORK).status_code == 403


def test_anonymous_visitors_are_sent_to_log_in(client_as):
    response = client_as("anonymous").get(WORK)
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize(
    "who, shown",
    [
        ("editor", False),
        ("colleague", False),
        ("outsider", False),
        ("staff", True),
        ("other_staff", True),
        ("secretariat", True),
        ("anonymous", False),
    ],
)
def test_the_main_navigation_leads_office_staff_to_their_work(client_as, who, shown):
    page = client_as(who).get(reverse("network:directory")).content.decode()
    assert (f'href="{WORK}"' in page) is shown
    # The old queue page still works, for links people kept.
    if shown:
        assert client_as(who).get(reverse("network:memberships-to-decide")).status_code == 200
