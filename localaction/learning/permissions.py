"""Who sees and does what in the training centre.

- Anyone sees the live courses (catalogue, syllabus) and verifies a certificate
  by its code; drafts only the people who run the course.
- The people who **run** a course: its trainers (and its cohorts' trainers),
  staff of the office running it, and the secretariat. They see its learners'
  progress, read every lesson, add and remove its lessons' videos, and revoke
  its certificates.
- A **learner** reads the lessons, videos and documents of a course they are
  enrolled in, takes its quizzes, and sees their own progress and certificates.
- **Office staff** see the enrolments and completions of their members' staff
  (learners whose member is in the office's regions or countries), and enrol a
  member's staff (people with a role at a member they cover).
- The secretariat sees everything.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from localaction.accounts.access import access_of
from localaction.accounts.models import Role
from localaction.learning.models import Certificate, Course, Enrolment
from localaction.network.models import LocalGovernment


def runs_course(user, course: Course) -> bool:
    """Trainers of the course or of its cohorts, its office's staff, the secretariat."""
    if not user.is_authenticated:
        return False
    access = access_of(user)
    if access.is_secretariat or (course.office_id and course.office_id in access.offices):
        return True
    return (
        course.trainers.filter(pk=user.pk).exists() or course.cohorts.filter(trainer=user).exists()
    )


def courses_run_by(user) -> QuerySet[Course]:
    if not user.is_authenticated:
        return Course.objects.none()
    access = access_of(user)
    if access.is_secretariat:
        return Course.objects.all()
    return Course.objects.filter(
        Q(trainers=user) | Q(cohorts__trainer=user) | Q(office__in=access.offices)
    ).distinct()


def can_see_course(user, course: Course) -> bool:
    return course.live or runs_course(user, course)


def visible_courses(user) -> QuerySet[Course]:
    """Live courses, and the drafts of the courses the person runs."""
    return Course.objects.filter(Q(live=True) | Q(pk__in=courses_run_by(user).values("pk")))


def enrolment_of(user, course: Course) -> Enrolment | None:
    if not user.is_authenticated:
        return None
    return Enrolment.objects.filter(course=course, user=user).first()


def can_study(user, course: Course) -> bool:
    """Whether the person reads the lessons, videos and documents of the course."""
    if not user.is_authenticated:
        return False
    if course.live and Enrolment.objects.filter(course=course, user=user).exists():
        return True
    return runs_course(user, course)


def covered_local_governments(user) -> QuerySet[LocalGovernment]:
    """The members whose staff's learning the person oversees as office staff."""
    access = access_of(user)
    if access.is_secretariat:
        return LocalGovernment.objects.all()
    if not access.is_office_staff:
        return LocalGovernment.objects.none()
    return LocalGovernment.objects.filter(
        Q(country__region__in=access.staff_regions) | Q(country__in=access.staff_countries)
    )


def enrolments_visible_to(user) -> QuerySet[Enrolment]:
    """Own enrolments; the learners of the courses the person runs; the members'
    staff their offices cover; everything for the secretariat."""
    if not user.is_authenticated:
        return Enrolment.objects.none()
    access = access_of(user)
    if access.is_secretariat:
        return Enrolment.objects.all()
    condition = Q(user=user) | Q(course__in=courses_run_by(user))
    if access.is_office_staff:
        condition |= Q(local_government__in=covered_local_governments(user))
    return Enrolment.objects.filter(condition).distinct()


def can_see_enrolment(user, enrolment: Enrolment) -> bool:
    return enrolments_visible_to(user).filter(pk=enrolment.pk).exists()


def can_enrol_others(user) -> bool:
    access = access_of(user)
    return access.is_secretariat or access.is_office_staff


def enrollable_people(user) -> QuerySet[Role]:
    """The roles at members the person's offices cover: whom they may enrol, for which member."""
    return (
        Role.objects.filter(
            local_government__in=covered_local_governments(user),
            kind__in=[Role.Kind.EDITOR, Role.Kind.VIEWER],
            user__is_active=True,
        )
        .select_related("user", "local_government")
        .order_by("local_government__name", "user__username")
    )


def can_revoke(user, certificate: Certificate) -> bool:
    """The secretariat, and the trainers and office of the course."""
    return runs_course(user, certificate.enrolment.course)
