"""What advocacy tells people, through the platform's notifications
(accounts/notifications.py): a role's review is due (the staff of the role's
office, once for each due date). The kind is added to the one registry from
this app's AppConfig.ready() (`register`), as lower layers never import this
one."""

from __future__ import annotations

import contextlib
import datetime

from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from localaction.accounts import notifications
from localaction.accounts.notifications import NotificationKind


def _dates_in_words(facts: dict) -> None:
    value = facts.get("due")
    if isinstance(value, str) and value:
        with contextlib.suppress(ValueError):
            facts["due"] = date_format(datetime.date.fromisoformat(value))


KINDS = [
    NotificationKind(
        "advocacy_review_due",
        _("A review of an advocacy role my office keeps is due"),
        _("Review due: %(role)s"),
        _(
            "The association's role %(role)s, kept by %(office)s, was due for its "
            "periodic review by %(due)s: record its benefits, costs and a recommendation "
            "on the role's page."
        ),
        words=_dates_in_words,
    ),
]


def register() -> None:
    """Add advocacy's kinds to the registry (from AdvocacyConfig.ready())."""
    notifications.register(*KINDS)


def review_due(role, due_on: datetime.date, recipients) -> None:
    notifications.notify(
        "advocacy_review_due",
        recipients=recipients,
        params={"role": str(role), "office": str(role.office), "due": due_on.isoformat()},
        url=role.get_absolute_url(),
    )
