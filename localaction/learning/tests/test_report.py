"""Capacity built: the network report's learners and completions by region and
by course equal an independent count of the records."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from localaction.conftest import make_user
from localaction.learning import services
from localaction.learning.models import Certificate, Enrolment
from localaction.learning.report import capacity_built
from localaction.learning.tests.conftest import build_course, complete
from localaction.report_sections import sections

pytestmark = pytest.mark.django_db


def test_capacity_built_equals_an_independent_count(cast):
    first = build_course(slug="first")
    second = build_course(slug="second", trainer=first.trainer, title="ecoBUDGET in practice")
    draft = build_course(slug="draft", live=False, trainer=first.trainer)
    lone = make_user("lone")  # works for no member
    year = timezone.now().year
    # Europe: editor (both courses, completes the first), colleague (first, completes,
    # then revoked). Africa: outsider (second). No member: lone (completes the second).
    editor_first = services.course_enrol(course=first.course, user=cast.editor)
    services.course_enrol(course=second.course, user=cast.editor)
    colleague = services.course_enrol(course=first.course, user=cast.colleague)
    services.course_enrol(course=second.course, user=cast.outsider)
    lone_second = services.course_enrol(course=second.course, user=lone)
    complete(first, editor_first)
    complete(first, colleague)
    complete(second, lone_second)
    services.certificate_revoke(
        certificate=Certificate.objects.get(enrolment=colleague), by=cast.secretariat, reason="x"
    )
    # A draft's enrolment (made before it went back to draft) and last year's are left out.
    draft.course.live = True
    draft.course.save()
    services.course_enrol(course=draft.course, user=cast.outsider)
    draft.course.live = False
    draft.course.save()
    old = services.course_enrol(course=first.course, user=cast.outsider)
    Enrolment.objects.filter(pk=old.pk).update(
        enrolled_at=timezone.now() - datetime.timedelta(days=800)
    )

    figures = capacity_built(year)

    # The independent count, by hand from the story above.
    assert {row.name: (row.learners, row.completions) for row in figures.by_region} == {
        "Europe": (2, 1),
        "Africa": (1, 0),
        "no member": (1, 1),
    }
    assert [(row.name, row.learners, row.completions) for row in figures.by_course] == [
        ("Your first GHG inventory", 2, 1),
        ("ecoBUDGET in practice", 3, 1),
    ]
    assert figures.learners == 4
    assert figures.completions == 2 == sum(row.completions for row in figures.by_region)
    assert figures.chart and "<svg" in figures.chart
    # And from the records themselves, another way round.
    counted = Enrolment.objects.filter(
        course__live=True, completed_at__year=year, certificate__revoked_at__isnull=True
    ).count()
    assert figures.completions == counted


def test_the_section_is_registered_and_its_partial_renders(built, enrolment, cast):
    from django.template.loader import render_to_string

    (section,) = [s for s in sections() if s.key == "learning"]
    complete(built, enrolment)
    html = render_to_string(section.template, {"figures": section.figures(timezone.now().year)})
    assert 'id="report-learning"' in html and "Europe" in html
