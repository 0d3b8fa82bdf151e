"""What registrations tell people through the platform's notifications
(accounts/notifications.py): a place freed on a full event goes to the first
on its waiting list, who is told (at once by e-mail, by default). The kind is
added to the one registry from EventsConfig.ready()."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from localaction.accounts import notifications
from localaction.accounts.notifications import NotificationKind

KINDS = [
    NotificationKind(
        "event_place_offered",
        _("A place is freed for me at an event whose waiting list I am on"),
        _("Your place at %(event)s is confirmed"),
        _(
            "A place was freed at %(event)s (%(dates)s) and you were first on the waiting "
            "list: your registration as %(category)s is now confirmed. Fee: %(fee)s."
        ),
    ),
]


def register() -> None:
    """Add the registrations' kinds to the registry (from EventsConfig.ready())."""
    notifications.register(*KINDS)
