"""Writes that span a work programme's records, with the rules every door obeys.

- `create_programme` drafts an office's programme for a year (version 1; one
  programme per office and year, revised rather than drafted again);
- `save_activity` and `delete_activity` change a draft's activities: each
  serves at least one goal of the adopted strategic plan, runs within the
  programme's year, and is funded from lines of the office's budget of that
  year, no line giving more than it holds across the version's activities;
- `approve_programme` records a draft's approval by an adopted decision of the
  Executive Committee (the rule's shape is `strategy.services.adopt_plan`'s),
  superseding the version approved before it;
- `revise_programme` drafts version n+1 of an approved programme, a copy of
  it with its activities, goals, people and funding;
- `compare_programmes` says, activity by activity (matched by number), what a
  version added, removed or changed, and which fields, in words.

An approved or superseded version is fixed: only whether the programme is
public changes (`publish_programme`, for all its versions). Only the office's
staff and the secretariat write (PermissionDenied otherwise); a write refused
(ValidationError, its message for the person, on the field concerned) writes
nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max, Sum
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext
from djmoney.money import Money

from localaction.finance.models import BudgetLine
from localaction.governance.models import Decision
from localaction.programmes import permissions
from localaction.programmes.models import Activity, Allocation, WorkProgramme, line_label
from localaction.strategy.models import Goal, StrategicPlan
from localaction.strategy.services import ADDED, CHANGED, REMOVED, UNCHANGED

# The body whose decisions approve a work programme (governance/plan.py's code).
APPROVING_BODY = "EXCOM"


def _check_keeper(by, office) -> None:
    if not permissions.can_keep_programmes(by, office):
        raise PermissionDenied(
            gettext("Only staff of %(office)s and the secretariat keep its work programmes.")
            % {"office": office}
        )


def _check_draft(programme: WorkProgramme) -> None:
    if not programme.is_draft:
        raise ValidationError(programme.fixed_message())


def _lock(office_id: int, year: int) -> None:
    """Every version of the office's programme of the year, locked for this
    transaction: approvals, revisions and funding are decided one at a time."""
    list(WorkProgramme.objects.select_for_update().filter(office_id=office_id, year=year))


@transaction.atomic
def create_programme(
    *, office, year: int, by, summary: str = "", is_public: bool = False
) -> WorkProgramme:
    """The office's programme of the year, version 1, drafted."""
    _check_keeper(by, office)
    _lock(office.pk, year)
    if WorkProgramme.objects.filter(office=office, year=year).exists():
        raise ValidationError(
            {
                "year": gettext(
                    "%(office)s already has a work programme for %(year)s: draft a revision "
                    "of it instead."
                )
                % {"office": office, "year": year}
            }
        )
    programme = WorkProgramme(
        office=office, year=year, summary=summary.strip(), is_public=is_public, created_by=by
    )
    programme.full_clean()
    programme._history_user = by
    programme.save()
    return programme


@transaction.atomic
def change_programme(programme: WorkProgramme, *, by, summary: str) -> WorkProgramme:
    """A draft's summary."""
    _check_keeper(by, programme.office)
    programme.refresh_from_db()
    _check_draft(programme)
    programme.summary = summary.strip()
    programme._history_user = by
    programme.save(update_fields=["summary"])
    return programme


@transaction.atomic
def publish_programme(programme: WorkProgramme, *, by, is_public: bool) -> WorkProgramme:
    """Whether anyone reads the programme's summary, for every version of it
    (a revision, drafted later, copies it). Not its content: approved and
    superseded versions are made public or private too."""
    _check_keeper(by, programme.office)
    _lock(programme.office_id, programme.year)
    for version in WorkProgramme.objects.filter(office_id=programme.office_id, year=programme.year):
        version.is_public = is_public
        version._history_user = by
        version.save(update_fields=["is_public"])
    programme.is_public = is_public
    return programme


def _goal_problems(goals: list[Goal]) -> list[str]:
    if not goals:
        return [gettext("An activity serves at least one goal of the adopted strategic plan.")]
    return [
        gettext(
            "Goal %(goal)s is of %(plan)s, which is %(status)s: an activity serves goals of "
            "the adopted strategic plan."
        )
        % {
            "goal": goal.reference,
            "plan": goal.area.plan.display_title,
            "status": goal.area.plan.get_status_display().lower(),
        }
        for goal in goals
        if goal.area.plan.status != StrategicPlan.Status.ADOPTED
    ]


def _funding_problems(
    programme: WorkProgramme, activity: Activity, funding: list[tuple[BudgetLine, Decimal]]
) -> list[str]:
    problems = []
    seen: set[int] = set()
    for line, amount in funding:
        budget = line.budget
        label = line_label(line)
        if line.pk in seen:
            problems.append(
                gettext("%(line)s is named twice: give one amount per line.") % {"line": label}
            )
            continue
        seen.add(line.pk)
        if budget.office_id != programme.office_id or budget.year != programme.year:
            problems.append(
                gettext(
                    "%(line)s is a line of the budget %(year)s of %(office)s: an activity is "
                    "funded from its own office's budget of the programme's year."
                )
                % {"line": label, "year": budget.year, "office": budget.office}
            )
            continue
        if amount is None or amount < 0:
            problems.append(gettext("%(line)s: the amount is 0 or more.") % {"line": label})
            continue
        others = Allocation.objects.filter(budget_line=line, activity__programme=programme)
        if activity.pk is not None:
            others = others.exclude(activity=activity)
        taken = others.aggregate(total=Sum("amount"))["total"] or Decimal(0)
        holds = line.amount.amount
        if taken + amount > holds:
            problems.append(
                gettext(
                    "%(line)s holds %(holds)s, of which other activities of this programme "
                    "already take %(taken)s: %(amount)s is more than the %(left)s left."
                )
                % {
                    "line": label,
                    "holds": line.amount,
                    "taken": Money(taken, budget.currency),
                    "amount": Money(amount, budget.currency),
                    "left": Money(max(holds - taken, Decimal(0)), budget.currency),
                }
            )
    return problems


@transaction.atomic
def save_activity(
    programme: WorkProgramme,
    *,
    by,
    activity: Activity | None = None,
    title: str,
    description: str = "",
    goals,
    office,
    people=(),
    starts_on,
    ends_on,
    status: str = Activity.Status.PLANNED,
    campaign=None,
    funding: list[tuple[BudgetLine, Decimal]] = (),
) -> Activity:
    """A draft's activity, new (`activity` None) or changed, with the goals it
    serves, its people and its funding: `funding` pairs a budget line with the
    amount of it the activity uses, in the line's currency, and replaces the
    activity's funding whole."""
    _check_keeper(by, programme.office)
    _lock(programme.office_id, programme.year)
    programme.refresh_from_db()
    _check_draft(programme)
    if activity is not None and activity.programme_id != programme.pk:
        raise ValidationError(gettext("The activity is not of this programme."))
    if activity is None:
        highest = Activity.objects.filter(
            programme__office_id=programme.office_id, programme__year=programme.year
        ).aggregate(highest=Max("number"))["highest"]
        activity = Activity(programme=programme, number=(highest or 0) + 1)
    activity.title = title.strip()
    activity.description = description.strip()
    activity.office = office
    activity.starts_on = starts_on
    activity.ends_on = ends_on
    activity.status = status
    activity.campaign = campaign
    errors: dict[str, list[str]] = {}
    try:
        activity.full_clean()
    except ValidationError as error:
        errors.update(error.message_dict)
    goals = list(goals)
    if problems := _goal_problems(goals):
        errors["goals"] = problems
    funding = list(funding)
    if problems := _funding_problems(programme, activity, funding):
        errors["funding"] = problems
    if errors:
        raise ValidationError(errors)
    activity._history_user = by
    activity.save()
    activity.goals.set(goals)
    activity.people.set(people)
    activity.allocations.all().delete()
    Allocation.objects.bulk_create(
        Allocation(activity=activity, budget_line=line, amount=Money(amount, line.budget.currency))
        for line, amount in funding
    )
    return activity


@transaction.atomic
def delete_activity(activity: Activity, *, by) -> None:
    """A draft's activity, removed with its funding."""
    programme = activity.programme
    _check_keeper(by, programme.office)
    _lock(programme.office_id, programme.year)
    programme.refresh_from_db()
    _check_draft(programme)
    activity._history_user = by
    activity.delete()


def programme_problems(programme: WorkProgramme) -> list[str]:
    """Why the version may not be approved, whatever the decision (empty: it may)."""
    if not programme.is_draft:
        return [
            gettext("%(programme)s is %(status)s: only a draft is approved.")
            % {"programme": programme, "status": programme.get_status_display().lower()}
        ]
    if not programme.activities.exists():
        return [gettext("%(programme)s has no activities yet.") % {"programme": programme}]
    return []


def decision_problems(decision: Decision | None, programme: WorkProgramme) -> list[str]:
    """Why the decision does not approve the version (empty: it does)."""
    if decision is None:
        return [gettext("Name the decision of the Executive Committee that approved it.")]
    problems = []
    if decision.body.code != APPROVING_BODY:
        problems.append(
            gettext(
                "%(decision)s is a decision of %(body)s: a work programme is approved by "
                "the Executive Committee."
            )
            % {"decision": decision.reference, "body": decision.body.display_name}
        )
    if decision.outcome != Decision.Outcome.ADOPTED:
        problems.append(
            gettext("%(decision)s was rejected: it approves nothing.")
            % {"decision": decision.reference}
        )
    earlier = WorkProgramme.objects.filter(
        office_id=programme.office_id, year=programme.year, approved_by=decision
    ).first()
    if earlier is not None:
        problems.append(
            gettext(
                "%(decision)s approved version %(version)s already: a revision is approved "
                "by a new decision."
            )
            % {"decision": decision.reference, "version": earlier.version}
        )
    return problems


@transaction.atomic
def approve_programme(programme: WorkProgramme, *, decision: Decision | None, by) -> WorkProgramme:
    """The draft approved by the decision; the version approved until now is superseded."""
    _check_keeper(by, programme.office)
    _lock(programme.office_id, programme.year)
    programme.refresh_from_db()
    if problems := programme_problems(programme) + decision_problems(decision, programme):
        raise ValidationError(problems)
    for earlier in WorkProgramme.objects.filter(
        office_id=programme.office_id,
        year=programme.year,
        status=WorkProgramme.Status.APPROVED,
    ):
        earlier.status = WorkProgramme.Status.SUPERSEDED
        earlier._history_user = by
        earlier.save(update_fields=["status"])
    programme.status = WorkProgramme.Status.APPROVED
    programme.approved_by = decision
    programme.approved_at = timezone.now()
    programme._history_user = by
    programme.save(update_fields=["status", "approved_by", "approved_at"])
    return programme


@transaction.atomic
def revise_programme(programme: WorkProgramme, *, by) -> WorkProgramme:
    """Version n+1 drafted from the approved version, activities and all."""
    _check_keeper(by, programme.office)
    _lock(programme.office_id, programme.year)
    programme.refresh_from_db()
    if programme.status != WorkProgramme.Status.APPROVED:
        raise ValidationError(
            gettext("%(programme)s is %(status)s: only the approved version is revised.")
            % {"programme": programme, "status": programme.get_status_display().lower()}
        )
    draft = WorkProgramme.objects.filter(
        office_id=programme.office_id, year=programme.year, status=WorkProgramme.Status.DRAFT
    ).first()
    if draft is not None:
        raise ValidationError(
            gettext("Version %(version)s is being drafted already: change it instead.")
            % {"version": draft.version}
        )
    highest = WorkProgramme.objects.filter(
        office_id=programme.office_id, year=programme.year
    ).aggregate(highest=Max("version"))["highest"]
    revision = WorkProgramme(
        office=programme.office,
        year=programme.year,
        version=highest + 1,
        summary=programme.summary,
        is_public=programme.is_public,
        previous=programme,
        created_by=by,
    )
    revision._history_user = by
    revision.save()
    for activity in programme.ordered_activities():
        copy = Activity(
            programme=revision,
            number=activity.number,
            title=activity.title,
            description=activity.description,
            office=activity.office,
            starts_on=activity.starts_on,
            ends_on=activity.ends_on,
            status=activity.status,
            campaign=activity.campaign,
        )
        copy._history_user = by
        copy.save()
        copy.goals.set(activity.goals.all())
        copy.people.set(activity.people.all())
        Allocation.objects.bulk_create(
            Allocation(activity=copy, budget_line=allocation.budget_line, amount=allocation.amount)
            for allocation in activity.allocations.all()
        )
    return revision


def funding_of_line(line: BudgetLine, programme: WorkProgramme) -> Decimal:
    """How much of the line the version's activities take, in the line's currency."""
    return Allocation.objects.filter(budget_line=line, activity__programme=programme).aggregate(
        total=Sum("amount")
    )["total"] or Decimal(0)


# Comparing two versions


@dataclass(frozen=True)
class ActivityChange:
    """An activity of either version, matched by its number, with what changed in words."""

    number: int
    old: Activity | None
    new: Activity | None
    change: str
    differences: list[str] = field(default_factory=list)


def _shown(value) -> str:
    if value is None or value == "":
        return gettext("none")
    if hasattr(value, "isoformat"):
        return date_format(value)
    return str(value)


def _set_difference(label: str, old: set[str], new: set[str]) -> list[str]:
    added, removed = sorted(new - old), sorted(old - new)
    words = []
    if added:
        words.append(
            gettext("%(what)s: added %(names)s") % {"what": label, "names": ", ".join(added)}
        )
    if removed:
        words.append(
            gettext("%(what)s: removed %(names)s") % {"what": label, "names": ", ".join(removed)}
        )
    return words


def _funding(activity: Activity) -> dict[str, str]:
    return {
        line_label(allocation.budget_line): str(allocation.amount)
        for allocation in activity.allocations.all()
    }


def activity_differences(old: Activity, new: Activity, *, whole: bool) -> list[str]:
    """What changed from `old` to `new`, one sentence per field; people and
    funding only when the reader reads the programme whole."""
    words = []
    for name in ("title", "office", "starts_on", "ends_on", "status", "campaign"):
        before, after = getattr(old, name), getattr(new, name)
        if before != after:
            if name == "status":
                before, after = old.get_status_display(), new.get_status_display()
            words.append(
                gettext("%(field)s: “%(old)s” became “%(new)s”")
                % {
                    "field": Activity._meta.get_field(name).verbose_name.capitalize(),
                    "old": _shown(before),
                    "new": _shown(after),
                }
            )
    if old.description != new.description:
        words.append(gettext("Description: changed"))
    words += _set_difference(
        gettext("Goals served"),
        {goal.reference for goal in old.goals.all()},
        {goal.reference for goal in new.goals.all()},
    )
    if whole:
        words += _set_difference(
            gettext("Responsible people"),
            {person.get_full_name() or person.username for person in old.people.all()},
            {person.get_full_name() or person.username for person in new.people.all()},
        )
        before, after = _funding(old), _funding(new)
        for line in sorted(before.keys() | after.keys()):
            if before.get(line) != after.get(line):
                words.append(
                    gettext("Funding from %(line)s: %(old)s became %(new)s")
                    % {
                        "line": line,
                        "old": before.get(line, gettext("none")),
                        "new": after.get(line, gettext("none")),
                    }
                )
    return words


def programme_differences(old: WorkProgramme, new: WorkProgramme) -> list[str]:
    """What changed in the versions' own fields."""
    words = []
    if old.summary != new.summary:
        words.append(gettext("Summary: changed"))
    if old.is_public != new.is_public:
        words.append(gettext("Made public") if new.is_public else gettext("Made private"))
    return words


def compare_programmes(
    old: WorkProgramme, new: WorkProgramme, *, whole: bool = True
) -> list[ActivityChange]:
    """Every activity of either version in number order, said to be added,
    removed, changed (with its differences) or unchanged."""
    old_activities = {activity.number: activity for activity in old.ordered_activities()}
    new_activities = {activity.number: activity for activity in new.ordered_activities()}
    changes = []
    for number in sorted(old_activities.keys() | new_activities.keys()):
        before, after = old_activities.get(number), new_activities.get(number)
        if before is None:
            changes.append(ActivityChange(number, None, after, ADDED))
        elif after is None:
            changes.append(ActivityChange(number, before, None, REMOVED))
        else:
            differences = activity_differences(before, after, whole=whole)
            changes.append(
                ActivityChange(
                    number, before, after, CHANGED if differences else UNCHANGED, differences
                )
            )
    return changes
