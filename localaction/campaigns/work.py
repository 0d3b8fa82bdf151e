"""The campaigns' queue on the office's work page: milestones recorded as achieved,
with their evidence, waiting for an office to verify them (registered with
`network.work` from CampaignsConfig.ready)."""

from __future__ import annotations

from collections.abc import Iterable

from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from localaction.campaigns.models import MilestoneProgress
from localaction.network.work import Item, as_date, covered_local_governments, register


def milestones_to_verify(user) -> Iterable[Item]:
    achieved = MilestoneProgress.objects.filter(
        status=MilestoneProgress.Status.ACHIEVED,
        participation__withdrawn_on=None,
        local_government__in=covered_local_governments(user),
    ).select_related("local_government__country", "participation__campaign", "milestone")
    for record in achieved:
        campaign = record.participation.campaign
        url = reverse(
            "campaigns:milestone",
            args=[campaign.code, record.local_government.code, record.milestone.number],
        )
        yield Item(
            title=_("%(name)s: milestone %(number)s, %(milestone)s")
            % {
                "name": record.local_government,
                "number": record.milestone.number,
                "milestone": record.milestone.name,
            },
            local_government=record.local_government,
            since=as_date(record.achieved_on or record.updated_at),
            url=f"{url}?{urlencode({'status': MilestoneProgress.Status.VERIFIED})}",
            detail=campaign.name,
        )


register("milestones", gettext_lazy("Milestones to verify"), milestones_to_verify, order=30)
