"""The event report: registrations and attendance by region, members'
delegates against others, by category — every table's total the sum of its
rows, and recomputed here from the registrations themselves."""

from __future__ import annotations

import io

import openpyxl
import pytest
from django.urls import reverse

from localaction.conftest import make_user
from localaction.events import registrations as services
from localaction.events.models import Registration
from localaction.events.report import event_report, report_sheets
from localaction.events.tests.registrations.conftest import TODAY
from localaction.network.models import Country

pytestmark = pytest.mark.django_db


@pytest.fixture
def filled(cast, built):
    """Freiburg's editor as delegate (Europe), four guests from Kenya (Africa)
    and two from Brazil (Latin America); 5 places: two wait; three check in."""
    kenya, brazil = Country.objects.get(code="KE"), Country.objects.get(code="BR")
    made = [
        services.register(
            event=built.event,
            person=cast.editor,
            category=built.delegate,
            local_government=cast.freiburg,
            today=TODAY,
        )
    ]
    for n, country in enumerate([kenya] * 4 + [brazil] * 2):
        made.append(
            services.register(
                event=built.event,
                person=make_user(f"guest-{n}"),
                category=built.press,
                country=country,
                today=TODAY,
            )
        )
    for registration in made[:3]:
        services.check_in(event=built.event, registration=registration, by=cast.staff)
    services.cancel(registration=made[3], by=cast.staff)
    return made


def test_each_table_adds_up_to_the_registrations(built, filled):
    report = event_report(built.event)
    registrations = built.event.registrations.all()
    expected = {
        "confirmed": registrations.filter(status="confirmed").count(),
        "waiting": registrations.filter(status="waiting").count(),
        "attended": registrations.filter(checked_in_at__isnull=False).count(),
        "cancelled": registrations.filter(status="cancelled").count(),
    }
    assert expected == {"confirmed": 5, "waiting": 1, "attended": 3, "cancelled": 1}
    for rows in (report.by_region, report.by_membership, report.by_category):
        for column, value in expected.items():
            assert sum(getattr(row, column) for row in rows) == value
    by_region = {row.label: (row.confirmed, row.waiting, row.attended) for row in report.by_region}
    assert by_region == {
        "Europe": (1, 0, 1),
        "Africa": (3, 0, 2),
        "Latin America and the Caribbean": (1, 1, 0),
    }
    members = {row.label: row.registered for row in report.by_membership}
    assert members == {"Members' delegates": 1, "Others": 5}


def test_the_report_page_chart_and_files(client_as, built, filled):
    client = client_as("staff")
    page = client.get(reverse("events:report", args=[built.event.slug])).content.decode()
    assert "<svg" in page and "Registrations by region" in page
    xlsx = client.get(reverse("events:report-download", args=[built.event.slug, "xlsx"]))
    book = openpyxl.load_workbook(io.BytesIO(xlsx.content))
    assert book.sheetnames == ["by region", "members", "categories", "income"]
    rows = list(book["by region"].iter_rows(min_row=2, values_only=True))
    *parts, total = rows
    assert total[0] == "All"
    assert list(total[1:]) == [sum(row[i] for row in parts) for i in range(1, 5)]
    csv = client.get(reverse("events:report-download", args=[built.event.slug, "csv"]))
    assert csv.content.decode("utf-8-sig").splitlines()[0] == (
        "region,confirmed,waiting,attended,cancelled"
    )
    assert len(report_sheets(event_report(built.event))) == 4


@pytest.mark.parametrize(
    ("who", "status"),
    [("editor", 403), ("other_staff", 403), ("staff", 200), ("secretariat", 200)],
)
def test_the_report_is_for_the_organisers(client_as, built, who, status):
    assert (
        client_as(who).get(reverse("events:report", args=[built.event.slug])).status_code == status
    )


def test_the_list_of_organised_events(client_as, cast, built):
    from localaction.events.tests.registrations.conftest import build_event

    build_event(cast, slug="secretariat-only").event.__class__.objects.filter(
        slug="secretariat-only"
    ).update(organiser=cast.world_office)
    staff = client_as("staff").get(reverse("events:reports"))
    assert [e.slug for e in staff.context["events"]] == [built.event.slug]
    world = client_as("secretariat").get(reverse("events:reports"))
    assert {e.slug for e in world.context["events"]} == {built.event.slug, "secretariat-only"}
    assert client_as("editor").get(reverse("events:reports")).status_code == 403


def test_the_report_files_escape_a_formula_like_category_name(client_as, built, filled):
    category = Registration.objects.filter(event=built.event).first().category
    category.name = '=HYPERLINK("http://evil","x")'
    category.save()
    client = client_as("staff")
    xlsx = client.get(reverse("events:report-download", args=[built.event.slug, "xlsx"]))
    book = openpyxl.load_workbook(io.BytesIO(xlsx.content))
    names = [row[0] for row in book["categories"].iter_rows(min_row=2, values_only=True)]
    assert "'" + category.name in names
    assert category.name not in names
