"""The biodiversity commitments' API under the pages' permissions: standing
commitments of published members for everyone, drafts for the member's people
and its offices; only the member's editors, its offices and the secretariat
write, and a refused commitment writes nothing."""

import pytest

from localaction.sustainability.biodiversity.models import BiodiversityCommitment

URL = "/api/biodiversity-commitments/"

# Who sees Freiburg's draft (the Durban Commitment is seen by all).
SEES_DRAFT = {
    "editor": True,
    "colleague": True,
    "outsider": False,
    "staff": True,
    "other_staff": False,
    "secretariat": True,
    "anonymous": False,
}
WRITES = {"editor", "staff", "secretariat"}

NEW = {
    "member": "freiburg",
    "kind": "lab",
    "title": "Local Action for Biodiversity",
    "adopted_on": "2010-05-01",
    "council_decision": "Council decision 12/2010",
    "areas": ["assessment"],
}


@pytest.mark.parametrize("who", sorted(SEES_DRAFT))
def test_every_role_reads_what_it_may(client_as, commitments, who):
    response = client_as(who).get(URL, {"member": commitments[0].local_government.code})
    assert response.status_code == 200
    titles = {row["title"] for row in response.json()["results"]}
    assert "Durban Commitment" in titles
    assert ("Freiburg nature pledge" in titles) is SEES_DRAFT[who]


@pytest.mark.parametrize("who", sorted(SEES_DRAFT))
def test_only_the_members_editors_and_offices_write(client_as, cast, who):
    new = dict(NEW, member=cast.freiburg.code)
    response = client_as(who).post(URL, new, content_type="application/json")
    expected = 201 if who in WRITES else (401 if who == "anonymous" else 403)
    assert response.status_code == expected, response.content
    assert BiodiversityCommitment.objects.exists() is (who in WRITES)


@pytest.mark.parametrize(
    "change, field",
    [
        ({"areas": ["no-such-area"]}, "areas"),
        ({"areas": []}, "areas"),
        ({"kind": "pledge"}, "kind"),
        ({"adopted_on": "9999-01-01"}, "adopted_on"),
        ({"title": "x" * 201}, "title"),
        ({"decision_url": "javascript:alert(1)"}, "decision_url"),
    ],
)
def test_a_bad_commitment_is_refused_naming_its_field(client_as, cast, change, field):
    new = dict(NEW, member=cast.freiburg.code) | change
    response = client_as("editor").post(URL, new, content_type="application/json")
    assert response.status_code == 400, response.content
    assert field in response.json()
    assert not BiodiversityCommitment.objects.exists()
