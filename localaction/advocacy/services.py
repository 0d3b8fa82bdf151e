"""Writes of the association's advocacy, with the rules every door obeys.

- `add_process` and `add_role` (the secretariat);
- `add_engagement`, `cite_figure` and `review_role` (the staff of the role's
  office and the secretariat);
- `remind_reviews_due` tells the staff of a role's office, once, that its
  review is due (daily, tasks.py);
- `report_figures` lists the figures a published report's snapshot holds,
  by their path (``by_region.europe.tco2e``).

A citation copies the figure's value from the report's snapshot: the
statement keeps the figure as published. A key the snapshot does not hold is
refused. A review dated in the future is refused; a recommendation to end
the role ends it (its `until`) only when the decision taken on it is linked.

A write refused (PermissionDenied, or ValidationError with its message for
the person) writes nothing.
"""

from __future__ import annotations

import datetime

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from localaction.accounts.models import Role as PersonRole
from localaction.advocacy import notifications, permissions
from localaction.advocacy.models import CitedFigure, Engagement, PolicyProcess, Role, RoleReview
from localaction.governance.models import Decision
from localaction.reports.models import NetworkReport

_MISSING = object()


def _check_secretariat(by) -> None:
    if not permissions.can_keep_processes(by):
        raise PermissionDenied(gettext("Only the secretariat adds processes and roles."))


def _check_keeper(by, role: Role) -> None:
    if not permissions.can_keep_role(by, role):
        raise PermissionDenied(
            gettext("Only the staff of %(office)s and the secretariat keep this role.")
            % {"office": role.office}
        )


@transaction.atomic
def add_process(*, by, **fields) -> PolicyProcess:
    _check_secretariat(by)
    process = PolicyProcess(**fields)
    process.full_clean()
    process.save()
    return process


@transaction.atomic
def add_role(process: PolicyProcess, *, by, **fields) -> Role:
    _check_secretariat(by)
    role = Role(process=process, **fields)
    role.full_clean()
    role.save()
    return role


@transaction.atomic
def add_engagement(role: Role, *, by, delegations=(), **fields) -> Engagement:
    _check_keeper(by, role)
    engagement = Engagement(role=role, created_by=by, **fields)
    engagement.full_clean()
    engagement.save()
    engagement.delegations.set(delegations)
    return engagement


def _is_figure(value) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def report_figures(report: NetworkReport) -> list[tuple[str, object]]:
    """Every figure (a number) of the report's snapshot, with its path."""
    found: list[tuple[str, object]] = []

    def walk(prefix: str, value) -> None:
        if isinstance(value, dict):
            for key, inner in value.items():
                walk(f"{prefix}.{key}" if prefix else str(key), inner)
        elif _is_figure(value):
            found.append((prefix, value))

    walk("", report.snapshot)
    return found


def figure_of(report: NetworkReport, key: str):
    """The value at `key` (dotted path) in the report's snapshot; refused when
    the snapshot holds no figure there."""
    value = report.snapshot
    for piece in key.split("."):
        value = value.get(piece, _MISSING) if isinstance(value, dict) else _MISSING
        if value is _MISSING:
            break
    if value is _MISSING or not _is_figure(value):
        raise ValidationError(
            {
                "key": gettext(
                    "The report %(report)s publishes no figure “%(key)s”: "
                    "choose one of the figures it holds."
                )
                % {"report": report, "key": key}
            }
        )
    return value


@transaction.atomic
def cite_figure(
    engagement: Engagement, report: NetworkReport, key: str, *, by, label: str = ""
) -> CitedFigure:
    """Cite the report's figure at `key` in the engagement, keeping its value as
    published."""
    _check_keeper(by, engagement.role)
    key = key.strip()
    value = figure_of(report, key)
    citation = CitedFigure(
        engagement=engagement,
        report=report,
        key=key,
        label=label.strip() or key,
        value=value,
        cited_by=by,
    )
    citation.full_clean()
    citation.save()
    return citation


@transaction.atomic
def review_role(
    role: Role,
    *,
    by,
    reviewed_on: datetime.date,
    benefits: str,
    costs: str,
    recommendation: str,
    decision: Decision | None = None,
) -> RoleReview:
    """Record a review of the role. A recommendation to end it, with the
    decision taken on it linked, ends the role on the decision's date."""
    _check_keeper(by, role)
    if reviewed_on > timezone.localdate():
        raise ValidationError(
            {
                "reviewed_on": gettext(
                    "A review is recorded once held: its date is not in the future."
                )
            }
        )
    if decision is not None and decision.outcome != Decision.Outcome.ADOPTED:
        raise ValidationError(
            {"decision": gettext("Link the adopted decision taken on the review.")}
        )
    review = RoleReview(
        role=role,
        reviewed_on=reviewed_on,
        benefits=benefits,
        costs=costs,
        recommendation=recommendation,
        decision=decision,
        reviewed_by=by,
    )
    review.full_clean()
    review.save()
    if recommendation == RoleReview.Recommendation.END and decision is not None:
        role.until = max(decision.decided_on, role.since)
        role.full_clean()
        role.save(update_fields=["until"])
    return review


def remind_reviews_due(today: datetime.date | None = None) -> list[Role]:
    """Tell the staff of each current role's office that its review is due,
    once for each due date (idempotent); returns the roles reminded."""
    today = today or timezone.localdate()
    reminded = []
    roles = Role.objects.select_related("process", "office").prefetch_related("reviews")
    for role in roles.exclude(until__lt=today):
        due_on = role.review_due_on()
        if not role.review_due_as_of(today) or role.review_reminded_for == due_on:
            continue
        staff = (
            get_user_model()
            .objects.filter(roles__kind=PersonRole.Kind.STAFF, roles__office=role.office_id)
            .distinct()
        )
        with transaction.atomic():
            Role.objects.filter(pk=role.pk).update(review_reminded_for=due_on)
            notifications.review_due(role, due_on, staff)
        reminded.append(role)
    return reminded
