"""The governance queue on the office's work page (registered with
`network.work` from GovernanceConfig.ready): mandates still held on behalf of
members that left the Association, for the secretariat, who keeps mandates,
to end with that reason (the admin's action on mandates)."""

from __future__ import annotations

from collections.abc import Iterable

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from localaction.governance import permissions, services
from localaction.network.work import Item, register


def mandates_to_end(user) -> Iterable[Item]:
    if not permissions.can_define_bodies(user):
        return []
    mandates = services.mandates_of_members_that_left().select_related(
        "seat__body__region", "seat__region", "local_government__country"
    )
    return [
        Item(
            title=_("%(holder)s, %(seat)s on %(body)s")
            % {
                "holder": mandate.holder_name,
                "seat": mandate.seat.display_title,
                "body": mandate.seat.body.display_name,
            },
            local_government=mandate.local_government,
            since=services.left_on(mandate.local_government),
            url=reverse("admin:governance_mandate_change", args=[mandate.pk]),
            detail=_("The member left the Association: end the mandate with that reason."),
        )
        for mandate in mandates
    ]


register(
    "governance-members-that-left",
    gettext_lazy("Mandates of members that left"),
    mandates_to_end,
    order=60,
)
