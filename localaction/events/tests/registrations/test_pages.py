"""The registrations' pages, each for the roles that reach it: an outsider,
member staff, staff of the organising office, staff of another office, the
secretariat, and nobody signed in."""

from __future__ import annotations

import io

import openpyxl
import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils.html import escape

from localaction.conftest import make_user
from localaction.events import registrations as services
from localaction.events.models import Registration
from localaction.events.tests.registrations.conftest import TODAY, build_event

pytestmark = pytest.mark.django_db


def register(built, person, category=None, **kwargs):
    kwargs.setdefault("country", built.germany)
    return services.register(
        event=built.event, person=person, category=category or built.speaker, today=TODAY,
        **kwargs,
    )  # fmt: skip


def messages_of(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


# --- Registering ------------------------------------------------------------------------


def test_the_register_page_shows_the_fees_of_today_and_why(client_as, built, today):
    response = client_as("editor").get(reverse("events:register", args=[built.event.slug]))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Fees that apply today (member delegates: for Freiburg im Breisgau)" in page
    assert "Free: each member&#x27;s first 2 delegates come at no charge" in page
    assert "The regular fee (the early-bird fee ended on" in page
    assert "€450.00" in page or "450.00" in page
    assert "5 places left." in page


def test_registering_through_the_page(client_as, cast, built, today):
    client = client_as("outsider")
    response = client.post(
        reverse("events:register", args=[built.event.slug]),
        {"category": built.speaker.pk, "country": "KE", "organisation": "Nairobi County"},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("events:my-registrations")
    registration = Registration.objects.get(person=cast.outsider)
    assert (registration.status, registration.country_id) == ("confirmed", "KE")
    page = client.get(reverse("events:my-registrations")).content.decode()
    assert escape(built.event.title) in page
    assert registration.badge_code in page


def test_the_page_refuses_with_a_reason_on_the_field(client_as, cast, built, today):
    response = client_as("outsider").post(
        reverse("events:register", args=[built.event.slug]),
        {"category": built.non_member.pk, "organisation": "x"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors == {"country": ["Say which country you come from."]}
    response = client_as("editor").post(
        reverse("events:register", args=[built.event.slug]),
        {"category": built.delegate.pk},
    )
    assert response.context["form"].errors == {
        "local_government": ["A member delegate names the member they represent."]
    }
    assert not Registration.objects.exists()


def test_a_full_event_puts_the_person_on_the_waiting_list(client_as, cast, built, today):
    for n in range(5):
        register(built, make_user(f"guest-{n}"))
    response = client_as("outsider").post(
        reverse("events:register", args=[built.event.slug]),
        {"category": built.speaker.pk, "country": "KE"},
    )
    assert messages_of(response) == [
        f"{built.event.title} is full: you are number 1 on its waiting list."
    ]


def test_signed_out_people_sign_in_first(client_as, built):
    response = client_as("anonymous").get(reverse("events:register", args=[built.event.slug]))
    assert response.status_code == 302 and "login" in response["Location"]


def test_cancelling_from_my_registrations(client_as, cast, built, today):
    mine = register(built, cast.editor)
    assert (
        client_as("colleague")
        .post(reverse("events:registration-cancel", args=[mine.pk]))
        .status_code
        == 403
    )
    response = client_as("editor").post(reverse("events:registration-cancel", args=[mine.pk]))
    assert response.status_code == 302
    mine.refresh_from_db()
    assert mine.status == "cancelled"


# --- Badges -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("editor", 200),
        ("colleague", 403),
        ("staff", 200),
        ("other_staff", 403),
        ("secretariat", 200),
    ],
)
def test_a_badge_for_its_person_and_the_organisers(client_as, cast, built, who, status):
    registration = register(built, cast.editor)
    response = client_as(who).get(reverse("events:badge", args=[registration.pk]))
    assert response.status_code == status
    if status == 200:
        assert response.content.startswith(b"%PDF")


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("editor", 403),
        ("outsider", 403),
        ("staff", 200),
        ("other_staff", 403),
        ("secretariat", 200),
    ],
)
def test_all_badges_for_the_organisers(client_as, cast, built, who, status):
    register(built, cast.editor)
    register(built, cast.outsider)
    response = client_as(who).get(reverse("events:badges", args=[built.event.slug]))
    assert response.status_code == status


def test_the_badge_holds_the_name_the_category_and_the_codes_qr(cast, built):
    from localaction.events.badges import badges_html

    registration = register(built, cast.editor, built.delegate, local_government=cast.freiburg)
    html = badges_html(built.event, [registration], sheet=False)
    assert "Freiburg im Breisgau" in html and "Member delegate" in html
    assert registration.badge_code in html
    assert 'src="data:image/svg+xml' in html


# --- The organisers' list ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "status"),
    [("anonymous", 302), ("editor", 403), ("outsider", 403), ("staff", 200),
     ("other_staff", 403), ("secretariat", 200)],
)  # fmt: skip
def test_the_registrations_list_for_the_organisers(client_as, built, who, status):
    response = client_as(who).get(reverse("events:registrations", args=[built.event.slug]))
    assert response.status_code == status


def test_the_list_filters_and_exports_with_formulas_escaped(client_as, cast, built):
    register(built, cast.editor, organisation="=cmd|' /C calc'!A0")
    register(built, cast.outsider, built.press)
    client = client_as("staff")
    response = client.get(
        reverse("events:registrations", args=[built.event.slug]), {"category": built.press.pk}
    )
    assert [r.person for r in response.context["registrations"]] == [cast.outsider]
    csv = client.get(
        reverse("events:registrations-download", args=[built.event.slug, "csv"])
    ).content.decode("utf-8-sig")
    assert "'=cmd|" in csv
    assert csv.count("\n") == 3  # the header and two rows
    xlsx = client.get(reverse("events:registrations-download", args=[built.event.slug, "xlsx"]))
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx.content)).active
    assert sheet.max_row == 3


def test_organisers_promote_and_cancel_from_the_list(client_as, cast, built):
    people = [make_user(f"guest-{n}") for n in range(6)]
    made = [register(built, person) for person in people]
    client = client_as("staff")
    response = client.post(reverse("events:promote", args=[made[5].pk]))
    assert "is full" in messages_of(response)[0]
    response = client.post(
        reverse("events:registration-cancel", args=[made[0].pk]), {"next": "organiser"}
    )
    assert response["Location"] == reverse("events:registrations", args=[built.event.slug])
    made[5].refresh_from_db()
    assert made[5].status == "confirmed"
    assert (
        client_as("other_staff").post(reverse("events:promote", args=[made[5].pk])).status_code
        == 403
    )


# --- Check-in ---------------------------------------------------------------------------


def check_in(client, event, code):
    response = client.post(
        reverse("events:check-in", args=[event.slug]), {"code": code}, follow=True
    )
    return [str(message) for message in response.context["messages"]]


def test_check_in_by_badge_code(client_as, cast, built):
    registration = register(built, cast.editor)
    client = client_as("staff")
    page = client.get(reverse("events:check-in", args=[built.event.slug])).content.decode()
    assert "autofocus" in page
    assert check_in(client, built.event, registration.badge_code.lower()) == [
        "Welcome, editor (Speaker)."
    ]
    registration.refresh_from_db()
    assert registration.checked_in_by == cast.staff
    moment = registration.checked_in_at.astimezone(built.event.zone).strftime("%H:%M")
    assert check_in(client, built.event, registration.badge_code) == [
        f"editor already checked in at {moment}."
    ]


def test_a_badge_of_another_event_is_refused(client_as, cast, built):
    other = build_event(cast, slug="africa-forum")
    registration = register(other, cast.editor)
    assert check_in(client_as("staff"), built.event, registration.badge_code) == [
        f"This badge is for {other.event.title}, not this one."
    ]
    registration.refresh_from_db()
    assert registration.checked_in_at is None


def test_waiting_cancelled_and_unknown_badges_are_refused(client_as, cast, built):
    made = [register(built, make_user(f"guest-{n}")) for n in range(6)]
    client = client_as("staff")
    assert check_in(client, built.event, made[5].badge_code) == [
        "guest-5 is on the waiting list, not confirmed: no entry."
    ]
    services.cancel(registration=made[0], by=cast.staff)
    assert check_in(client, built.event, made[0].badge_code) == [
        "guest-0's registration is cancelled: no entry."
    ]
    assert check_in(client, built.event, "NOSUCHCODE") == ["No badge has the code NOSUCHCODE."]
    assert check_in(client, built.event, "") == ["Type or scan a badge code."]


def test_check_in_by_name(client_as, cast, built):
    cast.editor.first_name, cast.editor.last_name = "Maria", "Schmidt"
    cast.editor.save()
    registration = register(built, cast.editor)
    client = client_as("staff")
    response = client.get(reverse("events:check-in", args=[built.event.slug]), {"name": "schmidt"})
    assert response.context["found"] == [registration]
    client.post(
        reverse("events:check-in", args=[built.event.slug]), {"registration": registration.pk}
    )
    registration.refresh_from_db()
    assert registration.checked_in_at is not None


def test_check_in_of_a_registration_not_of_this_event(client_as, cast, built):
    other = build_event(cast, slug="africa-forum")
    theirs = register(other, cast.editor)
    client = client_as("staff")
    for chosen in (theirs.pk, "x" * 20, "-1"):
        response = client.post(
            reverse("events:check-in", args=[built.event.slug]),
            {"registration": chosen},
            follow=True,
        )
        assert [str(m) for m in response.context["messages"]] == [
            "That registration is not one of this event."
        ]


@pytest.mark.parametrize(
    ("who", "status"), [("editor", 403), ("other_staff", 403), ("secretariat", 200)]
)
def test_check_in_is_for_the_organisers(client_as, built, who, status):
    response = client_as(who).get(reverse("events:check-in", args=[built.event.slug]))
    assert response.status_code == status


# --- Certificates of attendance ---------------------------------------------------------


def test_certificates_for_those_who_attended_verified_and_revoked(client_as, cast, built):
    came = register(built, cast.editor)
    stayed_away = register(built, cast.outsider)
    services.check_in(event=built.event, registration=came, by=cast.staff)
    client = client_as("staff")
    client.post(reverse("events:certificates-issue", args=[built.event.slug]))
    came.refresh_from_db()
    stayed_away.refresh_from_db()
    assert came.has_certificate and not stayed_away.certificate_code
    verify = reverse("events:certificate-verify", args=[came.certificate_code])
    page = client_as("anonymous").get(verify).content.decode()
    assert "Valid" in page and "editor" in page and escape(built.event.title) in page
    pdf = client_as("editor").get(reverse("events:certificate", args=[came.certificate_code]))
    assert pdf.content.startswith(b"%PDF")
    assert (
        client_as("colleague").get(reverse("events:certificate", args=[came.certificate_code]))
    ).status_code == 403
    revoke = reverse("events:certificate-revoke", args=[came.certificate_code])
    assert client_as("other_staff").post(revoke, {"reason": "x"}).status_code == 403
    client.post(revoke, {"reason": "Left on the first morning."})
    page = client_as("anonymous").get(verify).content.decode()
    assert "Revoked" in page and "Left on the first morning." in page
    refused = client_as("editor").get(reverse("events:certificate", args=[came.certificate_code]))
    assert refused.status_code == 302


def test_no_certificate_without_check_in(cast, built):
    from django.core.exceptions import ValidationError

    registration = register(built, cast.editor)
    with pytest.raises(ValidationError, match="did not check in"):
        services.certificate_issue(registration=registration, by=cast.staff)
