"""The demo's training centre: four live courses with their revisions, the
learners across regions, completions with certificates, one revoked."""

import pytest
from django.utils import timezone

from localaction.learning.demo import build_demo_learning
from localaction.learning.models import Certificate, Course, Enrolment
from localaction.learning.report import capacity_built

pytestmark = pytest.mark.django_db


def test_the_demo_builds_courses_learners_and_certificates(cast):
    courses, enrolments, certificates = build_demo_learning(seed=2007)
    assert courses == Course.objects.live().count() == 4
    assert all(course.latest_revision_id for course in Course.objects.all())
    assert enrolments == Enrolment.objects.count() == 61  # 60 learners and the editor
    assert 10 <= certificates <= 20
    assert Certificate.objects.filter(revoked_at__isnull=False).count() == 1
    figures = capacity_built(timezone.now().year)
    assert figures.learners == 61
    assert figures.completions == certificates - 1
    assert {row.name for row in figures.by_region} >= {"no member", "Europe"}
