"""The campaign pages: who sees and does what on campaigns, methodologies,
participations and milestones; the funnel's counts; joining, verifying and
evidence files, and that every refusal leaves everything as it was."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from localaction.campaigns.forms import JoinForm
from localaction.campaigns.models import (
    ActionPlan,
    Campaign,
    Methodology,
    MilestoneProgress,
    Participation,
)
from localaction.campaigns.services import milestone_record
from localaction.network.models import LocalGovernment, Region
from localaction.validators import DOCUMENT_MAX_BYTES

pytestmark = pytest.mark.django_db

EVERYONE = ["editor", "colleague", "outsider", "staff", "other_staff", "secretariat", "anonymous"]
# Freiburg's people, the office covering Germany and the secretariat.
INSIDERS = {"editor", "colleague", "staff", "secretariat"}
# Those who record Freiburg's milestones: its editor and the offices covering it.
RECORDERS = {"editor", "staff", "secretariat"}
JOINED = datetime.date(2009, 5, 1)
PDF = b"%PDF-1.4 council resolution"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    """Uploaded files land in a temporary folder, which tests can inspect."""
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def stored_files(media) -> list:
    return [path for path in media.rglob("*") if path.is_file()]


def participate(local_government, campaign="ccp", **fields) -> Participation:
    return Participation.objects.create(
        campaign=Campaign.objects.get(code=campaign),
        local_government=local_government,
        joined_on=JOINED,
        **fields,
    )


def progress(participation, number, status, user=None) -> MilestoneProgress:
    milestone = participation.campaign.methodology.milestones.get(number=number)
    return milestone_record(
        record=MilestoneProgress(participation=participation, milestone=milestone, status=status),
        user=user,
    )


@pytest.fixture
def ccp(cast):
    return participate(cast.freiburg)


@pytest.fixture
def hidden_ccp(cast):
    return participate(cast.hidden)


def url(name, participation, *args):
    return reverse(
        f"campaigns:{name}",
        args=[participation.campaign.code, participation.local_government.code, *args],
    )


def snapshot():
    """Everything a refused request must leave as it was."""
    return (
        list(Campaign.objects.values().order_by("pk")),
        list(Participation.objects.values().order_by("pk")),
        list(MilestoneProgress.objects.values().order_by("pk")),
    )


def is_login_redirect(response) -> bool:
    return response.status_code == 302 and response["Location"].startswith(reverse("login"))


# Public pages


@pytest.mark.parametrize("who", EVERYONE)
def test_campaigns_and_methodologies_are_public(client_as, cast, ccp, who):
    client = client_as(who)
    pages = [
        reverse("campaigns:campaigns"),
        reverse("campaigns:campaign", args=["ccp"]),
        reverse("campaigns:campaign", args=["water"]),
        reverse("campaigns:methodologies"),
        reverse("campaigns:methodology", args=["ccp"]),
    ]
    for page in pages:
        assert client.get(page).status_code == 200, page
    assert client.get(reverse("campaigns:campaign", args=["nonsense"])).status_code == 404
    assert client.get(reverse("campaigns:methodology", args=["nonsense"])).status_code == 404


def test_the_campaign_list_names_methodology_regions_office_and_participants(client_as, cast):
    participate(cast.freiburg)
    participate(cast.nairobi)
    participate(cast.hidden)
    response = client_as("anonymous").get(reverse("campaigns:campaigns"))
    campaigns = {campaign.code: campaign for campaign in response.context["campaigns"]}
    assert len(campaigns) == 7
    # The unpublished participant is not counted for the public.
    assert campaigns["ccp"].participants == 2
    assert campaigns["water"].participants == 0
    content = response.content.decode()
    assert "Cities for Climate Protection milestones" in content
    assert "Africa" in content and "Worldwide" in content
    assert cast.world_office.name in content
    staff = client_as("staff").get(reverse("campaigns:campaigns"))
    assert {c.code: c.participants for c in staff.context["campaigns"]}["ccp"] == 3


def test_the_campaign_page_shows_milestones_with_requirements_and_evidence(client_as, cast):
    content = client_as("anonymous").get(reverse("campaigns:campaign", args=["ccp"])).content
    content = content.decode()
    assert "Baseline inventory and forecast" in content
    assert "A submitted inventory and a forecast on the platform." in content
    assert '<title id="funnel-title">Participants who reached each milestone</title>' in content


def test_the_secretariat_is_offered_the_admin_for_methodologies(client_as):
    edit = reverse("admin:campaigns_methodology_add")
    assert edit in client_as("secretariat").get(reverse("campaigns:methodologies")).content.decode()
    assert edit not in client_as("staff").get(reverse("campaigns:methodologies")).content.decode()
    methodology = client_as("secretariat").get(reverse("campaigns:methodology", args=["water"]))
    assert "/admin/campaigns/methodology/" in methodology.content.decode()


@pytest.mark.parametrize("who", EVERYONE)
def test_the_secretariat_administers_campaigns_and_methodologies(client_as, who):
    response = client_as(who).get(reverse("admin:campaigns_methodology_changelist"))
    assert response.status_code == 200 if who == "secretariat" else 302


# The funnel


@pytest.fixture
def funnel_data(cast, ccp, hidden_ccp):
    """Freiburg: 1 achieved, 2 verified, 3 in progress but proved by an adopted
    plan. Nairobi: 1. The unpublished town: 1 and 2. A participant that
    withdrew: 1 (not counted)."""
    progress(ccp, 1, "achieved", cast.editor)
    progress(ccp, 2, "verified", cast.staff)
    progress(ccp, 3, "in_progress", cast.editor)
    ActionPlan.objects.create(
        local_government=cast.freiburg, title="Klimaschutzkonzept", adopted_on=JOINED
    )
    nairobi = participate(cast.nairobi)
    progress(nairobi, 1, "achieved", cast.outsider)
    progress(hidden_ccp, 1, "achieved", cast.staff)
    progress(hidden_ccp, 2, "achieved", cast.staff)
    mombasa = LocalGovernment.objects.create(
        code="ke-mombasa", name="Mombasa", country=cast.nairobi.country
    )
    gone = participate(mombasa, withdrawn_on=datetime.date(2012, 1, 1))
    progress(gone, 1, "achieved", cast.other_staff)


@pytest.mark.parametrize(
    "who, expected",
    [
        (
            "anonymous",
            {
                "Africa": (1, [1, 0, 0, 0, 0]),
                "Europe": (1, [1, 1, 1, 0, 0]),
                "All regions": (2, [2, 1, 1, 0, 0]),
            },
        ),
        (
            "staff",
            {
                "Africa": (1, [1, 0, 0, 0, 0]),
                "Europe": (2, [2, 2, 1, 0, 0]),
                "All regions": (3, [3, 2, 1, 0, 0]),
            },
        ),
    ],
)
def test_the_funnel_counts_participants_reaching_each_milestone(
    client_as, funnel_data, who, expected
):
    response = client_as(who).get(reverse("campaigns:campaign", args=["ccp"]))
    funnel = response.context["funnel"]
    assert {row.label: (row.participants, row.reached) for row in funnel} == expected
    regions, total = funnel[:-1], funnel[-1]
    assert total.reached == [
        sum(column) for column in zip(*(r.reached for r in regions), strict=True)
    ]
    assert total.participants == sum(row.participants for row in regions)
    # The chart's table shows the same figures as the chart.
    assert [reached for _m, reached in response.context["funnel_rows"]] == total.reached


def test_the_funnel_equals_the_achieved_milestones_counted_independently(client_as, funnel_data):
    """Without data that prove a milestone, the funnel is the recorded
    achievements of the active participants one may see."""
    ActionPlan.objects.all().delete()
    response = client_as("secretariat").get(reverse("campaigns:campaign", args=["ccp"]))
    achieved = MilestoneProgress.objects.filter(
        status__in=["achieved", "verified"], participation__withdrawn_on__isnull=True
    )
    counted = [achieved.filter(milestone__number=number).count() for number in range(1, 6)]
    assert response.context["funnel"][-1].reached == counted == [3, 2, 0, 0, 0]


# Participants on the campaign page


@pytest.mark.parametrize("who", EVERYONE)
def test_an_unpublished_participant_is_shown_only_to_those_who_may_see_it(
    client_as, cast, funnel_data, who
):
    response = client_as(who).get(reverse("campaigns:campaign", args=["ccp"]))
    shown = {p.local_government.code for p in response.context["page"]}
    sees_hidden = who in {"staff", "secretariat"}
    assert ("de-hidden" in shown) == sees_hidden
    assert ("Unpublished Town" in response.content.decode()) == sees_hidden
    assert {"de-freiburg", "ke-nairobi", "ke-mombasa"} <= shown


def test_participants_filter_by_region_and_milestone_reached(client_as, funnel_data):
    client = client_as("staff")
    page = reverse("campaigns:campaign", args=["ccp"])

    def codes(query):
        return sorted(p.local_government.code for p in client.get(page, query).context["page"])

    assert codes({"region": "africa"}) == ["ke-mombasa", "ke-nairobi"]
    assert codes({"reached": 2}) == ["de-freiburg", "de-hidden"]
    # Recognised from data counts as reached.
    assert codes({"reached": 3}) == ["de-freiburg"]
    assert codes({"region": "europe", "reached": 1}) == ["de-freiburg", "de-hidden"]


def test_participants_show_their_milestones_as_badges(client_as, funnel_data):
    content = client_as("anonymous").get(reverse("campaigns:campaign", args=["ccp"])).content
    assert b'class="badge verified"' in content
    assert b'class="badge achieved"' in content
    assert b"recognised from data" in content


# Adding and editing campaigns


@pytest.mark.parametrize("who", EVERYONE)
def test_only_the_secretariat_adds_a_campaign(client_as, cast, who):
    client = client_as(who)
    page = reverse("campaigns:campaign-new")
    data = {
        "code": "energy",
        "name": "Energy Campaign",
        "methodology": Campaign.objects.get(code="ccp").methodology_id,
        "regions": [Region.objects.get(code="europe").pk],
        "office": cast.europe_office.pk,
        "aims": "Efficient buildings.",
    }
    before = snapshot()
    get, post = client.get(page), client.post(page, data)
    if who == "secretariat":
        assert get.status_code == 200
        campaign = Campaign.objects.get(code="energy")
        assert post["Location"] == campaign.get_absolute_url()
        assert list(campaign.regions.values_list("code", flat=True)) == ["europe"]
        return
    if who == "anonymous":
        assert is_login_redirect(get) and is_login_redirect(post)
    else:
        assert (get.status_code, post.status_code) == (403, 403)
    assert snapshot() == before


@pytest.mark.parametrize("who", EVERYONE)
def test_the_secretariat_and_the_coordinating_office_edit_a_campaign(client_as, cast, who):
    campaign = Campaign.objects.get(code="water")
    Campaign.objects.filter(pk=campaign.pk).update(office=cast.africa_office)
    client = client_as(who)
    page = reverse("campaigns:campaign-edit", args=["water"])
    data = {
        "code": "changed",
        "name": "Water Campaign",
        "methodology": campaign.methodology_id,
        "regions": [Region.objects.get(code="africa").pk],
        "office": cast.africa_office.pk,
        "aims": "Clean water for all.",
    }
    before = snapshot()
    get, post = client.get(page), client.post(page, data)
    if who in {"secretariat", "other_staff"}:
        assert get.status_code == 200
        assert post.status_code == 302
        campaign.refresh_from_db()
        # The code, the campaign's address, does not change.
        assert (campaign.code, campaign.aims) == ("water", "Clean water for all.")
        return
    if who == "anonymous":
        assert is_login_redirect(get) and is_login_redirect(post)
    else:
        assert (get.status_code, post.status_code) == (403, 403)
    assert snapshot() == before


def test_a_campaign_code_may_not_hide_a_page(client_as, cast):
    before = snapshot()
    response = client_as("secretariat").post(
        reverse("campaigns:campaign-new"),
        {
            "code": "new",
            "name": "New",
            "methodology": Campaign.objects.get(code="ccp").methodology_id,
            "office": cast.world_office.pk,
        },
    )
    assert response.context["form"].errors["code"] == [
        "“new” is taken by the site's own pages; choose another code."
    ]
    assert snapshot() == before


def test_a_campaign_cannot_end_before_it_starts(client_as):
    campaign = Campaign.objects.get(code="ccp")
    response = client_as("secretariat").post(
        reverse("campaigns:campaign-edit", args=["ccp"]),
        {
            "name": campaign.name,
            "methodology": campaign.methodology_id,
            "office": campaign.office_id,
            "started_on": "2010-01-01",
            "ended_on": "2009-01-01",
        },
    )
    assert response.status_code == 200
    assert "The campaign ends before it starts." in response.content.decode()
    assert Campaign.objects.get(code="ccp").started_on is None


# Joining


@pytest.mark.parametrize(
    "who, expected",
    [
        ("editor", 200),
        ("colleague", 403),
        ("outsider", 200),
        ("staff", 200),
        ("other_staff", 200),
        ("secretariat", 200),
        ("anonymous", "login"),
    ],
)
def test_those_who_edit_a_local_government_may_join(client_as, cast, who, expected):
    response = client_as(who).get(reverse("campaigns:campaign-join", args=["ccp"]))
    if expected == "login":
        assert is_login_redirect(response)
    else:
        assert response.status_code == expected


def test_an_editor_joins_with_the_council_resolution(client_as, cast, media):
    resolution = SimpleUploadedFile("resolution.pdf", PDF, content_type="application/pdf")
    response = client_as("editor").post(
        reverse("campaigns:campaign-join", args=["ccp"]),
        {
            "local_government": "de-freiburg",
            "joined_on": "2009-05-01",
            "resolution": resolution,
            "resolution_url": "https://www.freiburg.de/klimaschutz",
        },
    )
    participation = Participation.objects.get()
    assert response["Location"] == participation.get_absolute_url()
    assert (participation.local_government, participation.joined_on) == (cast.freiburg, JOINED)
    assert [path.read_bytes() for path in stored_files(media)] == [PDF]


def test_joining_offers_only_local_governments_the_campaign_runs_in(client_as, cast):
    client = client_as("staff")
    form = client.get(reverse("campaigns:campaign-join", args=["ccp"])).context["form"]
    offered = [value for value, _label in form.fields["local_government"].choices if value]
    assert offered == ["de-freiburg", "de-hidden"]
    participate(cast.freiburg)
    form = client.get(reverse("campaigns:campaign-join", args=["ccp"])).context["form"]
    assert [value for value, _label in form.fields["local_government"].choices if value] == [
        "de-hidden"
    ]
    # The Water Campaign does not run in Europe: nothing to offer the European office.
    water = client.get(reverse("campaigns:campaign-join", args=["water"]))
    assert water.context["nothing_to_join"]


def test_joining_outside_the_campaigns_regions_is_refused(client_as, cast, media):
    client = client_as("editor")
    page = reverse("campaigns:campaign-join", args=["water"])
    # Arriving from the member's page, the form shows it, and says why not.
    assert client.get(page, {"member": "de-freiburg"}).status_code == 200
    response = client.post(
        f"{page}?member=de-freiburg",
        {
            "local_government": "de-freiburg",
            "joined_on": "2020-01-01",
            "resolution": SimpleUploadedFile("resolution.pdf", PDF),
        },
    )
    assert response.status_code == 200
    assert "Water Campaign does not run in Europe." in response.content.decode()
    assert not Participation.objects.exists()
    assert stored_files(media) == []


def test_joining_twice_or_for_someone_else_is_refused(client_as, cast, ccp):
    client = client_as("editor")
    page = reverse("campaigns:campaign-join", args=["ccp"])
    twice = client.post(page, {"local_government": "de-freiburg", "joined_on": "2010-01-01"})
    assert "Freiburg im Breisgau already takes part in Cities for Climate Protection." in (
        twice.content.decode()
    )
    other = client.post(page, {"local_government": "ke-nairobi", "joined_on": "2010-01-01"})
    assert other.status_code == 200
    assert other.context["form"].errors["local_government"]
    assert client.get(page, {"member": "ke-nairobi"}).status_code == 403
    assert client.get(page, {"member": "de-hidden"}).status_code == 404
    assert list(Participation.objects.all()) == [ccp]


def test_a_resolution_in_the_future_is_refused(client_as, cast):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    response = client_as("editor").post(
        reverse("campaigns:campaign-join", args=["ccp"]),
        {"local_government": "de-freiburg", "joined_on": tomorrow.isoformat()},
    )
    assert "The council resolution cannot be dated in the future." in response.content.decode()
    assert not Participation.objects.exists()


@pytest.mark.parametrize(
    "upload, words",
    [
        (SimpleUploadedFile("resolution.exe", b"MZ"), "File extension “exe” is not allowed."),
        (
            SimpleUploadedFile("resolution.pdf", b"0" * (DOCUMENT_MAX_BYTES + 1)),
            "files up to 10.0\xa0MB are accepted.",
        ),
    ],
)
def test_a_bad_resolution_file_is_refused(client_as, cast, media, upload, words):
    response = client_as("editor").post(
        reverse("campaigns:campaign-join", args=["ccp"]),
        {"local_government": "de-freiburg", "joined_on": "2009-05-01", "resolution": upload},
    )
    assert response.status_code == 200
    assert words in response.content.decode()
    assert not Participation.objects.exists()
    assert stored_files(media) == []


# A participation


@pytest.mark.parametrize("who", EVERYONE)
def test_a_participation_is_seen_where_its_local_government_is(client_as, ccp, hidden_ccp, who):
    client = client_as(who)
    assert client.get(url("participation", ccp)).status_code == 200
    hidden = client.get(url("participation", hidden_ccp)).status_code
    assert hidden == (200 if who in {"staff", "secretariat"} else 404)


def test_the_participation_page_shows_states_missing_milestones_and_evidence(
    client_as, cast, ccp, record
):
    progress(ccp, 2, "verified", cast.staff)
    content = client_as("colleague").get(url("participation", ccp)).content.decode()
    # Milestone 5 is recognised from the later inventory; 2 is verified by the office.
    assert "recognised from data" in content
    assert record[2022].get_absolute_url() in content
    assert "staff" in content  # the verifier, for insiders
    missing = client_as("colleague").get(url("participation", ccp)).context["missing"]
    assert [milestone.number for milestone in missing] == [1, 3, 4]
    # The public sees that milestone 5 is reached but not the submitted inventory.
    public = client_as("anonymous").get(url("participation", ccp)).content.decode()
    assert "recognised from data" in public
    assert record[2022].get_absolute_url() not in public


@pytest.mark.parametrize("who", EVERYONE)
def test_edit_and_verify_buttons_follow_the_permissions(client_as, ccp, who):
    content = client_as(who).get(url("participation", ccp)).content.decode()
    edit = url("milestone", ccp, 1)
    assert (f'href="{edit}"' in content) == (who in RECORDERS)
    assert (f'href="{edit}?status=verified"' in content) == (who in {"staff", "secretariat"})
    withdraw = url("participation-withdraw", ccp)
    assert (withdraw in content) == (who in RECORDERS)


@pytest.mark.parametrize("who", EVERYONE)
def test_withdrawing_is_for_the_editor_and_the_offices(client_as, ccp, who):
    client = client_as(who)
    before = snapshot()
    assert client.get(url("participation-withdraw", ccp)).status_code in (302, 405)
    assert snapshot() == before
    response = client.post(url("participation-withdraw", ccp))
    ccp.refresh_from_db()
    if who in RECORDERS:
        assert response["Location"] == ccp.get_absolute_url()
        assert ccp.withdrawn_on == timezone.localdate()
    else:
        if who == "anonymous":
            assert is_login_redirect(response)
        else:
            assert response.status_code == 403
        assert snapshot() == before


def test_a_withdrawn_participant_no_longer_counts(client_as, cast, ccp):
    client_as("editor").post(url("participation-withdraw", ccp))
    response = client_as("anonymous").get(reverse("campaigns:campaign", args=["ccp"]))
    assert response.context["funnel"][-1].participants == 0


# Milestones


@pytest.mark.parametrize("who", EVERYONE)
def test_the_editor_and_the_offices_record_milestones(client_as, ccp, hidden_ccp, who):
    client = client_as(who)
    before = snapshot()
    get = client.get(url("milestone", ccp, 1))
    post = client.post(url("milestone", ccp, 1), {"status": "achieved"})
    if who in RECORDERS:
        assert get.status_code == 200
        assert post["Location"] == ccp.get_absolute_url()
        record = MilestoneProgress.objects.get()
        assert (record.status, record.achieved_on) == ("achieved", timezone.localdate())
        return
    if who == "anonymous":
        assert is_login_redirect(get) and is_login_redirect(post)
    else:
        assert (get.status_code, post.status_code) == (403, 403)
    # A participation one may not see stays unseen.
    if who != "anonymous":
        assert client.get(url("milestone", hidden_ccp, 1)).status_code == 404
    assert snapshot() == before


def test_an_unknown_milestone_is_not_found(client_as, ccp):
    assert client_as("editor").get(url("milestone", ccp, 9)).status_code == 404


def test_the_editor_may_not_verify(client_as, cast, ccp, media):
    response = client_as("editor").post(
        url("milestone", ccp, 1),
        {"status": "verified", "evidence_file": SimpleUploadedFile("report.pdf", PDF)},
    )
    assert response.status_code == 200
    assert (
        "Only the staff of an office covering Freiburg im Breisgau may verify a milestone"
        in response.content.decode()
    )
    assert not MilestoneProgress.objects.exists()
    assert stored_files(media) == []


def test_the_office_verifies_and_is_stamped(client_as, cast, ccp):
    progress(ccp, 1, "achieved", cast.editor)
    response = client_as("staff").post(url("milestone", ccp, 1), {"status": "verified"})
    assert response["Location"] == ccp.get_absolute_url()
    record = MilestoneProgress.objects.get()
    assert (record.status, record.verified_by, record.verified_on) == (
        "verified",
        cast.staff,
        timezone.localdate(),
    )
    # Once verified, the editor cannot change it.
    refused = client_as("editor").post(url("milestone", ccp, 1), {"status": "achieved"})
    assert "Only the staff of an office" in refused.content.decode()
    assert MilestoneProgress.objects.get().status == "verified"


def test_the_verify_button_preselects_verified(client_as, ccp):
    form = client_as("staff").get(url("milestone", ccp, 1), {"status": "verified"}).context["form"]
    assert form["status"].value() == "verified"


@pytest.mark.parametrize(
    "upload, words",
    [
        (SimpleUploadedFile("evidence.exe", b"MZ"), "File extension “exe” is not allowed."),
        (
            SimpleUploadedFile("evidence.pdf", b"0" * (DOCUMENT_MAX_BYTES + 1)),
            "The file is 10.0\xa0MB; files up to 10.0\xa0MB are accepted.",
        ),
    ],
)
def test_a_bad_evidence_file_is_refused(client_as, cast, ccp, media, upload, words):
    progress(ccp, 1, "in_progress", cast.editor)
    before = snapshot()
    response = client_as("editor").post(
        url("milestone", ccp, 1), {"status": "achieved", "evidence_file": upload}
    )
    assert response.status_code == 200
    assert words in response.content.decode()
    assert snapshot() == before
    assert stored_files(media) == []


def test_evidence_is_a_file_a_link_or_the_participants_own_object(client_as, cast, ccp, media):
    plan = ActionPlan.objects.create(local_government=cast.freiburg, title="Klimaschutzkonzept")
    foreign = ActionPlan.objects.create(local_government=cast.nairobi, title="Nairobi plan")
    client = client_as("editor")
    form = client.get(url("milestone", ccp, 3)).context["form"]
    offered = [
        value
        for _group, options in form.fields["evidence_object"].choices[1:]
        for value, _label in options
    ]
    assert offered == [f"action_plan:{plan.pk}"]
    refused = client.post(
        url("milestone", ccp, 3),
        {"status": "achieved", "evidence_object": f"action_plan:{foreign.pk}"},
    )
    assert refused.status_code == 200
    assert not MilestoneProgress.objects.exists()
    client.post(
        url("milestone", ccp, 3),
        {
            "status": "achieved",
            "evidence_object": f"action_plan:{plan.pk}",
            "evidence_url": "https://www.freiburg.de/plan",
            "evidence_file": SimpleUploadedFile("plan.pdf", PDF),
            "note": "Adopted by the council.",
        },
    )
    record = MilestoneProgress.objects.get()
    assert (record.action_plan, record.evidence_url) == (plan, "https://www.freiburg.de/plan")
    assert [path.read_bytes() for path in stored_files(media)] == [PDF]
    # Removing the file keeps the rest.
    client.post(
        url("milestone", ccp, 3),
        {
            "status": "achieved",
            "evidence_object": f"action_plan:{plan.pk}",
            "remove_evidence_file": "on",
        },
    )
    record.refresh_from_db()
    assert (record.evidence_file.name, record.action_plan) == ("", plan)


# Files


@pytest.fixture
def documents(cast, media):
    participation = Participation(
        campaign=Campaign.objects.get(code="ccp"),
        local_government=cast.freiburg,
        joined_on=JOINED,
        resolution=SimpleUploadedFile("resolution.pdf", PDF),
    )
    participation.save()
    milestone = participation.campaign.methodology.milestones.get(number=1)
    milestone_record(
        record=MilestoneProgress(
            participation=participation,
            milestone=milestone,
            status="achieved",
            evidence_file=SimpleUploadedFile("inventory-report.pdf", PDF),
        ),
        user=cast.editor,
    )
    return participation


@pytest.mark.parametrize("who", EVERYONE)
def test_files_are_for_insiders_only(client_as, documents, who):
    client = client_as(who)
    for page in (url("resolution", documents), url("evidence", documents, 1)):
        response = client.get(page)
        if who in INSIDERS:
            assert response.status_code == 200, page
            assert response["Content-Disposition"].startswith("attachment;")
            assert b"".join(response.streaming_content) == PDF
        else:
            assert response.status_code == 404, page
    links = client.get(url("participation", documents)).content.decode()
    assert (url("evidence", documents, 1) in links) == (who in INSIDERS)
    assert (url("resolution", documents) in links) == (who in INSIDERS)


def test_no_file_no_download(client_as, ccp):
    client = client_as("editor")
    assert client.get(url("resolution", ccp)).status_code == 404
    assert client.get(url("evidence", ccp, 1)).status_code == 404


def test_a_new_methodology_without_milestones_still_has_a_campaign_page(client_as, cast):
    methodology = Methodology.objects.create(code="fresh", name="Fresh methodology")
    Campaign.objects.create(
        code="fresh", name="Fresh campaign", methodology=methodology, office=cast.world_office
    )
    assert (
        client_as("anonymous").get(reverse("campaigns:campaign", args=["fresh"])).status_code == 200
    )
    assert (
        client_as("anonymous").get(reverse("campaigns:methodology", args=["fresh"])).status_code
        == 200
    )


def test_past_a_few_hundred_local_governments_the_join_form_asks_for_a_code(
    client_as, cast, monkeypatch
):
    monkeypatch.setattr(JoinForm, "MAX_CHOICES", 1)
    client = client_as("staff")
    page = reverse("campaigns:campaign-join", args=["ccp"])
    form = client.get(page).context["form"]
    assert form.fields["local_government"].widget.input_type == "text"
    client.post(page, {"local_government": "de-hidden", "joined_on": "2020-01-01"})
    assert Participation.objects.get().local_government == cast.hidden


ADMIN_MODELS = [
    "methodology",
    "campaign",
    "participation",
    "milestoneprogress",
    "target",
    "actionplan",
    "action",
    "forecast",
]


@pytest.mark.parametrize("model", ADMIN_MODELS)
def test_the_admin_lists_and_adds_every_campaign_model(client_as, funnel_data, model):
    client = client_as("secretariat")
    assert client.get(reverse(f"admin:campaigns_{model}_changelist")).status_code == 200
    assert client.get(reverse(f"admin:campaigns_{model}_add")).status_code == 200
    methodology = Campaign.objects.get(code="ccp").methodology
    change = reverse("admin:campaigns_methodology_change", args=[methodology.pk])
    assert b"Baseline inventory and forecast" in client.get(change).content


def test_the_campaign_page_reads_the_same_few_queries_for_many_participants(client_as, cast):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            client_as("staff").get(reverse("campaigns:campaign", args=["ccp"]))
        return len(captured)

    participate(cast.freiburg)
    few = queries()
    for number in range(30):
        town = LocalGovernment.objects.create(
            code=f"de-town-{number}", name=f"Town {number}", country=cast.freiburg.country
        )
        progress(participate(town), 1, "achieved", cast.staff)
    assert queries() == few
