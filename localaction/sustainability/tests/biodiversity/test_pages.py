"""Every biodiversity page for every role, the CBI results over time, and
what a refused write leaves (nothing)."""

import datetime

import pytest
from django.urls import reverse

from localaction.sustainability.biodiversity import cbi as results
from localaction.sustainability.biodiversity.models import BiodiversityCommitment

EVERYONE = ("anonymous", "colleague", "editor", "outsider", "staff", "other_staff", "secretariat")
INSIDERS = {"colleague", "editor", "staff", "secretariat"}
EDITORS = {"editor", "staff", "secretariat"}


def _url(name, *args):
    return reverse(f"biodiversity:{name}", args=args)


@pytest.mark.parametrize("who", EVERYONE)
def test_the_member_page_shows_standing_commitments_to_all_drafts_to_insiders(
    client_as, commitments, who
):
    text = client_as(who).get(_url("member", "de-freiburg")).content.decode()
    assert "Durban Commitment" in text and "Council decision 114/2008" in text
    assert ("Freiburg nature pledge" in text) == (who in INSIDERS)
    assert ("Record a commitment" in text) == (who in EDITORS)


@pytest.mark.parametrize("who", EVERYONE)
def test_the_directory_lists_published_standing_commitments_by_region(client_as, commitments, who):
    text = client_as(who).get(_url("network")).content.decode()
    assert "Freiburg im Breisgau" in text and "Europe" in text
    assert "Freiburg nature pledge" not in text
    assert "1 member had a biodiversity commitment in force" in text


@pytest.mark.parametrize("who", EVERYONE)
def test_cbi_results_over_time_published_to_all_closed_to_insiders(client_as, cbi, who):
    text = client_as(who).get(_url("member", "de-freiburg")).content.decode()
    assert "CBI 2023" in text and "61 / 92" in text
    assert ("CBI 2019" in text) == (who in INSIDERS)
    assert ("44 / 92" in text) == (who in INSIDERS)
    assert 'id="cbi-title"' in text  # the chart, labelled


def test_the_cbi_rows_hold_the_parts_worked_by_hand(cast, cbi):
    rows = results.cbi_rows(cast.editor, cast.freiburg)
    assert [(r.year, r.parts, r.total, r.maximum) for r in rows] == [
        (2019, (16, 8, 20), 44, 92),
        (2023, (23, 12, 26), 61, 92),
    ]
    assert all(sum(r.parts) == r.total for r in rows)


def test_the_benchmark_takes_each_members_latest_total(cast, cbi):
    from localaction.sustainability.resilience.scorecards import assessment_record
    from localaction.sustainability.tests.biodiversity.conftest import ANSWERS_2019

    assessment_record(
        local_government=cast.nairobi,
        code="cbi",
        title="Nairobi CBI",
        assessed_on=datetime.date(2022, 1, 10),
        answers=ANSWERS_2019,
        publish=False,
    )
    benchmark = results.network_benchmark()
    # Freiburg's latest 61 and Nairobi's 44: median 52.5; inclusive quartiles
    # 44 + 0.25 × 17 = 48.25 and 44 + 0.75 × 17 = 56.75.
    assert (benchmark.count, benchmark.median) == (2, 52.5)
    assert (benchmark.lower_quartile, benchmark.upper_quartile) == (48.25, 56.75)
    totals = results.latest_totals()
    assert sorted(total for _a, total in totals.values()) == [44, 61]


def test_a_closed_result_is_counted_but_not_named_on_the_network_page(client_as, cast, cbi):
    from localaction.sustainability.resilience.scorecards import assessment_record
    from localaction.sustainability.tests.biodiversity.conftest import ANSWERS_2019

    assessment_record(
        local_government=cast.nairobi,
        code="cbi",
        title="Nairobi CBI",
        assessed_on=datetime.date(2022, 1, 10),
        answers=ANSWERS_2019,
        publish=False,
    )
    text = client_as("anonymous").get(_url("network")).content.decode()
    assert "2 members have a finished City Biodiversity Index" in text
    assert "Freiburg im Breisgau</a></th>" in text
    assert "Nairobi</a></th>" not in text


@pytest.mark.parametrize("who", EVERYONE)
def test_only_editors_record_a_commitment(client_as, cast, who):
    data = {
        "kind": "lab",
        "title": "LAB pioneer",
        "adopted_on": "2010-01-15",
        "council_decision": "Decision 7/2010",
        "areas": ["strategy", "education"],
        "status": "active",
    }
    response = client_as(who).post(_url("commitment-new", "de-freiburg"), data)
    assert BiodiversityCommitment.objects.filter(kind="lab").exists() == (who in EDITORS)
    if who in EDITORS:
        assert response.status_code == 302
    elif who != "anonymous":
        assert response.status_code == 403


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        ({"areas": []}, "This field is required"),
        ({"areas": ["moon_landing"]}, "not one of the available choices"),
        ({"adopted_on": "2999-01-01"}, "in the future"),
        ({"kind": "durban"}, "already has this commitment"),
        ({"council_decision": ""}, "This field is required"),
        ({"decision_url": "not a url"}, "Enter a valid URL"),
    ],
)
def test_a_bad_commitment_is_refused_and_nothing_written(client_as, commitments, change, problem):
    data = {
        "kind": "lab",
        "title": "LAB pioneer",
        "adopted_on": "2010-01-15",
        "council_decision": "Decision 7/2010",
        "areas": ["strategy"],
        "status": "active",
    } | change
    response = client_as("editor").post(_url("commitment-new", "de-freiburg"), data)
    assert response.status_code == 400
    assert problem in response.content.decode()
    assert BiodiversityCommitment.objects.count() == 2


def test_an_editor_changes_a_commitments_status(client_as, commitments):
    durban, _own = commitments
    data = {
        "kind": "durban",
        "title": durban.title,
        "adopted_on": "2008-05-20",
        "council_decision": durban.council_decision,
        "areas": durban.areas,
        "status": "fulfilled",
    }
    response = client_as("editor").post(_url("commitment-edit", "de-freiburg", durban.pk), data)
    assert response.status_code == 302
    durban.refresh_from_db()
    assert durban.status == "fulfilled"
    # Another member's commitment is not found under this member.
    assert (
        client_as("outsider").get(_url("commitment-edit", "ke-nairobi", durban.pk)).status_code
        == 404
    )


@pytest.mark.parametrize("who", EVERYONE)
def test_the_profile_section_shows_standing_commitments(client_as, commitments, who):
    text = (
        client_as(who)
        .get(reverse("network:local-government", args=["de-freiburg"]))
        .content.decode()
    )
    assert 'id="biodiversity-section"' in text and "Durban Commitment" in text
