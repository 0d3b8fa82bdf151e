"""The admin obeys the campaigns' rules: a milestone with recorded progress is not
deleted (nor through its methodology's inline), progress changes status only
through milestone_record (which stamps the verifier), a campaign with participants
and a participant with progress are not deleted. Each through the admin's real
views, as the secretariat (the only people the admin lets in)."""

import datetime

import pytest

from localaction.campaigns.models import (
    Campaign,
    Methodology,
    Milestone,
    MilestoneProgress,
    Participation,
)
from localaction.network.models import Region

JOINED = datetime.date(2020, 1, 1)


@pytest.fixture
def progress(cast) -> MilestoneProgress:
    """Freiburg in a CCP campaign, in progress on milestone 5."""
    campaign = Campaign.objects.create(
        code="climate-europe",
        name="Climate Europe",
        methodology=Methodology.objects.get(code="ccp"),
        office=cast.europe_office,
    )
    campaign.regions.add(Region.objects.get(code="europe"))
    participation = Participation.objects.create(
        campaign=campaign, local_government=cast.freiburg, joined_on=JOINED
    )
    return MilestoneProgress.objects.create(
        participation=participation,
        local_government=cast.freiburg,
        milestone=Milestone.objects.get(methodology__code="ccp", number=5),
        status="in_progress",
    )


def recorded() -> list:
    return list(MilestoneProgress.objects.order_by("pk").values_list())


def test_deleting_a_milestone_with_progress_is_refused_on_its_delete_page(client_as, progress):
    milestone = progress.milestone
    before = recorded()
    admin = client_as("secretariat")

    page = admin.get(f"/admin/campaigns/milestone/{milestone.pk}/delete/")
    confirmed = admin.post(f"/admin/campaigns/milestone/{milestone.pk}/delete/", {"post": "yes"})

    assert page.status_code == confirmed.status_code == 200  # the refusal, not a redirect
    assert "Participants have recorded progress on milestone 5" in confirmed.content.decode()
    assert Milestone.objects.filter(pk=milestone.pk).exists()
    assert recorded() == before


def test_the_bulk_delete_action_refuses_a_milestone_with_progress(client_as, progress):
    before = recorded()
    response = client_as("secretariat").post(
        "/admin/campaigns/milestone/",
        {"action": "delete_selected", "_selected_action": [progress.milestone_id], "post": "yes"},
    )
    assert response.status_code == 200
    assert "Participants have recorded progress on milestone 5" in response.content.decode()
    assert Milestone.objects.filter(pk=progress.milestone_id).exists()
    assert recorded() == before


def test_the_methodology_form_does_not_delete_a_milestone_with_progress(client_as, progress):
    methodology = progress.milestone.methodology
    milestones = list(methodology.milestones.order_by("number"))
    data = {
        "code": methodology.code,
        "name": methodology.name,
        "description": methodology.description,
        "milestones-TOTAL_FORMS": len(milestones),
        "milestones-INITIAL_FORMS": len(milestones),
        "milestones-MIN_NUM_FORMS": 0,
        "milestones-MAX_NUM_FORMS": 1000,
    }
    for index, milestone in enumerate(milestones):
        for name in ("number", "name", "requires", "evidence", "recognised_from"):
            data[f"milestones-{index}-{name}"] = getattr(milestone, name)
        data[f"milestones-{index}-id"] = milestone.pk
        data[f"milestones-{index}-methodology"] = methodology.pk
        if milestone.number == 5:
            data[f"milestones-{index}-DELETE"] = "on"
    before = recorded()

    response = client_as("secretariat").post(
        f"/admin/campaigns/methodology/{methodology.pk}/change/", data
    )

    assert response.status_code == 200  # the form again, with the refusal
    assert "protected" in response.content.decode()
    assert methodology.milestones.filter(number=5).exists()
    assert recorded() == before


def test_the_api_refuses_the_same_deletion(client_as, progress):
    # The API's door: a methodology's milestones given without number 5.
    before = recorded()
    response = client_as("secretariat").patch(
        "/api/methodologies/ccp/",
        {"milestones": [{"number": n, "name": f"Step {n}"} for n in (1, 2, 3, 4)]},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert Milestone.objects.filter(pk=progress.milestone_id).exists()
    assert recorded() == before


def test_a_milestone_without_progress_may_still_go(client_as, progress):
    spare = Milestone.objects.create(methodology=progress.milestone.methodology, number=9, name="x")
    response = client_as("secretariat").post(
        f"/admin/campaigns/milestone/{spare.pk}/delete/", {"post": "yes"}
    )
    assert response.status_code == 302
    assert not Milestone.objects.filter(pk=spare.pk).exists()


def test_progress_status_cannot_be_set_in_the_form(client_as, progress):
    admin = client_as("secretariat")
    url = f"/admin/campaigns/milestoneprogress/{progress.pk}/change/"
    assert 'name="status"' not in admin.get(url).content.decode()

    response = admin.post(
        url,
        {
            "status": "verified",
            "note": "checked",
            "started_on": "",
            "achieved_on": "",
            "evidence_url": "",
        },
    )

    assert response.status_code == 302
    progress.refresh_from_db()
    assert (progress.status, progress.verified_by, progress.note) == (
        "in_progress",
        None,
        "checked",
    )


def test_verifying_in_the_admin_goes_through_the_service_and_stamps_the_verifier(
    client_as, cast, progress
):
    response = client_as("secretariat").post(
        "/admin/campaigns/milestoneprogress/",
        {"action": "record_verified", "_selected_action": [progress.pk]},
    )
    assert response.status_code == 302
    progress.refresh_from_db()
    assert progress.status == "verified"
    assert progress.verified_by == cast.secretariat
    assert progress.verified_on is not None


def test_recorded_progress_and_its_participation_are_not_deleted(client_as, progress):
    admin = client_as("secretariat")
    before = recorded()
    for url in (
        f"/admin/campaigns/milestoneprogress/{progress.pk}/delete/",
        f"/admin/campaigns/participation/{progress.participation_id}/delete/",
        f"/admin/campaigns/campaign/{progress.participation.campaign_id}/delete/",
    ):
        response = admin.post(url, {"post": "yes"})
        assert response.status_code == 200, url
    assert recorded() == before
    assert Participation.objects.filter(pk=progress.participation_id).exists()
