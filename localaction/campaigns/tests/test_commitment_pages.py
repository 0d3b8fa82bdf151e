"""A member's climate-action pages: who sees and changes what, the target form
for every type and its errors, the figures the public may see, the charts.

The inventories are conftest.RECORD: published 2010 (1,000,000 t), 2015
(920,000 t), 2020 (800,000 t) and a submitted 2022 (750,000 t) that only
insiders count.
"""

import datetime
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from localaction.campaigns.models import Action, ActionPlan, Campaign, Forecast, Target

pytestmark = pytest.mark.django_db

EVERYONE = ["editor", "colleague", "outsider", "staff", "other_staff", "secretariat", "anonymous"]
# Freiburg's people and the offices covering Germany; the rest are the public.
INSIDERS = {"editor", "colleague", "staff", "secretariat"}
EDITORS = {"editor", "staff", "secretariat"}
ADOPTED = datetime.date(2021, 3, 1)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def make_target(cast, **fields):
    values = {
        "title": "Minus 40 % by 2030",
        "type": "base_year",
        "base_year": 2010,
        "target_year": 2030,
        "reduction_percent": 40,
        "adopted_on": ADOPTED,
        "is_published": True,
    }
    target = Target(local_government=cast.freiburg, **(values | fields))
    target.full_clean()
    target.save()
    return target


@pytest.fixture
def things(cast, record):
    """A published and an unpublished target, plan and action of Freiburg."""
    plan = ActionPlan.objects.create(
        local_government=cast.freiburg,
        title="Climate action plan 2030",
        adopted_on=ADOPTED,
        is_published=True,
        document=SimpleUploadedFile("plan.pdf", b"%PDF-1.4 the plan"),
    )
    secret_plan = ActionPlan.objects.create(
        local_government=cast.freiburg, title="Draft heat plan", is_published=False
    )
    target = make_target(cast)
    secret_target = make_target(cast, title="Secret net zero", is_published=False)
    action = Action.objects.create(
        local_government=cast.freiburg,
        title="Solar roofs",
        plan=plan,
        target=target,
        status=Action.Status.IN_PROGRESS,
        impact_tco2e=12_000,
        is_published=True,
    )
    secret_action = Action.objects.create(
        local_government=cast.freiburg, title="Secret tram line", plan=secret_plan
    )
    return {
        "target": target,
        "secret_target": secret_target,
        "plan": plan,
        "secret_plan": secret_plan,
        "action": action,
        "secret_action": secret_action,
    }


def url(name, lg, *args):
    return reverse(f"campaigns:{name}", args=[lg.code, *args])


def object_url(name, obj):
    return url(name, obj.local_government, obj.pk)


# Who sees what


def view_status(who, *, published=True):
    return 200 if published or who in INSIDERS else 404


def edit_status(who, *, published=True):
    if who == "anonymous":
        return 302  # to the login page
    if not published and who not in INSIDERS:
        return 404
    return 200 if who in EDITORS else 403


@pytest.mark.parametrize("who", EVERYONE)
def test_member_pages_by_person(client_as, cast, things, who):
    client = client_as(who)
    lg = cast.freiburg
    expected = {
        url("commitments", lg): 200,
        url("forecast", lg): 200 if who in INSIDERS else 404,
        url("target-new", lg): edit_status(who),
        url("action-plan-new", lg): edit_status(who),
        url("action-new", lg): edit_status(who),
    }
    for kind, view, edit, delete in [
        ("target", "target", "target-edit", "target-delete"),
        ("plan", "action_plan", "action-plan-edit", "action-plan-delete"),
        ("action", "action", "action-edit", "action-delete"),
    ]:
        for secret in (False, True):
            obj = things[f"secret_{kind}" if secret else kind]
            expected[object_url(view, obj)] = view_status(who, published=not secret)
            expected[object_url(edit, obj)] = edit_status(who, published=not secret)
            expected[object_url(delete, obj)] = edit_status(who, published=not secret)
    expected[object_url("action-plan-document", things["plan"])] = 200
    got = {address: client.get(address).status_code for address in expected}
    assert got == expected


@pytest.mark.parametrize("who", EVERYONE)
def test_an_unpublished_member_is_404_to_the_public(client_as, cast, who):
    hidden_insiders = {"staff", "secretariat"}  # offices covering Germany
    response = client_as(who).get(url("commitments", cast.hidden))
    assert response.status_code == (200 if who in hidden_insiders else 404)


@pytest.mark.parametrize("who", EVERYONE)
def test_unpublished_things_are_listed_for_insiders_only(client_as, cast, things, who):
    page = client_as(who).get(url("commitments", cast.freiburg)).content.decode()
    assert "Minus 40 % by 2030" in page
    assert "Solar roofs" in page and "Climate action plan 2030" in page
    for secret in ("Secret net zero", "Draft heat plan", "Secret tram line"):
        assert (secret in page) == (who in INSIDERS)
    assert ("unpublished" in page) == (who in INSIDERS)
    assert ("Add a target" in page) == (who in EDITORS)


def test_the_plan_document_downloads_as_an_attachment(client_as, cast, things):
    response = client_as("anonymous").get(object_url("action-plan-document", things["plan"]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert 'filename="plan.pdf"' in response["Content-Disposition"]
    assert b"".join(response.streaming_content) == b"%PDF-1.4 the plan"
    # A plan without a document, or one the person may not see, has none.
    secret = object_url("action-plan-document", things["secret_plan"])
    assert client_as("anonymous").get(secret).status_code == 404
    assert client_as("editor").get(secret).status_code == 404


def snapshot():
    """Everything a refused request must leave as it was."""
    return [
        list(model.objects.values().order_by("pk"))
        for model in (Target, ActionPlan, Action, Forecast)
    ]


@pytest.mark.parametrize("who", ["colleague", "outsider", "other_staff", "anonymous"])
def test_refused_changes_change_nothing(client_as, cast, things, who):
    client = client_as(who)
    lg = cast.freiburg
    before = snapshot()
    target = {"title": "Hacked", "type": "fixed_level", "base_year": 2010, "target_year": 2030}
    requests = [
        (url("target-new", lg), target | {"level_tco2e": 1}),
        (object_url("target-edit", things["target"]), target | {"level_tco2e": 1}),
        (object_url("target-delete", things["target"]), {}),
        (object_url("target-delete", things["secret_target"]), {}),
        (url("action-plan-new", lg), {"title": "Hacked"}),
        (object_url("action-plan-edit", things["plan"]), {"title": "Hacked"}),
        (object_url("action-plan-delete", things["plan"]), {}),
        (url("action-new", lg), {"title": "Hacked", "kind": "mitigation", "status": "planned"}),
        (object_url("action-edit", things["action"]), {"title": "Hacked"}),
        (object_url("action-delete", things["action"]), {}),
        (object_url("action-delete", things["secret_action"]), {}),
        (url("forecast", lg), {"default_growth_percent": 5}),
    ]
    for address, data in requests:
        assert client.post(address, data).status_code in (302, 403, 404), address
    assert snapshot() == before


def test_deleting_asks_first_and_deletes_on_post_only(client_as, things):
    client = client_as("editor")
    address = object_url("target-delete", things["target"])
    page = client.get(address).content.decode()
    assert "Delete the target" in page and 'method="post"' in page
    assert Target.objects.filter(pk=things["target"].pk).exists()
    response = client.post(address)
    assert response.status_code == 302
    assert not Target.objects.filter(pk=things["target"].pk).exists()
    # The action that served it stays, without a target.
    things["action"].refresh_from_db()
    assert things["action"].target is None


def test_deleting_a_plan_keeps_its_actions(client_as, things):
    client_as("staff").post(object_url("action-plan-delete", things["plan"]))
    things["action"].refresh_from_db()
    assert not ActionPlan.objects.filter(pk=things["plan"].pk).exists()
    assert things["action"].plan is None


# The target form

COMMON = {
    "title": "Climate target",
    "base_year": "2010",
    "target_year": "2030",
    "coverage": "BASIC",
    "gwp_set": "AR6GWP100",
}
TYPES = {
    "base_year": ({"reduction_percent": "40"}, 600_000),
    "fixed_level": ({"level_tco2e": "500000", "reduction_percent": "99"}, 500_000),
    # 1,000,000 t for 200,000 inhabitants, 40 % less per inhabitant, 250,000 by 2030.
    "intensity": (
        {
            "reduction_percent": "40",
            "intensity_per": "inhabitant",
            "base_activity": "200000",
            "target_activity": "250000",
        },
        750_000,
    ),
    # BAU 2030 from 2022 (750,000 t) at 0 % growth: 30 % less is 525,000 t.
    "baseline_scenario": ({"reduction_percent": "30"}, 525_000),
}


@pytest.mark.parametrize("kind", list(TYPES))
def test_each_ghg_target_type_is_created_through_the_form(client_as, cast, record, kind):
    fields, target_t = TYPES[kind]
    data = COMMON | fields | {"type": kind, "sectors": ["I", "II"], "gases": ["CO2"]}
    # Figures of another type are not kept.
    data |= {"indicator": "water_savings", "base_value": "3"}
    response = client_as("editor").post(url("target-new", cast.freiburg), data)
    target = Target.objects.get()
    assert response.status_code == 302
    assert response["Location"] == target.get_absolute_url()
    assert (target.type, target.sectors, target.gases) == (kind, ["I", "II"], ["CO2"])
    assert target.indicator == "" and target.base_value is None
    if kind == "fixed_level":
        assert target.reduction_percent is None
    page = client_as("editor").get(target.get_absolute_url()).content.decode()
    assert f"{target_t:,}" in page


def test_an_indicator_target_is_created_through_the_form(client_as, cast, record):
    data = COMMON | {
        "type": "indicator",
        "indicator": "renewable_share",
        "indicator_unit": "percent",
        "base_value": "12",
        "target_value": "45",
        "reduction_percent": "40",
        "sectors": ["I"],
    }
    response = client_as("editor").post(url("target-new", cast.freiburg), data)
    assert response.status_code == 302
    target = Target.objects.get()
    assert (target.indicator, target.base_value, target.target_value) == (
        "renewable_share",
        12,
        45,
    )
    assert target.reduction_percent is None and target.sectors == []
    page = client_as("editor").get(target.get_absolute_url()).content.decode()
    assert "Renewable energy share: from 12 percent in 2010 to 45 percent by 2030." in page


def test_the_form_offers_the_member_s_campaigns(client_as, cast, record):
    ccp = Campaign.objects.get(code="ccp")
    page = client_as("editor").get(url("target-new", cast.freiburg)).content.decode()
    assert ccp.name not in page
    ccp.participations.create(local_government=cast.freiburg, joined_on=ADOPTED)
    page = client_as("editor").get(url("target-new", cast.freiburg)).content.decode()
    assert ccp.name in page
    data = COMMON | {"type": "base_year", "reduction_percent": "40", "campaign": ccp.pk}
    client_as("editor").post(url("target-new", cast.freiburg), data)
    assert Target.objects.get().campaign == ccp


def field_errors(page: str, field: str) -> str:
    found = re.search(rf'<ul class="errorlist" id="id_{field}_errors"[^>]*>(.*?)</ul>', page, re.S)
    return found.group(1) if found else ""


@pytest.mark.parametrize(
    ("fields", "field", "words"),
    [
        ({"type": "base_year", "target_year": "2010", "reduction_percent": "10"}, "target_year",
         "must come after the base year"),
        ({"type": "indicator", "target_year": "2005", "indicator": "energy_savings",
          "indicator_unit": "MWh", "base_value": "1", "target_value": "2"}, "target_year",
         "must come after the base year"),
        ({"type": "base_year", "reduction_percent": "101"}, "reduction_percent",
         "between 0 % and 100 %"),
        ({"type": "baseline_scenario", "reduction_percent": "-5"}, "reduction_percent",
         "between 0 % and 100 %"),
        ({"type": "intensity", "reduction_percent": "10", "intensity_per": "economic_output"},
         "base_activity", "needs activity data"),
        ({"type": "intensity", "reduction_percent": "10"}, "intensity_per",
         "what the intensity is expressed per"),
        ({"type": "base_year", "base_year": "2012", "reduction_percent": "10"}, "base_year",
         "has no inventory for the base year 2012"),
        ({"type": "fixed_level"}, "level_tco2e", "states its level"),
    ],
)  # fmt: skip
def test_bad_targets_show_the_error_at_the_field_and_save_nothing(
    client_as, cast, record, fields, field, words
):
    response = client_as("editor").post(url("target-new", cast.freiburg), COMMON | fields)
    assert response.status_code == 200
    assert words in field_errors(response.content.decode(), field)
    assert not Target.objects.exists()


def test_an_intensity_target_needs_a_population_or_activity(client_as, cast, record):
    cast.freiburg.population = None
    cast.freiburg.save()
    data = COMMON | {"type": "intensity", "reduction_percent": "10", "intensity_per": "inhabitant"}
    page = client_as("editor").post(url("target-new", cast.freiburg), data).content.decode()
    assert "needs activity data" in field_errors(page, "base_activity")
    assert not Target.objects.exists()


def test_editing_a_target_keeps_it_whole_on_errors(client_as, things):
    target = things["target"]
    data = COMMON | {"title": "Changed", "type": "base_year", "reduction_percent": "140"}
    response = client_as("editor").post(object_url("target-edit", target), data)
    assert "between 0 % and 100 %" in field_errors(response.content.decode(), "reduction_percent")
    target.refresh_from_db()
    assert (target.title, target.reduction_percent) == ("Minus 40 % by 2030", 40)


# Figures and charts


def test_public_figures_count_published_inventories_only(client_as, cast, things):
    target_url = things["target"].get_absolute_url()
    for page_url in (
        target_url,
        url("commitments", cast.freiburg),
        cast.freiburg.get_absolute_url(),
    ):
        public = client_as("anonymous").get(page_url).content.decode()
        # BAU from 2020 (800,000 t, the latest published) for the public …
        assert "800,000" in public, page_url
        for hidden in ("750,000", "420,000", "330,000"):  # the submitted 2022 inventory
            assert hidden not in public, (page_url, hidden)
    # … from 2022 for insiders: committed reduction 750,000 − 600,000.
    inside = client_as("colleague").get(target_url).content.decode()
    assert "750,000" in inside and "150,000" in inside


def test_the_target_page_states_the_target_and_its_progress(client_as, things):
    page = client_as("anonymous").get(things["target"].get_absolute_url()).content.decode()
    assert "Reduce emissions by 40 % below their 2010 level by 2030." in page
    # 2015: 920,000 t above the trajectory's 900,000 t; 2020 on the line.
    rows = {}
    for row in page.split("<tr>"):
        year = re.match(r'<th scope="row">(\d{4})', row)
        badge = re.search(r'<span class="badge (\w+)">', row)
        if year and badge:
            rows[year.group(1)] = badge.group(1)
    assert rows == {"2015": "off_track", "2020": "on_track"}
    assert "600,000" in page and "200,000" in page  # target; committed reduction 800k − 600k


def test_bau_below_target_is_shown_with_a_warning(client_as, cast, record):
    target = make_target(cast, type="fixed_level", level_tco2e=900_000, reduction_percent=None)
    page = client_as("editor").get(target.get_absolute_url()).content.decode()
    assert "Business as usual already lies below the target." in page
    assert 'role="alert"' in page
    overview = client_as("editor").get(url("commitments", cast.freiburg)).content.decode()
    assert "BAU below target" in overview


def charts_in(page: str) -> list[str]:
    return re.findall(r"<svg\b.*?</svg>", page, re.S)


def test_the_target_and_forecast_pages_draw_their_charts(client_as, cast, things):
    target_page = client_as("anonymous").get(things["target"].get_absolute_url()).content.decode()
    forecast_page = client_as("colleague").get(url("forecast", cast.freiburg)).content.decode()
    for page in (target_page, forecast_page):
        (svg,) = charts_in(page)
        assert re.search(r"<title id=\"\w+-title\">[^<]+</title>", svg)
        assert "Inventories" in svg and "BAU forecast" in svg
    assert "Trajectory" in charts_in(target_page)[0]


def test_an_indicator_target_shows_values_not_charts(client_as, cast):
    target = make_target(
        cast,
        type="indicator",
        reduction_percent=None,
        indicator="water_savings",
        indicator_unit="m**3",
        base_value=0,
        target_value=2_000_000,
    )
    page = client_as("anonymous").get(target.get_absolute_url()).content.decode()
    assert not charts_in(page)
    assert "Water savings: from 0 m**3 in 2010 to 2,000,000 m**3 by 2030." in page


# The forecast


def test_the_forecast_starts_from_the_latest_counting_inventory(client_as, cast, record):
    page = client_as("staff").get(url("forecast", cast.freiburg)).content.decode()
    assert "the forecast starts from 2022" in page
    assert "420,000" in page and "330,000" in page  # its sectors


def test_the_forecast_without_an_inventory_says_so(client_as, cast):
    page = client_as("editor").get(url("forecast", cast.freiburg)).content.decode()
    assert "No inventory counts yet" in page
    assert not charts_in(page)


def test_editors_set_the_growth_rates(client_as, cast, record):
    client = client_as("editor")
    data = {"default_growth_percent": "1", "sector_II": "-2", "note": "Mobility plan"}
    response = client.post(url("forecast", cast.freiburg), data)
    assert response.status_code == 302
    forecast = Forecast.objects.get(local_government=cast.freiburg)
    assert forecast.default_growth_percent == 1
    assert forecast.sector_growth_percent == {"II": -2}
    page = client.get(url("forecast", cast.freiburg)).content.decode()
    # 2050 from 2022: I 420,000 × 1.01^28, II 330,000 × 0.98^28.
    assert f"{round(420_000 * 1.01**28):,}" in page
    assert f"{round(330_000 * 0.98**28):,}" in page


def test_a_bad_rate_is_refused_and_nothing_saved(client_as, cast, record):
    response = client_as("editor").post(url("forecast", cast.freiburg), {"sector_I": "60"})
    assert response.status_code == 200
    assert field_errors(response.content.decode(), "sector_I")
    assert not Forecast.objects.exists()


def test_viewers_see_the_forecast_without_a_form(client_as, cast, record):
    page = client_as("colleague").get(url("forecast", cast.freiburg)).content.decode()
    assert "Save the rates" not in page


# Plans and actions


def test_a_plan_is_created_with_its_document(client_as, cast):
    data = {
        "title": "Climate plan",
        "adopted_on": "2021-03-01",
        "is_published": "on",
        "document": SimpleUploadedFile("council.pdf", b"%PDF-1.4"),
    }
    response = client_as("editor").post(url("action-plan-new", cast.freiburg), data)
    assert response.status_code == 302
    plan = ActionPlan.objects.get()
    assert plan.document.name.endswith(".pdf") and plan.adopted_on == ADOPTED


def test_a_plan_adopted_in_the_future_is_refused(client_as, cast):
    tomorrow = datetime.date.today() + datetime.timedelta(days=1)
    data = {"title": "Climate plan", "adopted_on": tomorrow.isoformat()}
    page = client_as("editor").post(url("action-plan-new", cast.freiburg), data).content.decode()
    assert "future" in field_errors(page, "adopted_on")
    assert not ActionPlan.objects.exists()


def test_actions_choose_among_the_member_s_own_plans_and_targets(client_as, cast, things):
    other_plan = ActionPlan.objects.create(local_government=cast.nairobi, title="Nairobi plan")
    client = client_as("editor")
    page = client.get(url("action-new", cast.freiburg) + f"?plan={things['plan'].pk}").content
    page = page.decode()
    assert "Climate action plan 2030" in page and "Nairobi plan" not in page
    assert re.search(rf'<option value="{things["plan"].pk}" selected>', page)
    data = {"title": "Bike lanes", "kind": "mitigation", "status": "planned", "plan": other_plan.pk}
    response = client.post(url("action-new", cast.freiburg), data)
    assert field_errors(response.content.decode(), "plan")
    assert not Action.objects.filter(title="Bike lanes").exists()


def test_an_action_is_created_with_its_impact_and_co_benefits(client_as, cast, things):
    data = {
        "title": "Bike lanes",
        "kind": "mitigation",
        "sector": "II",
        "status": "in_progress",
        "target": things["target"].pk,
        "cost": "250000",
        "currency": "EUR",
        "impact_tco2e": "1500",
        "impact_amount": "3",
        "impact_unit": "km",
        "co_benefits": ["health", "air_quality"],
        "is_published": "on",
    }
    response = client_as("staff").post(url("action-new", cast.freiburg), data)
    assert response.status_code == 302
    action = Action.objects.get(title="Bike lanes")
    assert action.co_benefits == ["health", "air_quality"]
    page = client_as("anonymous").get(action.get_absolute_url()).content.decode()
    assert "1,500 t CO2e a year" in page and "Health" in page and "Air quality" in page


def test_an_action_bad_input_shows_at_its_field(client_as, cast):
    data = {"title": "X", "kind": "mitigation", "status": "planned", "cost": "10"}
    page = client_as("editor").post(url("action-new", cast.freiburg), data).content.decode()
    assert "currency" in field_errors(page, "currency")
    assert not Action.objects.exists()


def test_a_public_action_names_no_unpublished_plan(client_as, cast, things):
    things["action"].plan = things["secret_plan"]
    things["action"].save()
    page = client_as("anonymous").get(things["action"].get_absolute_url()).content.decode()
    assert "Draft heat plan" not in page
    assert (
        "Draft heat plan"
        in client_as("colleague").get(things["action"].get_absolute_url()).content.decode()
    )


# The member's profile


@pytest.mark.parametrize("who", EVERYONE)
def test_the_profile_shows_campaigns_targets_and_plans(client_as, cast, things, who):
    ccp = Campaign.objects.get(code="ccp")
    ccp.participations.create(local_government=cast.freiburg, joined_on=ADOPTED)
    page = client_as(who).get(cast.freiburg.get_absolute_url()).content.decode()
    assert "Campaigns and climate action" in page
    assert reverse("campaigns:participation", args=[ccp.code, cast.freiburg.code]) in page
    assert re.search(r"\d of \d milestones achieved", page)
    assert url("commitments", cast.freiburg) in page
    assert things["target"].get_absolute_url() in page
    assert "600,000" in page  # the target, t CO2e
    assert things["plan"].get_absolute_url() in page
    for secret in ("secret_target", "secret_plan"):
        assert (things[secret].get_absolute_url() in page) == (who in INSIDERS)
