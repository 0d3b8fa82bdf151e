"""What city-to-city exchange tells people (accounts/notifications.py): the
other members' editors, of an exchange proposed to them; a need's member's
editors, of a new offer that matches it. The kinds are added to the registry
from ExchangeConfig.ready() (`register`)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from localaction.accounts import notifications
from localaction.accounts.notifications import NotificationKind

KINDS = [
    NotificationKind(
        "exchange_proposed",
        _("An exchange is proposed to my local government"),
        _("%(proposer)s proposes an exchange to %(member)s"),
        _(
            '%(proposer)s proposes the exchange "%(exchange)s" to %(member)s. '
            "Its editors accept it on the exchange's page; it is agreed once every "
            "member taking part has accepted."
        ),
    ),
    NotificationKind(
        "exchange_offer_matches",
        _("A new offer matches a need of my local government"),
        _('A new offer matches your need "%(need)s"'),
        _(
            '%(member)s offers "%(offer)s", which matches the need "%(need)s" '
            "of %(need_member)s. The need's page lists its suggested offers with "
            "their reasons."
        ),
    ),
]


def register() -> None:
    """Add the exchange's kinds to the registry (from ExchangeConfig.ready())."""
    notifications.register(*KINDS)


def proposed(exchange, *, proposer, others) -> None:
    for participant in others:
        notifications.notify(
            "exchange_proposed",
            recipients=notifications.editors_of(participant.member),
            params={
                "proposer": proposer.name,
                "member": participant.member.name,
                "exchange": exchange.title,
            },
            url=exchange.get_absolute_url(),
        )


def offer_matches(offer, need) -> None:
    notifications.notify(
        "exchange_offer_matches",
        recipients=notifications.editors_of(need.member),
        params={
            "member": offer.member.name,
            "offer": offer.title,
            "need": need.title,
            "need_member": need.member.name,
        },
        url=need.get_absolute_url(),
    )
