"""The plan's pages: the adopted plan and any plan for everyone, drafts and the
forms for the secretariat alone (a draft is a 404 for others, a form of a
plan they read a 403; the sign-in page for the anonymous)."""

from __future__ import annotations

import pytest

from localaction.strategy.models import Goal, StrategicPlan

OTHERS = ["anonymous", "editor", "colleague", "staff", "other_staff"]


def test_the_adopted_plan_shows_every_goal(client_as, cape_town):
    page = client_as("anonymous").get("/plan/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Strategic Plan 2007–2012 (Cape Town Plan)" in html
    for goal in Goal.objects.filter(area__plan=cape_town).select_related("area"):
        assert f'id="goal-{goal.reference}"' in html
        assert f'<th scope="row">{goal.reference}</th>' in html
    assert 'id="area-3.1.2"' in html and "The Movement" in html
    assert "3 March 2006" in html


def test_without_an_adopted_plan_the_page_says_so(client_as, cape_town):
    StrategicPlan.objects.filter(pk=cape_town.pk).update(status=StrategicPlan.Status.SUPERSEDED)
    page = client_as("anonymous").get("/plan/")
    assert page.status_code == 200 and "No plan is adopted." in page.content.decode()


@pytest.mark.parametrize("who", [*OTHERS, "secretariat"])
def test_an_adopted_plan_for_everyone(client_as, cape_town, who):
    assert client_as(who).get(f"/plan/{cape_town.pk}/").status_code == 200
    assert client_as(who).get(f"/plan/{cape_town.pk}/compare/").status_code == 200


@pytest.mark.parametrize("who", OTHERS)
def test_a_draft_is_hidden_from_others(client_as, draft, who):
    assert client_as(who).get(f"/plan/{draft.pk}/").status_code == 404
    assert client_as(who).get(f"/plan/{draft.pk}/compare/").status_code == 404
    assert draft.title not in client_as(who).get("/plan/").content.decode()


def test_the_secretariat_reads_a_draft_with_its_forms(client_as, draft):
    page = client_as("secretariat").get(f"/plan/{draft.pk}/")
    html = page.content.decode()
    assert page.status_code == 200
    assert f"/plan/{draft.pk}/adopt/" in html
    area = draft.areas.get(number="2.1")
    assert f"/plan/areas/{area.pk}/edit/" in html
    assert draft.title in client_as("secretariat").get("/plan/").content.decode()


def _forms(cape_town, draft):
    area = draft.areas.get(number="2.1")
    goal = area.goals.get(letter="a")
    return [
        f"/plan/{cape_town.pk}/draft/",
        f"/plan/{draft.pk}/draft/",
        f"/plan/{draft.pk}/adopt/",
        f"/plan/areas/{area.pk}/edit/",
        f"/plan/goals/{goal.pk}/edit/",
    ]


def test_the_forms_ask_the_anonymous_to_sign_in(client_as, cape_town, draft):
    for url in _forms(cape_town, draft):
        response = client_as("anonymous").get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"], url


@pytest.mark.parametrize("who", ["editor", "colleague", "staff", "other_staff"])
def test_the_forms_are_the_secretariats(client_as, cape_town, draft, who):
    client = client_as(who)
    # A form of the adopted plan they read is refused; a draft's forms, as the draft, are not found.
    assert client.get(f"/plan/{cape_town.pk}/draft/").status_code == 403
    assert client.post(f"/plan/{cape_town.pk}/draft/", _draft_data()).status_code == 403
    for url in _forms(cape_town, draft)[1:]:
        assert client.get(url).status_code == 404, url
        assert client.post(url, {"title": "x"}).status_code == 404, url
    assert StrategicPlan.objects.count() == 2


@pytest.mark.parametrize("url", [0, 1, 2, 3, 4])
def test_every_form_opens_for_the_secretariat(client_as, cape_town, draft, url):
    assert client_as("secretariat").get(_forms(cape_town, draft)[url]).status_code == 200


def _draft_data():
    return {"title": "Strategic Plan 2013–2018", "first_year": 2013, "last_year": 2018}


def test_the_secretariat_drafts_the_next_plan(client_as, cape_town):
    response = client_as("secretariat").post(f"/plan/{cape_town.pk}/draft/", _draft_data())
    draft = StrategicPlan.objects.get(status=StrategicPlan.Status.DRAFT)
    assert response.status_code == 302 and response["Location"] == draft.get_absolute_url()
    assert draft.previous == cape_town and draft.areas.count() == 24


def test_years_out_of_order_are_refused_on_the_form(client_as, cape_town):
    data = {**_draft_data(), "first_year": 2018, "last_year": 2013}
    page = client_as("secretariat").post(f"/plan/{cape_town.pk}/draft/", data)
    assert (
        page.status_code == 200 and "The last year comes after the first." in page.content.decode()
    )
    assert StrategicPlan.objects.count() == 1


def test_the_secretariat_changes_a_drafts_goal_and_area(client_as, draft):
    client = client_as("secretariat")
    goal = Goal.objects.get(area__plan=draft, area__number="2.1", letter="a")
    response = client.post(
        f"/plan/goals/{goal.pk}/edit/", {"title": "Active members", "text": "The full text."}
    )
    assert response.status_code == 302
    goal.refresh_from_db()
    assert (goal.title, goal.text) == ("Active members", "The full text.")
    area = goal.area
    client.post(f"/plan/areas/{area.pk}/edit/", {"vision": "A vision.", "approach": "An approach."})
    area.refresh_from_db()
    assert (area.vision, area.approach) == ("A vision.", "An approach.")
    page = client.get(f"/plan/{draft.pk}/compare/").content.decode()
    assert "Changed" in page and "Unchanged" in page


def test_an_adopted_plans_texts_are_refused_with_a_message(client_as, cape_town):
    client = client_as("secretariat")
    goal = Goal.objects.get(area__plan=cape_town, area__number="2.1", letter="a")
    for url in (f"/plan/goals/{goal.pk}/edit/", f"/plan/areas/{goal.area.pk}/edit/"):
        response = client.post(url, {"title": "Other", "text": "", "vision": "V"}, follow=True)
        assert "is adopted: its text is fixed" in response.content.decode()
    goal.refresh_from_db()
    assert goal.title != "Other" and goal.area.vision == ""


def test_the_secretariat_adopts_a_draft(client_as, cape_town, draft, decide):
    decision = decide("EXCOM")
    page = client_as("secretariat").get(f"/plan/{draft.pk}/adopt/")
    assert decision.reference in page.content.decode()
    response = client_as("secretariat").post(f"/plan/{draft.pk}/adopt/", {"decision": decision.pk})
    assert response.status_code == 302
    draft.refresh_from_db()
    cape_town.refresh_from_db()
    assert draft.status == "adopted" and cape_town.status == "superseded"
    html = client_as("anonymous").get("/plan/").content.decode()
    assert draft.title in html and decision.reference in html


def test_an_adoption_refused_is_said_on_the_form(client_as, cape_town, draft, decide):
    draft.areas.get(number="4.3").goals.all().delete()
    decision = decide("COUNCIL")
    page = client_as("secretariat").post(f"/plan/{draft.pk}/adopt/", {"decision": decision.pk})
    assert page.status_code == 200
    assert "Area 4.3 Research, Development &amp; Piloting has no goals" in page.content.decode()
    draft.refresh_from_db()
    assert draft.status == "draft"


def test_a_rejected_decision_is_not_offered(client_as, draft, decide):
    decision = decide("EXCOM", "rejected")
    page = client_as("secretariat").post(f"/plan/{draft.pk}/adopt/", {"decision": decision.pk})
    assert page.status_code == 200 and decision.reference not in page.content.decode()
    draft.refresh_from_db()
    assert draft.status == "draft"


def test_the_comparison_marks_changes_in_words(client_as, cape_town, draft):
    Goal.objects.get(area__plan=draft, area__number="2.3", letter="c").delete()
    Goal.objects.create(area=draft.areas.get(number="2.3"), letter="d", title="A new goal")
    goal = Goal.objects.get(area__plan=draft, area__number="2.3", letter="a")
    goal.title = "Grow where present"
    goal.save()
    html = client_as("secretariat").get(f"/plan/{draft.pk}/compare/").content.decode()
    assert "<del>Grow operations where present</del>" in html
    assert "<ins>Grow where present</ins>" in html and ">Changed<" in html
    assert "<ins>A new goal</ins>" in html and ">Added<" in html
    assert "<del>Foundations in China</del>" in html and ">Removed<" in html


def test_a_plan_without_previous_has_nothing_to_compare(client_as, cape_town):
    html = client_as("anonymous").get(f"/plan/{cape_town.pk}/compare/").content.decode()
    assert "there is nothing to compare it with" in html


def test_the_nav_links_the_plan(client_as, cape_town):
    assert 'href="/plan/"' in client_as("anonymous").get("/").content.decode()
