"""The knowledge API against the permission matrix."""

from __future__ import annotations

import pytest

from localaction.knowledge.models import CaseStudy, ReviewState

EVERYONE = ("editor", "colleague", "outsider", "staff", "other_staff", "secretariat", "anonymous")
LIST = "/api/knowledge/case-studies/"


@pytest.mark.parametrize("who", EVERYONE)
def test_published_case_studies_for_everyone_drafts_for_nobody(client_as, draft, published, who):
    listed = client_as(who).get(LIST).json()
    assert [one["title"] for one in listed["results"]] == ["Bike lanes everywhere"]
    one = listed["results"][0]
    assert one["figures"][0] == {
        "label": "Avoided",
        "kind": "action",
        "value": 1200.0,
        "unit": "t CO2e a year",
        "context": "Solar roofs",
    }
    assert (one["contacts"] is None) == (who == "anonymous")
    assert client_as(who).get(f"{LIST}{draft.pk}/").status_code == 404
    expected = 200 if who in {"editor", "staff", "secretariat"} else 404
    assert client_as(who).get(f"{LIST}{draft.pk}/draft/").status_code == expected


@pytest.mark.parametrize("who", EVERYONE)
def test_create(cast, client_as, world, who):
    response = client_as(who).post(
        LIST,
        {
            "lead_member": "de-freiburg",
            "language_code": "es",
            "title": "Techos solares",
            "summary": "Paneles en las escuelas.",
            "problem": "<p onmouseover='x()'>Gasóleo</p>",
            "sectors": ["I"],
            "campaigns": ["climate-europe"],
            "cost": {"amount": "1000.00", "currency": "EUR"},
            "figures": [{"label": "Evitado", "kind": "action", "record": world.action.pk}],
            "contacts": [{"name": "Ana", "email": "ana@example.org"}],
        },
        content_type="application/json",
    )
    # The outsider and the other office write for Nairobi, not for Freiburg.
    expected = {"anonymous": 401, "editor": 201, "staff": 201, "secretariat": 201}.get(who, 403)
    assert response.status_code == expected, response.content
    if expected == 201:
        created = CaseStudy.objects.get()
        assert not created.live and created.locale.language_code == "es"
        assert "onmouseover" not in created.problem
        assert response.json()["figures"][0]["value"] == 1200.0
    else:
        assert not CaseStudy.objects.exists()


def test_create_refuses_figures_of_other_members(client_as, world):
    response = client_as("editor").post(
        LIST,
        {
            "lead_member": "de-freiburg",
            "title": "x",
            "summary": "x",
            "figures": [{"label": "x", "kind": "action", "record": world.nairobi_action.pk}],
        },
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "not a member" in str(response.json())
    assert not CaseStudy.objects.exists()


@pytest.mark.parametrize("who", EVERYONE)
def test_edit_submit_review(cast, client_as, published, who):
    client = client_as(who)
    edit = client.patch(
        f"{LIST}{published.pk}/", {"title": "New title"}, content_type="application/json"
    )
    writer = who in {"editor", "staff", "secretariat"}
    assert edit.status_code == (200 if writer else 401 if who == "anonymous" else 403)
    published.refresh_from_db()
    assert published.title == "Bike lanes everywhere"  # the live version stays
    if not writer:
        return
    assert client.get(f"{LIST}{published.pk}/").json()["title"] == "Bike lanes everywhere"
    assert client.post(f"{LIST}{published.pk}/submit/").json()["status"] == "in_review"
    review = client_as("colleague").post(
        f"{LIST}{published.pk}/review/", {"decision": "approve"}, content_type="application/json"
    )
    assert review.status_code == 403
    review = client_as("other_staff").post(
        f"{LIST}{published.pk}/review/", {"decision": "approve"}, content_type="application/json"
    )
    assert review.status_code == 403
    refused = client_as("staff").post(
        f"{LIST}{published.pk}/review/", {"decision": "return"}, content_type="application/json"
    )
    assert refused.status_code == 400 and "comment" in refused.json()
    approved = client_as("secretariat").post(
        f"{LIST}{published.pk}/review/", {"decision": "approve"}, content_type="application/json"
    )
    assert approved.json()["status"] == ReviewState.Status.APPROVED
    assert client_as("anonymous").get(f"{LIST}{published.pk}/").json()["title"] == "New title"
