"""The campaigns' REST API: who may do what (every endpoint and method, for every
person of the cast), joining and withdrawing, milestones recorded and verified
through the services, targets of each type checked with the model's messages,
their figures from the inventories each reader may count, forecasts, and the
OpenAPI schema."""

from __future__ import annotations

import datetime
import json
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.test.client import encode_multipart
from django.test.utils import CaptureQueriesContext
from drf_spectacular.drainage import GENERATOR_STATS

from localaction.campaigns.models import (
    Action,
    ActionPlan,
    Campaign,
    Forecast,
    Methodology,
    Milestone,
    MilestoneProgress,
    Participation,
    Target,
)
from localaction.conftest import PEOPLE
from localaction.network.models import LocalGovernment, Region

METHODOLOGIES = "/api/methodologies/"
CAMPAIGNS = "/api/campaigns/"
PARTICIPATIONS = "/api/participations/"
TARGETS = "/api/targets/"
FORECASTS = "/api/forecasts/"
PLANS = "/api/action-plans/"
ACTIONS = "/api/actions/"

JOINED = datetime.date(2019, 5, 1)
ADOPTED = datetime.date(2021, 3, 1)

# A renewable-energy share target: needs no inventory.
RENEWABLES = {
    "type": "indicator",
    "base_year": 2015,
    "target_year": 2030,
    "indicator": "renewable_share",
    "indicator_unit": "percent",
    "base_value": 12,
    "target_value": 40,
}


BOUNDARY = "BoUnDaRy"
MULTIPART = f"multipart/form-data; boundary={BOUNDARY}"


def multipart(files: dict[str, tuple[str, bytes]]) -> bytes:
    """A PATCH body uploading files, as a browser would send it."""
    return encode_multipart(
        BOUNDARY,
        {
            name: SimpleUploadedFile(filename, content)
            for name, (filename, content) in files.items()
        },
    )


def send(client, method: str, url: str, payload=None):
    if method == "get":
        return client.get(url)
    return getattr(client, method)(url, payload or {}, content_type="application/json")


def rows(response) -> list[dict]:
    assert response.status_code == 200, response.content
    return response.json()["results"]


@dataclass
class World:
    """The campaign "Climate Europe" (CCP milestones, coordinated by the European
    office), Freiburg and the unpublished town taking part, and a published and
    an unpublished target, plan and action of Freiburg's, published ones of the
    unpublished town's and of Nairobi's."""

    campaign: Campaign
    freiburg_in: Participation
    hidden_in: Participation

    def target(self, title: str) -> Target:
        return Target.objects.get(title=title)


def commitments_of(local_government, label: str, *, published: bool) -> None:
    target = Target.objects.create(
        local_government=local_government,
        title=f"{label} target",
        is_published=published,
        **RENEWABLES,
    )
    plan = ActionPlan.objects.create(
        local_government=local_government,
        title=f"{label} plan",
        adopted_on=ADOPTED,
        is_published=published,
    )
    Action.objects.create(
        local_government=local_government,
        plan=plan,
        target=target,
        title=f"{label} action",
        is_published=published,
    )


@pytest.fixture
def world(cast) -> World:
    campaign = Campaign.objects.create(
        code="climate-europe",
        name="Climate Europe",
        methodology=Methodology.objects.get(code="ccp"),
        office=cast.europe_office,
    )
    campaign.regions.add(Region.objects.get(code="europe"))
    commitments_of(cast.freiburg, "Freiburg", published=True)
    commitments_of(cast.freiburg, "Freiburg draft", published=False)
    commitments_of(cast.hidden, "Hidden", published=True)
    commitments_of(cast.nairobi, "Nairobi", published=True)
    return World(
        campaign=campaign,
        freiburg_in=Participation.objects.create(
            campaign=campaign, local_government=cast.freiburg, joined_on=JOINED
        ),
        hidden_in=Participation.objects.create(
            campaign=campaign, local_government=cast.hidden, joined_on=JOINED
        ),
    )


def participation_url(participation: Participation, action: str = "") -> str:
    return f"{PARTICIPATIONS}{participation.pk}/{action + '/' if action else ''}"


def milestone_url(participation: Participation, number: int | None = None) -> str:
    tail = f"{number}/" if number is not None else ""
    return f"{participation_url(participation)}milestones/{tail}"


def object_url(base: str, model, title: str) -> str:
    return f"{base}{model.objects.get(title=title).pk}/"


# Everything the API could change; compared before and after each request.
TABLES = (
    Methodology,
    Milestone,
    Campaign,
    Campaign.regions.through,
    Participation,
    MilestoneProgress,
    Forecast,
    Target,
    ActionPlan,
    Action,
)


def campaigns_state() -> dict[str, list[dict]]:
    return {model._meta.label: list(model.objects.order_by("pk").values()) for model in TABLES}


# The permission matrix: every endpoint and method, for every person of the cast.


def expect(default: int, **exceptions: int) -> dict[str, int]:
    """Status codes per person; where others are forbidden (403), anonymous
    visitors are asked to authenticate (401) instead."""
    assert set(exceptions) <= set(PEOPLE)
    anonymous = 401 if default == 403 else default
    return {
        who: exceptions.get(who, anonymous if who == "anonymous" else default) for who in PEOPLE
    }


@dataclass(frozen=True)
class Call:
    method: str
    url: Callable[[World], str]
    payload: dict | None = None


# Freiburg's: its editor, its office and the secretariat write; the others see it
# and are refused (403).
FREIBURG_WRITES = {"editor": 200, "staff": 200, "secretariat": 200}
# Freiburg's unpublished records: its people and offices see them; others do not (404).
FREIBURG_INSIDERS = {"editor": 200, "colleague": 200, "staff": 200, "secretariat": 200}


def unpublished_write(ok: int) -> dict[str, int]:
    return expect(404, editor=ok, colleague=403, staff=ok, secretariat=ok)


def commitment_cases(name: str, base: str, model, payload: dict) -> dict:
    """The same matrix for targets, action plans and actions."""
    return {
        f"{name} list": (Call("get", lambda w: base), expect(200)),
        f"published {name} read": (
            Call("get", lambda w: object_url(base, model, f"Freiburg {name}")),
            expect(200),
        ),
        f"unpublished {name} read": (
            Call("get", lambda w: object_url(base, model, f"Freiburg draft {name}")),
            expect(404, **FREIBURG_INSIDERS),
        ),
        f"{name} of an unpublished local government read": (
            Call("get", lambda w: object_url(base, model, f"Hidden {name}")),
            expect(404, staff=200, secretariat=200),
        ),
        f"{name} create in Freiburg": (
            Call("post", lambda w: base, {"local_government": "de-freiburg", **payload}),
            expect(403, editor=201, staff=201, secretariat=201),
        ),
        f"{name} create in Nairobi": (
            Call("post", lambda w: base, {"local_government": "ke-nairobi", **payload}),
            expect(403, outsider=201, other_staff=201, secretariat=201),
        ),
        # Those who keep some local government's records hear that this one is unknown.
        f"{name} create, unpublished local government": (
            Call("post", lambda w: base, {"local_government": "de-hidden", **payload}),
            expect(403, editor=400, outsider=400, other_staff=400, staff=201, secretariat=201),
        ),
        f"published {name} update": (
            Call(
                "patch",
                lambda w: object_url(base, model, f"Freiburg {name}"),
                {"description": "Revised"},
            ),
            expect(403, **FREIBURG_WRITES),
        ),
        f"unpublished {name} update": (
            Call(
                "patch",
                lambda w: object_url(base, model, f"Freiburg draft {name}"),
                {"description": "Revised"},
            ),
            unpublished_write(200),
        ),
        f"published {name} delete": (
            Call("delete", lambda w: object_url(base, model, f"Freiburg {name}")),
            expect(403, editor=204, staff=204, secretariat=204),
        ),
        f"unpublished {name} delete": (
            Call("delete", lambda w: object_url(base, model, f"Freiburg draft {name}")),
            unpublished_write(204),
        ),
    }


MATRIX: dict[str, tuple[Call, dict[str, int]]] = {
    # Methodologies: everyone reads, the secretariat defines; none is deleted.
    "methodologies list": (Call("get", lambda w: METHODOLOGIES), expect(200)),
    "methodology read": (Call("get", lambda w: f"{METHODOLOGIES}ccp/"), expect(200)),
    "methodology create": (
        Call(
            "post",
            lambda w: METHODOLOGIES,
            {"code": "ecobudget", "name": "ecoBUDGET", "milestones": [{"number": 1, "name": "a"}]},
        ),
        expect(403, secretariat=201),
    ),
    "methodology update": (
        Call("patch", lambda w: f"{METHODOLOGIES}ccp/", {"name": "CCP milestones"}),
        expect(403, secretariat=200),
    ),
    "methodology delete": (
        Call("delete", lambda w: f"{METHODOLOGIES}ccp/"),
        expect(403, secretariat=405),
    ),
    # Campaigns: everyone reads; the secretariat starts them; the coordinating office
    # keeps them; none is deleted (its participants' history hangs on it).
    "campaigns list": (Call("get", lambda w: CAMPAIGNS), expect(200)),
    "campaign read": (Call("get", lambda w: f"{CAMPAIGNS}climate-europe/"), expect(200)),
    "campaign create": (
        Call(
            "post",
            lambda w: CAMPAIGNS,
            {"code": "water-europe", "name": "Water", "methodology": "water", "office": "europe"},
        ),
        expect(403, secretariat=201),
    ),
    "campaign update by its office": (
        Call("patch", lambda w: f"{CAMPAIGNS}climate-europe/", {"aims": "Net zero by 2040"}),
        expect(403, staff=200, secretariat=200),
    ),
    "campaign of another office update": (
        Call("patch", lambda w: f"{CAMPAIGNS}ccp/", {"aims": "Net zero by 2040"}),
        expect(403, secretariat=200),
    ),
    # Handing a campaign to another office is starting it there.
    "campaign handed to another office": (
        Call("patch", lambda w: f"{CAMPAIGNS}climate-europe/", {"office": "africa"}),
        expect(403, secretariat=200),
    ),
    "campaign delete": (
        Call("delete", lambda w: f"{CAMPAIGNS}climate-europe/"),
        expect(405),
    ),
    # Participation: seen where the local government is; its editors and offices act.
    "participations list": (Call("get", lambda w: PARTICIPATIONS), expect(200)),
    "participation read": (Call("get", lambda w: participation_url(w.freiburg_in)), expect(200)),
    "participation of an unpublished local government read": (
        Call("get", lambda w: participation_url(w.hidden_in)),
        expect(404, staff=200, secretariat=200),
    ),
    "join a campaign": (
        Call(
            "post",
            lambda w: PARTICIPATIONS,
            {"campaign": "ccp", "local_government": "de-freiburg", "joined_on": "2020-02-01"},
        ),
        expect(403, editor=201, staff=201, secretariat=201),
    ),
    "join a campaign, another region": (
        Call(
            "post",
            lambda w: PARTICIPATIONS,
            {"campaign": "ccp", "local_government": "ke-nairobi", "joined_on": "2020-02-01"},
        ),
        expect(403, outsider=201, other_staff=201, secretariat=201),
    ),
    "participation update": (
        Call(
            "patch",
            lambda w: participation_url(w.freiburg_in),
            {"resolution_url": "https://www.freiburg.de/resolution"},
        ),
        expect(403, **FREIBURG_WRITES),
    ),
    # A participant withdraws; the record stays.
    "participation delete": (
        Call("delete", lambda w: participation_url(w.freiburg_in)),
        expect(405),
    ),
    "withdraw": (
        Call("post", lambda w: participation_url(w.freiburg_in, "withdraw")),
        expect(403, **FREIBURG_WRITES),
    ),
    "withdraw, unpublished local government": (
        Call("post", lambda w: participation_url(w.hidden_in, "withdraw")),
        expect(404, staff=200, secretariat=200),
    ),
    # Milestones: read with the participation, recorded by its editors and offices,
    # verified by the offices alone (the editor hears why: 400 under `status`).
    "milestones list": (Call("get", lambda w: milestone_url(w.freiburg_in)), expect(200)),
    "milestone read": (Call("get", lambda w: milestone_url(w.freiburg_in, 1)), expect(200)),
    "milestone of an unpublished local government read": (
        Call("get", lambda w: milestone_url(w.hidden_in, 1)),
        expect(404, staff=200, secretariat=200),
    ),
    "milestone record": (
        Call("patch", lambda w: milestone_url(w.freiburg_in, 1), {"status": "in_progress"}),
        expect(403, **FREIBURG_WRITES),
    ),
    "milestone verify": (
        Call("patch", lambda w: milestone_url(w.freiburg_in, 5), {"status": "verified"}),
        expect(403, editor=400, staff=200, secretariat=200),
    ),
    "milestone replace": (
        Call("put", lambda w: milestone_url(w.freiburg_in, 1), {"status": "in_progress"}),
        expect(403, editor=405, staff=405, secretariat=405),
    ),
    # Targets, plans and actions.
    **commitment_cases("target", TARGETS, Target, {"title": "Renewables", **RENEWABLES}),
    **commitment_cases("plan", PLANS, ActionPlan, {"title": "Energy plan"}),
    **commitment_cases("action", ACTIONS, Action, {"title": "Solar roofs"}),
    # Forecasts: a working assumption of the insiders.
    "forecast read": (
        Call("get", lambda w: f"{FORECASTS}de-freiburg/"),
        expect(404, **FREIBURG_INSIDERS),
    ),
    "forecast replace": (
        Call("put", lambda w: f"{FORECASTS}de-freiburg/", {"default_growth_percent": 0.5}),
        unpublished_write(200),
    ),
    "forecast update": (
        Call("patch", lambda w: f"{FORECASTS}de-freiburg/", {"sector_growth_percent": {"II": 1}}),
        unpublished_write(200),
    ),
    "forecast of an unpublished local government read": (
        Call("get", lambda w: f"{FORECASTS}de-hidden/"),
        expect(404, staff=200, secretariat=200),
    ),
    "forecast, another region": (
        Call("patch", lambda w: f"{FORECASTS}ke-nairobi/", {"default_growth_percent": 3}),
        expect(404, outsider=200, other_staff=200, secretariat=200),
    ),
}


@pytest.mark.parametrize(
    ("case", "who"),
    [pytest.param(case, who, id=f"{case}-{who}") for case in MATRIX for who in PEOPLE],
)
def test_permission_matrix(world, client_as, case, who):
    call, expected = MATRIX[case]
    url = call.url(world)
    before = campaigns_state()

    response = send(client_as(who), call.method, url, call.payload)

    assert response.status_code == expected[who], response.content
    wrote = call.method != "get" and response.status_code < 300
    # A refused request changes nothing; an accepted write changes something.
    assert (campaigns_state() != before) is wrote


# Lists show what each person may see


@pytest.mark.parametrize(
    ("who", "titles"),
    [
        ("editor", ["Freiburg", "Freiburg draft", "Nairobi"]),
        ("colleague", ["Freiburg", "Freiburg draft", "Nairobi"]),
        ("outsider", ["Freiburg", "Nairobi"]),
        ("staff", ["Freiburg", "Freiburg draft", "Hidden", "Nairobi"]),
        ("other_staff", ["Freiburg", "Nairobi"]),
        ("secretariat", ["Freiburg", "Freiburg draft", "Hidden", "Nairobi"]),
        ("anonymous", ["Freiburg", "Nairobi"]),
    ],
)
def test_the_public_sees_only_published_commitments_of_published_members(
    world, client_as, who, titles
):
    client = client_as(who)
    for base, kind in [(TARGETS, "target"), (PLANS, "plan"), (ACTIONS, "action")]:
        listed = sorted(row["title"] for row in rows(client.get(base)))
        assert listed == sorted(f"{title} {kind}" for title in titles), kind


def test_commitments_filter_by_member_and_campaign(world, client):
    Target.objects.filter(title="Freiburg target").update(campaign=world.campaign)

    assert [row["title"] for row in rows(client.get(TARGETS, {"member": "de-freiburg"}))] == [
        "Freiburg target"
    ]
    assert [row["title"] for row in rows(client.get(TARGETS, {"campaign": "climate-europe"}))] == [
        "Freiburg target"
    ]
    assert rows(client.get(ACTIONS, {"member": "ke-nairobi"}))[0]["title"] == "Nairobi action"
    # An unpublished local government is as unknown to a filter as a missing one.
    assert client.get(TARGETS, {"member": "de-hidden"}).status_code == 400


def test_participations_filter_by_campaign_and_member(world, client_as):
    client = client_as("staff")
    listed = rows(client.get(PARTICIPATIONS, {"campaign": "climate-europe"}))
    assert sorted(row["local_government"] for row in listed) == ["de-freiburg", "de-hidden"]
    listed = rows(client.get(PARTICIPATIONS, {"member": "de-hidden"}))
    assert [row["campaign"] for row in listed] == ["climate-europe"]
    public = rows(client_as("anonymous").get(PARTICIPATIONS, {"campaign": "climate-europe"}))
    assert [row["local_government"] for row in public] == ["de-freiburg"]


# Methodologies and campaigns


def test_a_methodology_reads_with_its_milestones_in_order(world, client):
    body = client.get(f"{METHODOLOGIES}ccp/").json()

    assert [m["number"] for m in body["milestones"]] == [1, 2, 3, 4, 5]
    assert body["milestones"][1]["recognised_from"] == "ghg_target"


def test_the_secretariat_replaces_milestones_matched_by_number(world, client_as):
    client = client_as("secretariat")
    response = client.post(
        METHODOLOGIES,
        {
            "code": "ecobudget",
            "name": "ecoBUDGET",
            "milestones": [{"number": 1, "name": "Master budget"}, {"number": 2, "name": "Adopt"}],
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    first = Milestone.objects.get(methodology__code="ecobudget", number=1)

    response = client.patch(
        f"{METHODOLOGIES}ecobudget/",
        {"milestones": [{"number": 1, "name": "Environmental master budget"}]},
        content_type="application/json",
    )

    assert response.status_code == 200, response.content
    assert [m["name"] for m in response.json()["milestones"]] == ["Environmental master budget"]
    assert Milestone.objects.get(methodology__code="ecobudget", number=1).pk == first.pk


def test_a_milestone_with_recorded_progress_is_not_removed(world, client_as):
    MilestoneProgress.objects.create(
        participation=world.freiburg_in,
        local_government=world.freiburg_in.local_government,
        milestone=Milestone.objects.get(methodology__code="ccp", number=5),
        status="in_progress",
    )
    before = campaigns_state()
    kept = [{"number": n, "name": f"Step {n}"} for n in (1, 2, 3, 4)]

    response = client_as("secretariat").patch(
        f"{METHODOLOGIES}ccp/", {"milestones": kept}, content_type="application/json"
    )

    assert response.status_code == 400
    assert "5" in response.json()["milestones"][0]
    assert campaigns_state() == before


def test_milestone_numbers_are_not_given_twice(world, client_as):
    response = client_as("secretariat").post(
        METHODOLOGIES,
        {"code": "x", "name": "X", "milestones": [{"number": 1, "name": "a"}] * 2},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "milestones" in response.json()


def test_a_campaign_reads_with_its_active_participants(world, client):
    ulm = LocalGovernment.objects.create(code="de-ulm", name="Ulm", country_id="DE")
    Participation.objects.create(
        campaign=world.campaign,
        local_government=ulm,
        joined_on=JOINED,
        withdrawn_on=datetime.date(2020, 1, 1),
    )
    body = client.get(f"{CAMPAIGNS}climate-europe/").json()

    assert body == {
        "code": "climate-europe",
        "url": "http://testserver/api/campaigns/climate-europe/",
        "name": "Climate Europe",
        "methodology": "ccp",
        "aims": "",
        "regions": ["europe"],
        "office": "europe",
        "started_on": None,
        "ended_on": None,
        "website": "",
        "participant_count": 2,
    }


def test_a_campaign_ends_after_it_starts(world, client_as):
    response = client_as("staff").patch(
        f"{CAMPAIGNS}climate-europe/",
        {"started_on": "2020-01-01", "ended_on": "2019-01-01"},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "ended_on" in response.json()


# Joining, withdrawing


def test_joining_outside_the_campaigns_regions_is_refused_with_the_models_reason(world, client_as):
    response = client_as("outsider").post(
        PARTICIPATIONS,
        {"campaign": "climate-europe", "local_government": "ke-nairobi", "joined_on": "2020-02-01"},
        content_type="application/json",
    )

    assert response.status_code == 400
    assert "does not run in" in response.json()["local_government"][0]


def test_joining_twice_is_refused(world, client_as):
    response = client_as("editor").post(
        PARTICIPATIONS,
        {
            "campaign": "climate-europe",
            "local_government": "de-freiburg",
            "joined_on": "2020-02-01",
        },
        content_type="application/json",
    )
    assert response.status_code == 400
    assert Participation.objects.filter(local_government__code="de-freiburg").count() == 1


def test_a_resolution_is_uploaded_and_shown_to_insiders_only(world, client_as, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    response = client_as("editor").post(
        PARTICIPATIONS,
        {
            "campaign": "ccp",
            "local_government": "de-freiburg",
            "joined_on": "2020-02-01",
            "resolution": SimpleUploadedFile("resolution.pdf", b"%PDF-1.4", "application/pdf"),
        },
    )

    assert response.status_code == 201, response.content
    assert response.json()["resolution"].endswith("/campaigns/ccp/de-freiburg/resolution/")
    url = participation_url(Participation.objects.get(campaign__code="ccp"))
    assert client_as("anonymous").get(url).json()["resolution"] is None


def test_a_resolution_of_another_kind_is_refused(world, client_as, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    before = campaigns_state()

    response = client_as("editor").generic(
        "PATCH",
        participation_url(world.freiburg_in),
        multipart({"resolution": ("resolution.exe", b"MZ")}),
        content_type=MULTIPART,
    )

    assert response.status_code == 400
    assert "resolution" in response.json()
    assert campaigns_state() == before


def test_withdrawing_stamps_today_and_is_done_once(world, client_as):
    client = client_as("editor")
    url = participation_url(world.freiburg_in, "withdraw")

    response = client.post(url, {}, content_type="application/json")

    assert response.status_code == 200, response.content
    assert response.json()["is_active"] is False
    world.freiburg_in.refresh_from_db()
    assert world.freiburg_in.withdrawn_on is not None
    again = client.post(url, {}, content_type="application/json")
    assert again.status_code == 400
    assert "withdrawn_on" in again.json()


def test_withdrawing_before_joining_is_refused(world, client_as):
    response = client_as("editor").post(
        participation_url(world.freiburg_in, "withdraw"),
        {"withdrawn_on": "2018-01-01"},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "withdrawn_on" in response.json()
    world.freiburg_in.refresh_from_db()
    assert world.freiburg_in.is_active


# Milestones


def test_a_participation_reads_with_its_milestones_recognised_from_the_data(
    world, client_as, record
):
    Forecast.objects.create(local_government=world.freiburg_in.local_government)

    body = client_as("anonymous").get(participation_url(world.freiburg_in)).json()

    first = body["milestones"][0]
    assert (first["number"], first["status"], first["recognised"]) == (1, "achieved", True)
    # The 2010 inventory proves it; it is published, so everyone sees the reference.
    assert first["evidence"] == {
        "object": "inventory",
        "id": record[2010].pk,
        "url": f"http://testserver/api/inventories/{record[2010].pk}/",
    }
    # No adopted GHG target; an adopted plan; no action under way; inventories after 2010.
    assert [m["status"] for m in body["milestones"][1:]] == [
        "not_started",
        "achieved",
        "not_started",
        "achieved",
    ]


def test_the_editor_records_a_milestone_and_the_office_verifies_it(world, client_as, record):
    url = milestone_url(world.freiburg_in, 2)
    target = Target.objects.get(title="Freiburg target")
    editor = client_as("editor")

    recorded = editor.patch(
        url,
        {"status": "achieved", "target": target.pk, "note": "Council decision 2021/14"},
        content_type="application/json",
    )
    assert recorded.status_code == 200, recorded.content
    assert recorded.json()["status"] == "achieved"
    assert recorded.json()["evidence"]["id"] == target.pk

    refused = editor.patch(url, {"status": "verified"}, content_type="application/json")
    assert refused.status_code == 400
    assert "Only the staff of an office covering" in refused.json()["status"][0]
    assert MilestoneProgress.objects.get().status == "achieved"

    verified = client_as("staff").patch(
        url, {"status": "verified"}, content_type="application/json"
    )
    assert verified.status_code == 200, verified.content
    body = verified.json()
    assert (body["status"], body["verified_by"], body["note"]) == (
        "verified",
        "staff",
        "Council decision 2021/14",
    )
    assert body["verified_on"] is not None
    # The verifier's name and the note are the insiders' to read.
    public = client_as("anonymous").get(url).json()
    assert (public["status"], public["verified_by"], public["note"]) == ("verified", None, None)

    # Once verified, the editor no longer changes the record.
    again = editor.patch(url, {"note": "Changed"}, content_type="application/json")
    assert again.status_code == 400
    assert MilestoneProgress.objects.get().note == "Council decision 2021/14"


def test_evidence_of_another_local_government_is_refused(world, client_as):
    nairobi_target = Target.objects.get(title="Nairobi target")
    response = client_as("secretariat").patch(
        milestone_url(world.freiburg_in, 2),
        {"target": nairobi_target.pk},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "target" in response.json()
    assert not MilestoneProgress.objects.exists()


def test_an_evidence_file_is_uploaded_with_the_record(world, client_as, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    url = milestone_url(world.freiburg_in, 3)
    payload = multipart({"evidence_file": ("plan.pdf", b"%PDF-1.4")})

    response = client_as("editor").generic("PATCH", url, payload, content_type=MULTIPART)

    assert response.status_code == 200, response.content
    assert response.json()["evidence_file"].endswith(
        "/campaigns/climate-europe/de-freiburg/milestones/3/evidence/"
    )
    assert client_as("outsider").get(url).json()["evidence_file"] is None


def test_a_milestone_beyond_the_methodology_is_not_found(world, client_as):
    assert client_as("editor").get(milestone_url(world.freiburg_in, 6)).status_code == 404


# Targets of each type, refused with the model's reasons


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        (
            {"type": "base_year", "base_year": 2010, "target_year": 2010, "reduction_percent": 40},
            "target_year",
        ),
        (
            {"type": "base_year", "base_year": 2010, "target_year": 2030, "reduction_percent": 140},
            "reduction_percent",
        ),
        (
            {"type": "base_year", "base_year": 2010, "target_year": 2030, "reduction_percent": -5},
            "reduction_percent",
        ),
        (
            {"type": "baseline_scenario", "base_year": 2010, "target_year": 2030},
            "reduction_percent",
        ),
        ({"type": "fixed_level", "base_year": 2010, "target_year": 2030}, "level_tco2e"),
        (
            {
                "type": "intensity",
                "base_year": 2010,
                "target_year": 2030,
                "reduction_percent": 30,
                "intensity_per": "economic_output",
            },
            "base_activity",
        ),
        (
            {"type": "intensity", "base_year": 2010, "target_year": 2030, "reduction_percent": 30},
            "intensity_per",
        ),
        (
            {"type": "base_year", "base_year": 2012, "target_year": 2030, "reduction_percent": 40},
            "base_year",
        ),
        ({**RENEWABLES, "target_year": 2015}, "target_year"),
        ({**RENEWABLES, "indicator_unit": "kwhh"}, "indicator_unit"),
        (
            {
                "type": "base_year",
                "base_year": 2010,
                "target_year": 2030,
                "reduction_percent": 40,
                "sectors": ["IX"],
            },
            "sectors",
        ),
    ],
)
def test_a_target_that_does_not_hold_together_is_refused_naming_the_field(
    world, client_as, record, fields, field
):
    before = campaigns_state()

    response = client_as("editor").post(
        TARGETS,
        {"local_government": "de-freiburg", "title": "Climate target", **fields},
        content_type="application/json",
    )

    assert response.status_code == 400
    assert field in response.json(), response.json()
    assert campaigns_state() == before


@pytest.mark.parametrize(
    "fields",
    [
        {"type": "base_year", "reduction_percent": 40},
        {"type": "fixed_level", "level_tco2e": 500_000},
        {"type": "intensity", "reduction_percent": 30, "intensity_per": "inhabitant"},
        {
            "type": "intensity",
            "reduction_percent": 30,
            "intensity_per": "economic_output",
            "activity_unit": "million EUR",
            "base_activity": 9_000,
        },
        {"type": "baseline_scenario", "reduction_percent": 20},
        RENEWABLES,
    ],
)
def test_targets_of_each_type_are_created(world, client_as, record, fields):
    response = client_as("editor").post(
        TARGETS,
        {
            "local_government": "de-freiburg",
            "title": "Climate target",
            "base_year": 2010,
            "target_year": 2030,
            **fields,
        },
        content_type="application/json",
    )

    assert response.status_code == 201, response.content
    target = Target.objects.get(pk=response.json()["id"])
    assert target.type == fields["type"]
    figures = response.json()["figures"]
    if target.is_ghg:
        assert figures["base_tco2e"] == pytest.approx(1_000_000)
        assert figures["target_tco2e"] is not None
        assert figures["problem"] is None
    else:
        assert figures is None


@pytest.mark.parametrize(
    ("who", "bau_t", "latest"),
    [
        # Insiders count the submitted 2022 inventory: 750,000 t at 0 % growth.
        ("editor", 750_000, 2022),
        ("colleague", 750_000, 2022),
        ("staff", 750_000, 2022),
        ("secretariat", 750_000, 2022),
        # Everyone else the published ones only: 2020 is the latest, 800,000 t.
        ("outsider", 800_000, 2020),
        ("other_staff", 800_000, 2020),
        ("anonymous", 800_000, 2020),
    ],
)
def test_target_figures_rest_on_the_inventories_the_reader_may_count(
    world, client_as, record, who, bau_t, latest
):
    # 40 % below 2010 (1,000,000 t) by 2030 → 600,000 t.
    target = Target.objects.create(
        local_government=world.freiburg_in.local_government,
        title="Minus 40",
        type="base_year",
        base_year=2010,
        target_year=2030,
        reduction_percent=40,
        adopted_on=ADOPTED,
        is_published=True,
    )

    figures = client_as(who).get(f"{TARGETS}{target.pk}/").json()["figures"]

    assert figures["base_tco2e"] == pytest.approx(1_000_000)
    assert figures["target_tco2e"] == pytest.approx(600_000)
    assert figures["bau_tco2e"] == pytest.approx(bau_t)
    assert figures["committed_reduction_tco2e"] == pytest.approx(bau_t - 600_000)
    assert figures["progress"]["year"] == latest
    assert figures["progress"]["status"] == "on_track"


def test_a_target_stays_with_its_local_government(world, client_as):
    url = object_url(TARGETS, Target, "Freiburg target")
    response = client_as("secretariat").patch(
        url, {"local_government": "ke-nairobi"}, content_type="application/json"
    )
    assert response.status_code == 400
    assert "local_government" in response.json()


# Action plans and actions


def test_an_action_names_a_plan_of_its_own_local_government(world, client_as):
    nairobi_plan = ActionPlan.objects.get(title="Nairobi plan")
    response = client_as("secretariat").post(
        ACTIONS,
        {"local_government": "de-freiburg", "title": "Trams", "plan": nairobi_plan.pk},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "plan" in response.json()


def test_an_unpublished_plan_cannot_be_named_by_those_who_do_not_see_it(world, client_as):
    draft_plan = ActionPlan.objects.get(title="Freiburg draft plan")
    response = client_as("outsider").post(
        ACTIONS,
        {"local_government": "ke-nairobi", "title": "Trams", "plan": draft_plan.pk},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "does not exist" in response.json()["plan"][0]


def test_an_action_states_its_cost_currency_and_known_co_benefits(world, client_as):
    response = client_as("editor").post(
        ACTIONS,
        {
            "local_government": "de-freiburg",
            "title": "Solar roofs",
            "sector": "I",
            "status": "in_progress",
            "cost": "1200000.00",
            "currency": "EUR",
            "impact_tco2e": 4_500,
            "impact_amount": 12_000,
            "impact_unit": "MWh",
            "co_benefits": ["air_quality", "jobs"],
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    assert response.json()["co_benefits"] == ["air_quality", "jobs"]

    refused = client_as("editor").post(
        ACTIONS,
        {"local_government": "de-freiburg", "title": "Trams", "cost": "10.00"},
        content_type="application/json",
    )
    assert refused.status_code == 400
    assert "currency" in refused.json()


def test_a_plan_adopted_in_the_future_is_refused(world, client_as):
    response = client_as("editor").post(
        PLANS,
        {"local_government": "de-freiburg", "title": "Plan", "adopted_on": "2999-01-01"},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "adopted_on" in response.json()


# Forecasts


def test_a_forecast_reads_with_defaults_and_its_series_to_2050(world, client_as, record):
    body = client_as("colleague").get(f"{FORECASTS}de-freiburg/").json()

    assert body["member"] == "de-freiburg"
    assert (body["default_growth_percent"], body["growth_percent"]) == (None, 0.0)
    assert body["base_year"] == 2022
    assert body["series"][0] == {"year": 2022, "tco2e": pytest.approx(750_000)}
    assert body["series"][-1]["year"] == 2050
    assert not Forecast.objects.exists()


def test_a_forecast_grows_by_sector(world, client_as, record):
    # Sector II (330,000 t in 2022) grows 1 % a year, sector I (420,000 t) does not:
    # in 2023, 420,000 + 333,300 = 753,300 t.
    response = client_as("editor").put(
        f"{FORECASTS}de-freiburg/",
        {"default_growth_percent": 0, "sector_growth_percent": {"II": 1}, "note": "Traffic"},
        content_type="application/json",
    )

    assert response.status_code == 200, response.content
    assert response.json()["series"][1] == {"year": 2023, "tco2e": pytest.approx(753_300)}
    assert Forecast.objects.get().sector_growth_percent == {"II": 1}


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"sector_growth_percent": {"IX": 1}}, "sector_growth_percent"),
        ({"sector_growth_percent": {"II": 80}}, "sector_growth_percent"),
        ({"default_growth_percent": 60}, "default_growth_percent"),
    ],
)
def test_a_forecast_out_of_range_is_refused(world, client_as, payload, field):
    response = client_as("editor").patch(
        f"{FORECASTS}de-freiburg/", payload, content_type="application/json"
    )
    assert response.status_code == 400
    assert field in response.json()
    assert not Forecast.objects.exists()


# The schema


def test_the_schema_lists_the_campaigns_endpoints(world, client):
    schema = json.loads(client.get("/api/schema/", {"format": "json"}).content)

    assert {
        "/api/methodologies/{code}/",
        "/api/campaigns/{code}/",
        "/api/participations/{id}/withdraw/",
        "/api/participations/{participation_id}/milestones/{number}/",
        "/api/targets/{id}/",
        "/api/forecasts/{code}/",
        "/api/action-plans/{id}/",
        "/api/actions/{id}/",
    } <= set(schema["paths"])
    assert set(schema["paths"]["/api/participations/{participation_id}/milestones/{number}/"]) == {
        "get",
        "patch",
    }
    assert set(schema["paths"]["/api/forecasts/{code}/"]) == {"get", "put", "patch"}
    enums = schema["components"]["schemas"]
    assert {"MilestoneStatusEnum", "ActionStatusEnum", "TargetTypeEnum"} <= set(enums)


def test_the_schema_generates_without_warnings(db, tmp_path):
    GENERATOR_STATS.reset()

    call_command(
        "spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "schema.yml")
    )

    assert "/api/forecasts/{code}/" in (tmp_path / "schema.yml").read_text()


def test_the_participation_list_reads_milestones_in_a_fixed_number_of_queries(
    world, client_as, record
):
    client = client_as("secretariat")

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            rows(client.get(PARTICIPATIONS))
        return len(captured)

    def join(code: str) -> None:
        town = LocalGovernment.objects.create(code=code, name=code, country_id="DE")
        Participation.objects.create(
            campaign=world.campaign, local_government=town, joined_on=JOINED
        )
        Action.objects.create(local_government=town, title="Trams", status="in_progress")

    join("de-ulm")  # an action proves a milestone: its records are read once, whatever their number
    few = queries()
    for code in ("de-bonn", "de-kiel", "de-jena"):
        join(code)

    assert queries() == few
