"""Every page and form of the results for every role: anonymous, a member's
editor, office staff (of the indicator's office and of another), the
secretariat, and a member of a governing body; the PDF report's text."""

from __future__ import annotations

import io

import pypdf
import pytest
from django.test import Client
from django.utils import timezone

from localaction.results.models import Indicator, Review, Value

EVIDENCE = "https://example.org/minutes.pdf"
ROLES = ["anonymous", "editor", "staff", "other_staff", "secretariat", "board"]
READERS = {"staff", "other_staff", "secretariat", "board"}


@pytest.fixture
def client_of(cast, board_member):
    def signed_in(who: str) -> Client:
        client = Client()
        user = board_member if who == "board" else getattr(cast, who)
        if user is not None:
            client.force_login(user)
        return client

    return signed_in


@pytest.fixture
def measured(indicator):
    """A public computed indicator on 2.1a, a private reported one on 2.7a."""
    public = indicator(
        "2.1a",
        name="Active members",
        source=Indicator.Source.COMPUTED,
        measure="active_members",
        baseline=0.0,
        target=10.0,
        is_public=True,
    )
    private = indicator("2.7a", name="Share of offices with audited accounts", unit="%")
    return public, private


def this_period(indicator):
    return indicator.periods.get(starts_on__year=timezone.localdate().year)


def expected_read(who: str, response) -> None:
    if who == "anonymous":
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    elif who in READERS:
        assert response.status_code == 200
    else:
        assert response.status_code == 403


@pytest.mark.parametrize("who", ROLES)
def test_the_public_results_show_public_indicators_only(client_of, measured, who):
    response = client_of(who).get("/plan/results/")
    assert response.status_code == 200
    assert "Active members" in response.content.decode()
    assert "audited accounts" not in response.content.decode()
    assert "/plan/indicators/" not in response.content.decode()
    assert ("/plan/dashboard/" in response.content.decode()) == (who in READERS)


@pytest.mark.parametrize("who", ROLES)
def test_the_dashboard(client_of, measured, who):
    response = client_of(who).get("/plan/dashboard/")
    expected_read(who, response)
    if response.status_code == 200:
        page = response.content.decode()
        assert "2.1a" in page and "2.7a" in page
        assert "audited accounts" in page and "<svg" in page
        assert ("Record the review" in page) == (who == "secretariat")


@pytest.mark.parametrize("who", ROLES)
def test_an_indicator_page(client_of, measured, who):
    _public, private = measured
    response = client_of(who).get(f"/plan/indicators/{private.pk}/")
    expected_read(who, response)
    if response.status_code == 200:
        page = response.content.decode()
        assert ("Report a value" in page) == (who in ("staff", "secretariat"))
        closing = f"Close {timezone.localdate().year - 1}"
        assert f"Close {timezone.localdate().year}<" not in page  # the running period
        assert (closing in page) == (who == "secretariat")


@pytest.mark.parametrize("who", ROLES)
def test_the_pdf_report(client_of, measured, who):
    response = client_of(who).get("/plan/dashboard/report.pdf")
    expected_read(who, response)
    if response.status_code == 200:
        assert response["Content-Type"] == "application/pdf"


def pdf_text(content: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(content))
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


def test_the_pdf_holds_every_goal_with_its_status(client_of, measured, cast):
    _public, private = measured
    value = Value.objects.create(
        indicator=private,
        period=this_period(private),
        value=1.0,
        source="reported",
        status="approved",
        entered_by=cast.staff,
        decided_by=cast.secretariat,
    )
    assert value.pk
    text = pdf_text(b"".join([client_of("secretariat").get("/plan/dashboard/report.pdf").content]))
    assert "Progress report on the strategic plan" in text
    # 2.1a: one active member against a line from 0 to 10 — behind; 2.7a: 1 % against ~48 — behind.
    assert "2.1a Active and committed members Behind" in text
    assert "2.7a Sound and standard financial management Behind" in text
    assert "Active members" in text and "Share of offices with audited accounts" in text


@pytest.mark.parametrize("who", ROLES)
def test_entering_a_value(client_of, measured, who):
    _public, private = measured
    response = client_of(who).post(
        f"/plan/indicators/{private.pk}/values/new/",
        {
            "period": this_period(private).pk,
            "value": "12.5",
            "comment": "From the audit reports.",
            "evidence_url": EVIDENCE,
            "submit": "on",
        },
    )
    if who in ("staff", "secretariat"):
        assert response.status_code == 302
        value = Value.objects.get()
        assert (value.value, value.status) == (12.5, "submitted")
    else:
        assert response.status_code == (302 if who == "anonymous" else 403)
        assert not Value.objects.exists()


def test_a_bad_value_is_refused_on_its_field(client_of, measured):
    _public, private = measured
    client = client_of("staff")
    for bad in ("inf", "nan", "1e16", "twelve"):
        response = client.post(
            f"/plan/indicators/{private.pk}/values/new/",
            {"period": this_period(private).pk, "value": bad, "evidence_url": EVIDENCE},
        )
        assert response.status_code == 400
        assert response.context["value_form"].errors["value"]
    # Submitted at once without evidence: nothing half-written.
    response = client.post(
        f"/plan/indicators/{private.pk}/values/new/",
        {"period": this_period(private).pk, "value": "3", "submit": "on"},
    )
    assert response.status_code == 400
    assert response.context["value_form"].errors["evidence"]
    assert not Value.objects.exists()


@pytest.mark.parametrize("who", ROLES)
def test_approving_and_returning(client_of, measured, cast, who):
    _public, private = measured
    from localaction.results import services

    value = services.value_enter(
        indicator=private,
        period=this_period(private),
        value=12.0,
        by=cast.staff,
        evidence_url=EVIDENCE,
        submit=True,
    )
    client = client_of(who)
    response = client.post(f"/plan/values/{value.pk}/return/", {"reason": ""})
    value.refresh_from_db()
    assert value.status == "submitted"  # no reason: refused
    response = client.post(f"/plan/values/{value.pk}/approve/")
    value.refresh_from_db()
    if who == "secretariat":
        assert response.status_code == 302 and value.status == "approved"
    else:
        assert response.status_code == (302 if who == "anonymous" else 403)
        assert value.status == "submitted"


def test_the_one_who_entered_it_cannot_approve_on_the_page(client_of, measured, cast):
    _public, private = measured
    from localaction.results import services

    value = services.value_enter(
        indicator=private,
        period=this_period(private),
        value=12.0,
        by=cast.secretariat,
        evidence_url=EVIDENCE,
        submit=True,
    )
    client = client_of("secretariat")
    page = client.get(f"/plan/indicators/{private.pk}/").content.decode()
    assert f"/plan/values/{value.pk}/approve/" not in page
    response = client.post(f"/plan/values/{value.pk}/approve/", follow=True)
    assert "someone else approves" in response.content.decode()
    value.refresh_from_db()
    assert value.status == "submitted"


@pytest.mark.parametrize("who", ROLES)
def test_closing_a_period_and_recording_a_review(client_of, measured, who):
    public, _private = measured
    client = client_of(who)
    period = public.periods.get(starts_on__year=timezone.localdate().year - 1)
    close = client.post(f"/plan/periods/{period.pk}/close/")
    review = client.post(
        "/plan/reviews/new/", {"held_on": timezone.localdate().isoformat(), "note": "Mid-term"}
    )
    period.refresh_from_db()
    if who == "secretariat":
        assert close.status_code == review.status_code == 302
        assert period.is_closed and Review.objects.get().entries.count() == 2
    else:
        expected = 302 if who == "anonymous" else 403
        assert close.status_code == review.status_code == expected
        assert not period.is_closed and not Review.objects.exists()


def test_a_review_in_the_future_is_refused_on_its_field(client_of, measured):
    response = client_of("secretariat").post("/plan/reviews/new/", {"held_on": "2100-01-01"})
    assert response.status_code == 400
    assert response.context["form"].errors["held_on"]
    assert not Review.objects.exists()
