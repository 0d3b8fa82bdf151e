"""A deliverable is due within its project's period and its work package's; a
period ends after it starts; late is computed, never stored; a refused change
writes nothing."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError

from localaction.projects.models import Deliverable, WorkPackage

D = datetime.date


def test_a_deliverable_due_after_its_project_ends_is_refused_on_its_date(built):
    deliverable = Deliverable(
        project=built.project, title="Late idea", kind="report", due_on=D(2028, 1, 15)
    )
    with pytest.raises(ValidationError) as refused:
        deliverable.full_clean()
    assert list(refused.value.message_dict) == ["due_on"]
    assert "outside the project's period" in refused.value.message_dict["due_on"][0]


def test_a_deliverable_due_before_its_project_starts_is_refused(built):
    deliverable = Deliverable(
        project=built.project, title="Early idea", kind="report", due_on=D(2024, 12, 31)
    )
    with pytest.raises(ValidationError, match="outside the project's period"):
        deliverable.full_clean()


def test_a_deliverable_due_outside_its_work_package_is_refused(built):
    # Within the project (2025–2027), after work package 1 ends (2026-06-30).
    deliverable = Deliverable(
        project=built.project,
        work_package=built.package,
        title="Master budget review",
        kind="report",
        due_on=D(2026, 7, 1),
    )
    with pytest.raises(ValidationError) as refused:
        deliverable.full_clean()
    assert "outside work package 1" in refused.value.message_dict["due_on"][0]


def test_the_last_day_of_the_period_is_within_it(built):
    Deliverable(
        project=built.project, title="On the last day", kind="report", due_on=D(2027, 12, 31)
    ).full_clean()


def test_a_work_package_outside_its_project_is_refused(built):
    package = WorkPackage(
        project=built.project,
        number=2,
        title="Beyond",
        lead_office=built.project.lead_office,
        starts_on=D(2024, 6, 1),
        ends_on=D(2028, 2, 1),
    )
    with pytest.raises(ValidationError) as refused:
        package.full_clean()
    assert set(refused.value.message_dict) == {"starts_on", "ends_on"}


def test_a_project_ending_before_it_starts_is_refused(built):
    built.project.ends_on = D(2024, 1, 1)
    with pytest.raises(ValidationError) as refused:
        built.project.full_clean()
    assert "before the start" in refused.value.message_dict["ends_on"][0]


def test_shortening_a_project_past_its_deliverables_is_refused(built):
    built.project.ends_on = D(2026, 12, 31)  # the final toolkit is due 2027-12-01
    with pytest.raises(ValidationError, match="Final toolkit"):
        built.project.full_clean()


def test_late_is_past_due_and_not_delivered(built):
    today = D(2026, 1, 1)
    assert built.late.is_late(today) and not built.upcoming.is_late(today)
    assert list(Deliverable.objects.late(today)) == [built.late]
    built.late.status = Deliverable.Status.DELIVERED
    built.late.delivered_on = D(2025, 12, 1)
    built.late.save()
    assert not built.late.is_late(today)
    assert not Deliverable.objects.late(today).exists()


def test_a_delivered_deliverable_has_its_delivery_date(built):
    built.upcoming.status = Deliverable.Status.DELIVERED
    with pytest.raises(ValidationError) as refused:
        built.upcoming.full_clean()
    assert list(refused.value.message_dict) == ["delivered_on"]
