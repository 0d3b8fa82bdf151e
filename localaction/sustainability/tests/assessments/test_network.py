"""Benchmarks against an independent computation, the network's figures and
their partial, the milestone rule, the command and the demo part."""

import datetime
import json
import statistics

import numpy
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.template.loader import render_to_string
from django.urls import reverse

from localaction.campaigns import recognition
from localaction.campaigns.models import Campaign
from localaction.network.models import Country, LocalGovernment
from localaction.sustainability.assessments import benchmarks, services
from localaction.sustainability.assessments.demo import build_demo_assessments
from localaction.sustainability.assessments.library import shipped
from localaction.sustainability.assessments.models import Assessment, Questionnaire
from localaction.sustainability.assessments.network import network_figures

# Five German members answer commitment.leadership only, one respondent each:
# 0..4 of 4 → 0, 25, 50, 75, 100 %; Freiburg's (closed) answers give 50 % on
# commitment and participation (the conftest). Sizes: populations below.
LEVELS = {
    "de-a": (0, 30_000),
    "de-b": (1, 80_000),
    "de-c": (2, 120_000),
    "de-d": (3, 600_000),
    "de-e": (4, 2_000_000),
}


@pytest.fixture
def network(cast, la21, closed):
    germany = Country.objects.get(code="DE")
    made = {}
    for code, (level, population) in LEVELS.items():
        lg = LocalGovernment.objects.create(
            code=code, name=f"Town {code}", country=germany, population=population
        )
        a = services.assessment_create(
            local_government=lg,
            questionnaire=la21,
            title="LA21",
            assessed_on=datetime.date(2024, 6, 1),
        )
        r = services.respondent_invite(assessment=a, group="authority", name="Office")
        services.answers_save(
            assessment=a, respondent=r, answers={"commitment.leadership": str(level)}
        )
        services.assessment_close(assessment=a)
        made[code] = a
    services.assessment_publish(assessment=made["de-e"])
    return made


def test_benchmarks_equal_an_independent_computation(network, closed):
    figures = benchmarks.network_benchmarks("la21")
    totals = sorted(e.result.percent for e in figures.entries)
    # Freiburg's total: commitment 50 %, participation 50 % → 50 % (only sections answered count)
    assert totals == pytest.approx([0, 25, 50, 50, 75, 100])
    expected = numpy.percentile(totals, [25, 50, 75], method="linear")
    found = figures.overall.benchmark
    assert [found.lower_quartile, found.median, found.upper_quartile] == pytest.approx(
        list(expected)
    )
    assert found.median == statistics.median(totals) == 50
    europe = figures.regions[0]
    assert europe.count == 6 and europe.benchmark.median == 50
    sizes = {g.key: g.count for g in figures.sizes}
    # 30k small; 80k, 120k, Freiburg 231k medium; 600k large; 2M metropolitan
    assert sizes == {"small": 1, "medium": 3, "large": 1, "metropolitan": 1}
    assert {g.key: g.benchmark is not None for g in figures.sizes}["small"] is False
    assert [e.assessment.local_government.code for e in figures.published] == ["de-e"]


def test_each_member_counts_once_with_its_latest(network, la21):
    later = services.assessment_create(
        local_government=network["de-a"].local_government,
        questionnaire=la21,
        title="Again",
        assessed_on=datetime.date(2025, 6, 1),
    )
    r = services.respondent_invite(assessment=later, group="authority", name="Office")
    services.answers_save(assessment=later, respondent=r, answers={"commitment.leadership": "4"})
    services.assessment_close(assessment=later)
    entries = benchmarks.network_benchmarks("la21").entries
    assert len(entries) == 6
    assert {e.assessment.pk for e in entries} >= {later.pk}


def test_the_network_page_names_only_published_members(client_as, network):
    for who in ("anonymous", "outsider", "editor"):
        body = client_as(who).get(reverse("assessments:network", args=["la21"])).content.decode()
        assert "Town de-e" in body
        assert "Town de-a" not in body and "Freiburg" not in body
        assert "Hyndman and Fan" in body


def test_the_network_page_of_an_unknown_questionnaire(client, db):
    assert client.get(reverse("assessments:network", args=["nothing"])).status_code == 404


def test_network_figures_and_their_partial(network):
    figures = network_figures(2024)
    (la21,) = figures.instruments
    assert (la21.members, la21.published) == (6, 1)
    assert la21.median_total == pytest.approx(50)
    html = render_to_string("sustainability/assessments/_network_report.html", {"figures": figures})
    assert "Members assessed" in html and "50.0 %" in html and 'scope="row"' in html
    assert network_figures(2019).instruments == ()
    assert "No member closed" in render_to_string(
        "sustainability/assessments/_network_report.html", {"figures": network_figures(2019)}
    )


def test_the_milestone_rule_proves_with_the_latest_closed_assessment(cast, closed, assessment):
    campaign = Campaign.objects.get(code="local-agenda-21")  # seeded with the campaigns
    facts = recognition.Facts([cast.freiburg.pk, cast.nairobi.pk])
    assert facts.proof("assessment_closed", cast.freiburg.pk, campaign.pk) == (
        Assessment,
        closed.pk,
    )
    assert facts.proof("assessment_closed", cast.nairobi.pk, campaign.pk) is None
    assert "assessment_closed" in dict(recognition.choices())


def test_the_command_loads_a_new_version_and_refuses_a_changed_one(la21, tmp_path, capsys):
    data = shipped("la21")
    data["version"] = 2
    path = tmp_path / "la21-v2.json"
    path.write_text(json.dumps(data))
    call_command("assessments", "load", str(path))
    assert Questionnaire.objects.filter(code="la21", version=2).exists()
    call_command("assessments", "load", str(path))
    assert "already loaded" in capsys.readouterr().out
    data["name"] = "Changed"
    path.write_text(json.dumps(data))
    with pytest.raises(CommandError, match="new version"):
        call_command("assessments", "load", str(path))
    path.write_text("{not json")
    with pytest.raises(CommandError, match="not a UTF-8 JSON"):
        call_command("assessments", "load", str(path))


def test_the_demo_part_is_deterministic(cast, la21):
    members, count, _published = build_demo_assessments(seed=3)
    assert members == 2  # the cast's published members: Freiburg (the editor's) and Nairobi
    freiburg = Assessment.objects.filter(local_government=cast.freiburg).order_by("assessed_on")
    assert [a.status for a in freiburg] == ["closed", "draft"]  # one to work on
    assert all(a.respondents.filter(group="stakeholder").count() >= 2 for a in freiburg)
    first = sorted(
        Assessment.objects.values_list("local_government__code", "assessed_on", "status")
    )
    answers = Assessment.objects.count()
    Assessment.objects.all().delete()
    build_demo_assessments(seed=3)
    assert (
        sorted(Assessment.objects.values_list("local_government__code", "assessed_on", "status"))
        == first
    )
    assert Assessment.objects.count() == answers == count


@pytest.mark.parametrize("who", ("anonymous", "outsider", "editor", "secretariat"))
def test_the_benchmarks_api_is_public_and_names_only_published_members(client_as, network, who):
    data = client_as(who).get("/api/assessments/benchmarks/la21/").json()
    assert data["network"]["members"] == 6
    assert data["network"]["benchmark"]["median"] == pytest.approx(50)
    assert [p["member"] for p in data["published"]] == ["de-e"]
    assert {b["key"]: b["benchmark"] for b in data["size_bands"]}["small"] is None
    assert client_as(who).get("/api/assessments/benchmarks/nothing/").status_code == 404


@pytest.mark.parametrize("who", ("anonymous", "editor"))
def test_the_network_index_lists_the_questionnaires(client_as, la21, who):
    response = client_as(who).get(reverse("assessments:network-index"))
    assert response.status_code == 200
    assert reverse("assessments:network", args=["la21"]) in response.content.decode()


def test_the_network_report_has_the_assessments_section(network):
    from localaction.report_sections import sections

    (section,) = [s for s in sections() if s.key == "assessments"]
    html = render_to_string(section.template, {"figures": section.figures(2024)})
    assert 'id="report-assessments"' in html
    assert reverse(section.page) in html
