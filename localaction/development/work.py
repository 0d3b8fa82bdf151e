"""The overdue next steps of prospects on the office's "Work to do" page
(registered with `network.work` from DevelopmentConfig.ready): for the
office's staff, their offices' prospects; for the secretariat, all."""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.translation import gettext_lazy

from localaction.development import permissions
from localaction.development.models import Prospect
from localaction.network.work import Item, register


def _overdue_rows(user) -> Iterable[Item]:
    overdue = permissions.prospects_readable_by(user, Prospect.objects.overdue()).select_related(
        "local_government__country", "office"
    )
    for prospect in overdue.order_by("next_step_on", "pk"):
        yield Item(
            title=f"{prospect.local_government}: {prospect.next_step}",
            local_government=prospect.local_government,
            since=prospect.next_step_on,
            url=prospect.get_absolute_url(),
            detail=f"{prospect.get_status_display()} · {prospect.office}",
        )


register(
    "prospects-overdue",
    gettext_lazy("Prospects' next steps overdue"),
    _overdue_rows,
    order=60,
    audience=permissions.works_on_development,
)
