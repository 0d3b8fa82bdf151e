"""Writes of partnerships, with the rules every door obeys.

- `save_partner` adds or changes a partner organisation;
- `save_agreement` adds or changes an agreement (a draft or an active one),
  with its signatories;
- `activate` makes a draft active, only once the plan's conditions for a
  partnership are written: common aims; objectives, strategy and outcomes;
  the share of tasks and responsibilities; the resources; and the dates of
  signature and start (one message per missing condition, on its field);
- `end` ends an active agreement on a date; `renew` moves an active (or
  expired) agreement's end to a later date;
- `expire_and_remind` (daily): active agreements past their end are expired,
  and those ending within their notice are reminded to the office's staff,
  once per agreement and end date.

Only staff of the responsible office and the secretariat write
(PermissionDenied otherwise); a write refused (ValidationError, its messages
for the person) writes nothing.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from localaction.partnerships import notifications, permissions
from localaction.partnerships.models import Agreement, PartnerOrganisation, Signatory


def _check_keeper(agreement: Agreement, by) -> None:
    if not permissions.can_keep_agreement(by, agreement):
        raise PermissionDenied(
            gettext("Only staff of the responsible office and the secretariat keep an agreement.")
        )


@transaction.atomic
def save_partner(partner: PartnerOrganisation, *, by) -> PartnerOrganisation:
    if not permissions.can_keep_partners(by):
        raise PermissionDenied(gettext("Only office staff keep partner organisations."))
    partner.full_clean()
    partner.save()
    return partner


@transaction.atomic
def save_agreement(agreement: Agreement, *, by, signatories: list[dict] | None = None) -> Agreement:
    """The agreement saved (its office's staff or the secretariat); its
    signatories replaced by `signatories` when given. An ended or expired
    agreement is fixed."""
    _check_keeper(agreement, by)
    if agreement.pk:
        stored = Agreement.objects.get(pk=agreement.pk)
        _check_keeper(stored, by)
        if stored.status in (Agreement.Status.ENDED, Agreement.Status.EXPIRED):
            raise ValidationError(
                gettext("An ended or expired agreement is fixed: renew it or draft a new one.")
            )
    elif agreement.created_by_id is None and getattr(by, "pk", None):
        agreement.created_by = by
    agreement.full_clean()
    if agreement.is_active:
        problems = missing_conditions(agreement)
        if problems:
            raise ValidationError(problems)
    agreement.save()
    if signatories is not None:
        agreement.signatories.all().delete()
        for signatory in signatories:
            made = Signatory(agreement=agreement, **signatory)
            made.full_clean()
            made.save()
    return agreement


def missing_conditions(agreement: Agreement) -> dict[str, str]:
    """The plan's conditions for a partnership not yet met, by field."""
    messages = {
        "aims": gettext("Write the common aims of the partnership."),
        "objectives": gettext("Write the objectives, strategy and outcomes."),
        "shares": gettext("Write the share of tasks and responsibilities of each party."),
        "resources": gettext("Write the resources each party brings."),
    }
    problems = {
        field: message
        for field, message in messages.items()
        if not (getattr(agreement, field) or "").strip()
    }
    if agreement.signed_on is None:
        problems["signed_on"] = gettext("Give the date the agreement was signed.")
    if agreement.starts_on is None:
        problems["starts_on"] = gettext("Give the date the agreement starts.")
    return problems


@transaction.atomic
def activate(agreement: Agreement, *, by) -> Agreement:
    """A draft made active, once every condition for a partnership is met."""
    agreement = Agreement.objects.select_for_update().get(pk=agreement.pk)
    _check_keeper(agreement, by)
    if agreement.status != Agreement.Status.DRAFT:
        raise ValidationError(gettext("Only a draft agreement is activated."))
    problems = missing_conditions(agreement)
    if problems:
        raise ValidationError(problems)
    if agreement.ends_on and agreement.ends_on < timezone.localdate():
        raise ValidationError(
            {"ends_on": gettext("The agreement's end date has passed: give a later one.")}
        )
    agreement.status = Agreement.Status.ACTIVE
    agreement._change_reason = "activated"
    agreement.save(update_fields=["status"])
    return agreement


@transaction.atomic
def end(agreement: Agreement, *, on: datetime.date, by) -> Agreement:
    """An active agreement ended on `on` (not before it started)."""
    agreement = Agreement.objects.select_for_update().get(pk=agreement.pk)
    _check_keeper(agreement, by)
    if agreement.status != Agreement.Status.ACTIVE:
        raise ValidationError(gettext("Only an active agreement is ended."))
    if agreement.starts_on and on < agreement.starts_on:
        raise ValidationError({"on": gettext("An agreement ends after it starts.")})
    agreement.status = Agreement.Status.ENDED
    agreement.ends_on = on
    agreement.full_clean()
    agreement.save(update_fields=["status", "ends_on"])
    return agreement


@transaction.atomic
def renew(agreement: Agreement, *, until: datetime.date, by) -> Agreement:
    """An active or expired agreement renewed to a later end date."""
    agreement = Agreement.objects.select_for_update().get(pk=agreement.pk)
    _check_keeper(agreement, by)
    if agreement.status not in (Agreement.Status.ACTIVE, Agreement.Status.EXPIRED):
        raise ValidationError(gettext("Only an active or expired agreement is renewed."))
    if agreement.ends_on is None:
        raise ValidationError(gettext("The agreement is open-ended: there is nothing to renew."))
    if until <= agreement.ends_on:
        raise ValidationError(
            {
                "until": gettext("Renew to a date after the present end, %(ends)s.")
                % {"ends": agreement.ends_on.isoformat()}
            }
        )
    if until < timezone.localdate():
        raise ValidationError({"until": gettext("Renew to a date that has not passed.")})
    agreement.ends_on = until
    agreement.status = Agreement.Status.ACTIVE
    agreement.full_clean()
    agreement.save(update_fields=["ends_on", "status"])
    return agreement


def expire_and_remind(today: datetime.date | None = None) -> tuple[int, int]:
    """Expire active agreements past their end; remind the office of those
    ending within their notice, once per agreement and end date. Returns how
    many were expired and how many reminded."""
    today = today or timezone.localdate()
    expired = Agreement.objects.filter(status=Agreement.Status.ACTIVE, ends_on__lt=today).update(
        status=Agreement.Status.EXPIRED
    )
    reminded = 0
    due = Agreement.objects.filter(
        status=Agreement.Status.ACTIVE, ends_on__isnull=False
    ).select_related("partner")
    for agreement in due:
        if agreement.ends_on - datetime.timedelta(days=agreement.renewal_notice_days) > today:
            continue
        if agreement.reminded_for == agreement.ends_on:
            continue
        with transaction.atomic():
            claimed = (
                Agreement.objects.filter(pk=agreement.pk)
                .exclude(reminded_for=agreement.ends_on)
                .update(reminded_for=agreement.ends_on)
            )
            if claimed:
                notifications.renewal_due(agreement)
                reminded += 1
    return expired, reminded
