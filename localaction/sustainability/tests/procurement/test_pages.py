"""Every procurement page for every role: who sees what, who writes, and what a
refused write leaves (nothing). One test per role walks all pages, to keep the
database set up once per role."""

import datetime

import pytest
from django.urls import reverse

from localaction.sustainability.procurement import services
from localaction.sustainability.procurement.models import (
    ProcurementCommitment,
    ProcurementQuestion,
    ProcurementTender,
)

EVERYONE = ("anonymous", "colleague", "editor", "outsider", "staff", "other_staff", "secretariat")
INSIDERS = {"colleague", "editor", "staff", "secretariat"}
EDITORS = {"editor", "staff", "secretariat"}


def _url(name, *args):
    return reverse(f"procurement:{name}", args=args)


def _refused(response, who):
    """Anonymous visitors are sent to sign in; signed-in people are refused."""
    return response.status_code == (302 if who == "anonymous" else 403)


@pytest.mark.parametrize("who", EVERYONE)
def test_every_page_for_every_role(client_as, record, cast, groups, criteria, who):
    client = client_as(who)
    electricity = ProcurementTender.objects.get(group__code="electricity")
    ProcurementCommitment.objects.create(
        local_government=cast.freiburg,
        adopted_on=datetime.date(2022, 3, 1),
        decision="Freiburg commits to green tenders.",
    )

    # Public: the library, a group, the network's page; a member's commitment.
    assert client.get(_url("library")).status_code == 200
    group_page = client.get(_url("library-group", "electricity"))
    assert group_page.status_code == 200
    assert criteria["electricity-renewable-50"].text in group_page.content.decode()
    assert ("Revise" in group_page.content.decode()) == (who == "secretariat")
    network = client.get(_url("network"))
    assert network.status_code == 200 and "Members reporting" in network.content.decode()
    member = client.get(_url("member", "de-freiburg"))
    assert member.status_code == 200
    text = member.content.decode()
    assert "Freiburg commits to green tenders." in text
    assert (electricity.title in text) == (who in INSIDERS)
    assert ("procurement-green-share" in text) == (who in INSIDERS)
    # 456,000 kg (electricity) + 1,061.04 kg (vehicles); 720.00 EUR (vehicles' fuel).
    assert ("457,061 kg CO2 avoided a year" in text) == (who in INSIDERS)
    assert ("720.00 EUR saved a year" in text) == (who in INSIDERS)
    if who in {"anonymous", "outsider", "other_staff"}:
        assert client.get(_url("member", "de-hidden")).status_code == 404

    profile = client.get(cast.freiburg.get_absolute_url())
    assert profile.status_code == 200
    assert _url("member", "de-freiburg") in profile.content.decode()

    # Insiders: a tender and the downloads.
    detail = client.get(_url("tender", "de-freiburg", electricity.pk))
    assert detail.status_code == (200 if who in INSIDERS else 404)
    if who in INSIDERS:
        assert "grid factor − renewable factor" in detail.content.decode()
    for file_format in ("csv", "xlsx"):
        download = client.get(_url("tenders-download", "de-freiburg", file_format))
        assert download.status_code == (200 if who in INSIDERS else 403)

    # Editors (the member's and the offices covering it): the forms.
    for name, args in (
        ("tender-new", ("de-freiburg", "vehicles")),
        ("tender-edit", ("de-freiburg", electricity.pk)),
        ("commitment-new", ("de-freiburg",)),
        ("tenders-import", ("de-freiburg",)),
    ):
        page = client.get(_url(name, *args))
        assert page.status_code == 200 if who in EDITORS else _refused(page, who), name
    posted = client.post(
        _url("tender-new", "de-freiburg", "paper"),
        {
            "title": "Copy paper 2025",
            "value": "12000.00",
            "currency": "EUR",
            "status": "awarded",
            "awarded_on": "2025-02-01",
            "criteria_applied": "on",
            "criteria": [criteria["paper-recycled"].pk],
        },
    )
    created = ProcurementTender.objects.filter(title="Copy paper 2025")
    if who in EDITORS:
        assert posted.status_code == 302 and created.count() == 1
    else:
        assert _refused(posted, who) and not created.exists()

    # Deleting: editors only (GET is not a delete).
    paper = ProcurementTender.objects.get(group__code="paper", awarded_on__year=2023)
    assert client.get(_url("tender-delete", "de-freiburg", paper.pk)).status_code in (302, 403, 405)
    deleted = client.post(_url("tender-delete", "de-freiburg", paper.pk))
    exists = ProcurementTender.objects.filter(pk=paper.pk).exists()
    if who in EDITORS:
        assert deleted.status_code == 302 and not exists
    else:
        assert _refused(deleted, who) and exists

    # Secretariat: the library's revision page.
    revise = client.get(_url("criterion-edit", "paper", "paper-recycled"))
    assert revise.status_code == 200 if who == "secretariat" else _refused(revise, who)

    # Signed-in people: the directory and the boards.
    for page in (
        client.get(_url("professionals")),
        client.get(_url("board", "food")),
    ):
        assert page.status_code == (302 if who == "anonymous" else 200)


def test_tender_form_previews_the_savings_without_saving(client_as, criteria):
    client = client_as("editor")
    form = {
        "title": "Fleet 2025",
        "value": "300000.00",
        "currency": "EUR",
        "status": "awarded",
        "awarded_on": "2025-03-01",
        "criteria_applied": "on",
        "criteria": [criteria["vehicles-co2-limit"].pk],
        "figure_km": "20000",
        "figure_baseline_l_per_100km": "7",
        "figure_offered_l_per_100km": "5",
        "figure_fuel": "gas_diesel_oil",
        "figure_price_per_l": "1.8",
    }
    preview = client.post(_url("tender-new", "de-freiburg", "vehicles"), form | {"preview": "1"})
    assert preview.status_code == 200
    assert "1,061 kg CO2 avoided a year" in preview.content.decode()
    assert not ProcurementTender.objects.exists()
    saved = client.post(_url("tender-new", "de-freiburg", "vehicles"), form)
    assert saved.status_code == 302
    assert ProcurementTender.objects.get().co2_saving_kg == pytest.approx(1061.0379)


def test_tender_form_refuses_criteria_of_another_group(client_as, criteria):
    page = client_as("editor").post(
        _url("tender-new", "de-freiburg", "paper"),
        {
            "title": "Paper",
            "value": "10.00",
            "currency": "EUR",
            "status": "awarded",
            "awarded_on": "2025-02-01",
            "criteria_applied": "on",
            "criteria": [criteria["food-fair-trade"].pk],
        },
    )
    assert page.status_code == 400 and not ProcurementTender.objects.exists()


def test_boards_ask_answer_escape_and_moderate(client_as, cast, groups):
    editor = client_as("editor")
    assert editor.post(_url("board", "food"), {"title": "Q", "body": "B"}).status_code == 403
    services.professional_join(
        user=cast.editor, region=cast.freiburg.country.region, groups=[groups["food"]]
    )
    asked = editor.post(
        _url("board", "food"), {"title": "<script>alert(1)</script>", "body": "x" * 10}
    )
    assert asked.status_code == 302
    question = ProcurementQuestion.objects.get()
    page = editor.get(question.get_absolute_url()).content.decode()
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;" in page
    too_long = editor.post(question.get_absolute_url(), {"body": "x" * 4001})
    assert too_long.status_code == 400 and not question.answers.exists()
    assert editor.post(question.get_absolute_url(), {"body": "An answer"}).status_code == 302
    # Only the secretariat moderates; a hidden question leaves the board for others.
    assert editor.post(_url("moderate", "question", question.pk), {"hide": "1"}).status_code == 403
    secretariat = client_as("secretariat")
    assert (
        secretariat.post(_url("moderate", "question", question.pk), {"hide": "1"}).status_code
        == 302
    )
    assert editor.get(question.get_absolute_url()).status_code == 404
    assert secretariat.get(question.get_absolute_url()).status_code == 200


def test_directory_shows_only_opted_in_people_and_what_they_chose(client_as, cast, groups):
    services.professional_join(
        user=cast.editor,
        region=cast.freiburg.country.region,
        groups=[groups["food"]],
        organisation="Freiburg procurement office",
        show_email=False,
    )
    services.professional_join(
        user=cast.outsider,
        region=cast.nairobi.country.region,
        groups=[groups["vehicles"]],
        show_email=True,
    )
    client = client_as("colleague")
    page = client.get(_url("professionals")).content.decode()
    assert "Freiburg procurement office" in page
    assert cast.editor.email not in page and cast.outsider.email in page
    assert "colleague@example.org" not in page
    filtered = client.get(_url("professionals"), {"group": "vehicles"}).content.decode()
    assert "Freiburg procurement office" not in filtered and cast.outsider.email in filtered
    by_region = client.get(
        _url("professionals"), {"region": cast.freiburg.country.region.code}
    ).content.decode()
    assert "Freiburg procurement office" in by_region and cast.outsider.email not in by_region
