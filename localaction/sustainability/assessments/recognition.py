"""The milestone rule of self-assessments (campaigns.recognition): a campaign's
self-assessment closed. A questionnaire names the campaign its instrument
serves (`campaign` in its file: la21 → local-agenda-21); the member's latest
closed or published assessment of such a questionnaire proves the milestone
for that campaign."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from localaction.sustainability.assessments.models import Assessment

RULE = "assessment_closed"
LABEL = _("A self-assessment for the campaign closed")


def proofs(local_government_ids: list[int]) -> dict:
    """{(member, campaign id): (Assessment, pk)} in two queries."""
    from localaction.campaigns.models import Campaign

    assessments = (
        Assessment.objects.finished()
        .filter(local_government__in=local_government_ids)
        .exclude(questionnaire__campaign_code="")
        .order_by("local_government_id", "-assessed_on", "-pk")
        .values_list("pk", "local_government_id", "questionnaire__campaign_code")
    )
    latest: dict[tuple[int, str], int] = {}
    for pk, local_government, campaign_code in assessments:
        latest.setdefault((local_government, campaign_code), pk)
    campaigns = dict(
        Campaign.objects.filter(code__in={code for _lg, code in latest}).values_list("code", "pk")
    )
    return {
        (local_government, campaigns[code]): (Assessment, pk)
        for (local_government, code), pk in latest.items()
        if code in campaigns
    }
