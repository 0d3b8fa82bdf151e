"""Writes to local agendas that check what one record cannot: the member takes
part in the campaign, the targets and actions linked are the member's own for
that campaign, the stakeholders who raised an issue sit in the agenda's forum,
the indicators a report reviewed are the agenda's targets. Every write is
whole or refused (ValidationError, nothing saved)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext

from localaction.campaigns.models import Action, Campaign, Participation, Target
from localaction.network.models import LocalGovernment
from localaction.sustainability.agendas.models import (
    AgendaMeeting,
    AgendaMonitoringReport,
    AgendaPriority,
    AgendaStakeholder,
    LocalAgenda,
    agenda_actions,
    agenda_targets,
)


def _touch(agenda: LocalAgenda) -> None:
    """Mark the agenda changed when one of its parts does: the network report
    compares the agendas' latest change to know when it is out of date."""
    LocalAgenda.objects.filter(pk=agenda.pk).update(updated_at=timezone.now())


# The fields of the agenda's own parts that its edit forms change.
PARTS = {
    "agenda": ("title", "started_on", "status", "is_published"),
    "baseline": ("baseline_on", "baseline_summary", "baseline_document"),
    "vision": ("vision", "vision_adopted_on"),
    "council": ("council_on", "council_reference", "council_document"),
}


@transaction.atomic
def agenda_create(
    *,
    local_government: LocalGovernment,
    campaign: Campaign,
    title: str,
    started_on: date,
    status: str = LocalAgenda.Status.PREPARING,
    is_published: bool = False,
) -> LocalAgenda:
    """A new agenda of the member for a campaign it takes part in."""
    agenda = LocalAgenda(
        local_government=local_government,
        campaign=campaign,
        title=title,
        started_on=started_on,
        status=status,
        is_published=is_published,
    )
    agenda.full_clean()
    if not Participation.objects.filter(
        local_government=local_government, campaign=campaign, withdrawn_on__isnull=True
    ).exists():
        raise ValidationError(
            {
                "campaign": gettext("%(name)s does not take part in %(campaign)s.")
                % {"name": local_government, "campaign": campaign}
            }
        )
    agenda.save()
    return agenda


@transaction.atomic
def agenda_update(*, agenda: LocalAgenda, **values) -> LocalAgenda:
    """Change fields of the agenda's own parts (PARTS); the local government
    and the campaign stay."""
    allowed = {field for fields in PARTS.values() for field in fields}
    unknown = set(values) - allowed
    if unknown:
        raise ValueError(f"Not an agenda part's field: {', '.join(sorted(unknown))}")
    for field, value in values.items():
        setattr(agenda, field, value)
    agenda.full_clean()
    agenda.save()
    return agenda


def _foreign(records: Iterable, allowed_pks: set[int]) -> list[str]:
    # Named by id, not title: a record of another member may not be one the
    # person sees.
    return [f"#{record.pk}" for record in records if record.pk not in allowed_pks]


@transaction.atomic
def agenda_set_targets(*, agenda: LocalAgenda, targets: Iterable[Target]) -> None:
    """Link the agenda to targets: the member's own indicator targets for the campaign."""
    targets = list(targets)
    allowed = set(agenda_targets(agenda).values_list("pk", flat=True))
    refused = _foreign(targets, allowed)
    if refused:
        raise ValidationError(
            {
                "targets": gettext(
                    "Only %(name)s's own indicator targets for %(campaign)s can be linked, "
                    "not: %(refused)s."
                )
                % {
                    "name": agenda.local_government,
                    "campaign": agenda.campaign,
                    "refused": ", ".join(refused),
                }
            }
        )
    agenda.targets.set(targets)
    _touch(agenda)
    # A report reviewed the indicators of the agenda's targets: a target unlinked
    # leaves the reports that reviewed it as they were written.


@transaction.atomic
def agenda_set_actions(*, agenda: LocalAgenda, actions: Iterable[Action]) -> None:
    """Set the action programme: the member's own actions for the campaign or for all."""
    actions = list(actions)
    allowed = set(agenda_actions(agenda).values_list("pk", flat=True))
    refused = _foreign(actions, allowed)
    if refused:
        raise ValidationError(
            {
                "actions": gettext(
                    "Only %(name)s's own actions for %(campaign)s (or for every campaign) "
                    "can be in the programme, not: %(refused)s."
                )
                % {
                    "name": agenda.local_government,
                    "campaign": agenda.campaign,
                    "refused": ", ".join(refused),
                }
            }
        )
    agenda.actions.set(actions)
    _touch(agenda)


@transaction.atomic
def stakeholder_save(
    *,
    agenda: LocalAgenda,
    name: str,
    kind: str,
    role: str = "",
    contact: str = "",
    stakeholder: AgendaStakeholder | None = None,
) -> AgendaStakeholder:
    """Add a stakeholder to the forum, or change one (`stakeholder`)."""
    stakeholder = stakeholder or AgendaStakeholder(agenda=agenda)
    if stakeholder.agenda_id != agenda.pk:
        raise ValidationError(gettext("The stakeholder belongs to another agenda."))
    stakeholder.name, stakeholder.kind = name.strip(), kind
    stakeholder.role, stakeholder.contact = role.strip(), contact.strip()
    stakeholder.full_clean()
    stakeholder.save()
    _touch(agenda)
    return stakeholder


@transaction.atomic
def stakeholder_remove(*, stakeholder: AgendaStakeholder) -> None:
    """Take a stakeholder out of the forum (and off the issues it raised)."""
    agenda = stakeholder.agenda
    stakeholder.delete()
    _touch(agenda)


@transaction.atomic
def meeting_add(
    *, agenda: LocalAgenda, held_on: date, participants: int, subject: str = "", minutes=None
) -> AgendaMeeting:
    meeting = AgendaMeeting(
        agenda=agenda, held_on=held_on, participants=participants, subject=subject
    )
    if minutes:
        meeting.minutes = minutes
    meeting.full_clean()
    meeting.save()
    _touch(agenda)
    return meeting


@transaction.atomic
def priority_add(
    *,
    agenda: LocalAgenda,
    title: str,
    description: str = "",
    raised_by: Iterable[AgendaStakeholder] = (),
    position: int | None = None,
) -> AgendaPriority:
    """A priority issue, last in rank unless `position` says where; the issues
    at and after that rank move down one."""
    raised_by = list(raised_by)
    refused = _foreign(raised_by, set(agenda.stakeholders.values_list("pk", flat=True)))
    if refused:
        raise ValidationError(
            {
                "raised_by": gettext("Not in this agenda's forum: %(names)s.")
                % {"names": ", ".join(refused)}
            }
        )
    last = agenda.priorities.aggregate(last=Max("position"))["last"] or 0
    if position is None or position > last:
        position = last + 1
    if position < 1:
        raise ValidationError({"position": gettext("A rank is 1 or more.")})
    priority = AgendaPriority(
        agenda=agenda, position=position, title=title.strip(), description=description
    )
    priority.full_clean(exclude=["position"])
    # Make room from the bottom up, so that no two issues share a rank meanwhile.
    for later in agenda.priorities.filter(position__gte=position).order_by("-position"):
        later.position += 1
        later.save(update_fields=["position"])
    priority.save()
    priority.raised_by.set(raised_by)
    _touch(agenda)
    return priority


@transaction.atomic
def priority_move(*, priority: AgendaPriority, up: bool) -> None:
    """Swap the issue with the one ranked just above (or below) it."""
    priority.refresh_from_db(fields=["position"])  # ranks move under other writes
    siblings = priority.agenda.priorities
    other = (
        siblings.filter(position__lt=priority.position).order_by("-position").first()
        if up
        else siblings.filter(position__gt=priority.position).order_by("position").first()
    )
    if other is None:
        return
    mine, theirs = priority.position, other.position
    # Through a free rank: the constraint holds at every step.
    free = (siblings.aggregate(last=Max("position"))["last"] or 0) + 1
    priority.position = free
    priority.save(update_fields=["position"])
    other.position = mine
    other.save(update_fields=["position"])
    priority.position = theirs
    priority.save(update_fields=["position"])
    _touch(priority.agenda)


@transaction.atomic
def priority_remove(*, priority: AgendaPriority) -> None:
    priority.refresh_from_db(fields=["position"])
    agenda, position = priority.agenda, priority.position
    priority.delete()
    for later in agenda.priorities.filter(position__gt=position).order_by("position"):
        later.position -= 1
        later.save(update_fields=["position"])
    _touch(agenda)


@transaction.atomic
def monitoring_add(
    *,
    agenda: LocalAgenda,
    period_start: date,
    period_end: date,
    findings: str,
    indicators: Iterable[Target] = (),
    is_evaluation: bool = False,
    reported_on: date | None = None,
    document=None,
) -> AgendaMonitoringReport:
    """A monitoring (or evaluation) report; the indicators reviewed are the agenda's targets."""
    indicators = list(indicators)
    allowed = set(agenda.targets.values_list("pk", flat=True))
    refused = _foreign(indicators, allowed)
    if refused:
        raise ValidationError(
            {
                "indicators": gettext("Not a target of this agenda: %(refused)s.")
                % {"refused": ", ".join(refused)}
            }
        )
    report = AgendaMonitoringReport(
        agenda=agenda,
        period_start=period_start,
        period_end=period_end,
        findings=findings,
        is_evaluation=is_evaluation,
        reported_on=reported_on,
    )
    if document:
        report.document = document
    report.full_clean()
    report.save()
    report.indicators.set(indicators)
    _touch(agenda)
    return report
