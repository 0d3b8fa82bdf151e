"""Capacity built (plan §2.1d, §4.2): the network report's section, and the
learning block of an office's page.

What counts, and how (stated on the page too):

- **learners** of a year: people enrolled in a published course that year,
  counted once in a region however many courses they took (and once in the total);
- **completions** of a year: enrolments completed that year whose certificate
  is not revoked;
- a learner's **region** is the region of the member they worked for when they
  enrolled (Enrolment.local_government); people working for no member are
  counted as "no member".
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Q
from django.utils.translation import gettext as _

from localaction import charts
from localaction.accounts.access import access_of
from localaction.learning.models import Course, Enrolment
from localaction.learning.permissions import can_enrol_others
from localaction.network.models import Office, Region


@dataclass(frozen=True)
class Row:
    name: str
    learners: int
    completions: int


@dataclass(frozen=True)
class CapacityBuilt:
    year: int
    learners: int
    completions: int
    by_region: tuple[Row, ...]
    by_course: tuple[Row, ...]
    chart: str | None


def _counted(year: int):
    """(user, region id or None, course id, completed this year) of the year's enrolments."""
    rows = (
        Enrolment.objects.filter(course__live=True)
        .filter(
            Q(enrolled_at__year=year)
            | Q(
                completed_at__year=year,
                certificate__isnull=False,
                certificate__revoked_at__isnull=True,
            )
        )
        .values_list(
            "user_id",
            "local_government__country__region_id",
            "course_id",
            "enrolled_at",
            "completed_at",
            "certificate__revoked_at",
            "certificate__pk",
        )
    )
    for user, region, course, enrolled, completed, revoked, certificate in rows:
        learner = enrolled.year == year
        completion = (
            completed is not None
            and completed.year == year
            and certificate is not None
            and revoked is None
        )
        yield user, region, course, learner, completion


def capacity_built(year: int) -> CapacityBuilt:
    learners_in: dict[int | None, set[int]] = defaultdict(set)
    completions_in: dict[int | None, int] = defaultdict(int)
    course_learners: dict[int, int] = defaultdict(int)
    course_completions: dict[int, int] = defaultdict(int)
    everyone: set[int] = set()
    for user, region, course, learner, completion in _counted(year):
        if learner:
            learners_in[region].add(user)
            course_learners[course] += 1
            everyone.add(user)
        if completion:
            completions_in[region] += 1
            course_completions[course] += 1
    regions = {region.pk: region.display_name for region in Region.objects.all()}
    by_region = [
        Row(regions[pk], len(learners_in.get(pk, ())), completions_in.get(pk, 0))
        for pk in sorted((set(learners_in) | set(completions_in)) - {None}, key=regions.get)
    ]
    if None in learners_in or None in completions_in:
        by_region.append(
            Row(_("no member"), len(learners_in.get(None, ())), completions_in.get(None, 0))
        )
    titles = dict(Course.objects.filter(live=True).values_list("pk", "title"))
    by_course = sorted(
        (
            Row(titles[pk], course_learners.get(pk, 0), course_completions.get(pk, 0))
            for pk in set(course_learners) | set(course_completions)
        ),
        key=lambda row: (-row.completions, row.name),
    )
    chart = None
    if by_region:
        chart = charts.bar_chart(
            [row.name for row in by_region],
            [row.completions for row in by_region],
            title=_("Courses completed by region, %(year)s") % {"year": year},
            description=_(
                "Completions of the year's courses by the region of the learner's member."
            ),
            unit=_("completions"),
            chart_id="learning-completions",
            number_format=lambda value: f"{value:.0f}",
        )
    return CapacityBuilt(
        year=year,
        learners=len(everyone),
        completions=sum(completions_in.values()),
        by_region=tuple(by_region),
        by_course=tuple(by_course),
        chart=chart,
    )


def office_section(user, office: Office) -> dict | None:
    """The learning of the members' staff the office covers, for its staff and
    the secretariat: enrolments and completions, and the link to the list."""
    access = access_of(user)
    if not (access.is_secretariat or office.pk in access.offices):
        return None
    enrolments = Enrolment.objects.all()
    if office.kind != Office.Kind.WORLD:
        enrolments = enrolments.filter(
            Q(local_government__country__region__in=office.regions.all())
            | Q(local_government__country__in=office.countries.all())
        )
    return {
        "enrolments": enrolments.count(),
        "completions": enrolments.completed().count(),
        "can_enrol": can_enrol_others(user),
    }
