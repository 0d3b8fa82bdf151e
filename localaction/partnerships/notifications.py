"""What the partnerships tell people (accounts/notifications.py): an
agreement ending soon, to the responsible office's staff, once per agreement
and end date. The kind is added to the registry from this app's
AppConfig.ready() (`register`)."""

from __future__ import annotations

import contextlib
import datetime

from django.contrib.auth import get_user_model
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from localaction.accounts import notifications
from localaction.accounts.models import Role
from localaction.accounts.notifications import NotificationKind


def _dates_in_words(facts: dict) -> None:
    value = facts.get("ends")
    if isinstance(value, str) and value:
        with contextlib.suppress(ValueError):
            facts["ends"] = date_format(datetime.date.fromisoformat(value))


KINDS = [
    NotificationKind(
        "partnership_renewal",
        _("A partnership agreement of my office ends soon"),
        _("Agreement ends soon: %(agreement)s"),
        _(
            "The agreement %(agreement)s with %(partner)s ends on %(ends)s. Renew it to a "
            "later date, or let it end."
        ),
        words=_dates_in_words,
    ),
]


def register() -> None:
    """Add the partnerships' kinds to the registry (from PartnershipsConfig.ready())."""
    notifications.register(*KINDS)


def office_staff(office_id: int):
    staff = Role.objects.filter(
        kind__in=Role.OFFICE_KINDS, office_id=office_id, user__is_active=True
    )
    return get_user_model().objects.filter(pk__in=staff.values("user"))


def renewal_due(agreement) -> None:
    notifications.notify(
        "partnership_renewal",
        recipients=office_staff(agreement.office_id),
        params={
            "agreement": agreement.title,
            "partner": agreement.partner.name,
            "ends": agreement.ends_on.isoformat(),
        },
        url=agreement.get_absolute_url(),
    )
