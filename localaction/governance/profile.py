"""The member's part in the Association's governance on its profile page
(registered with `network.sections.member_profile` from GovernanceConfig.ready): the seats
held on its behalf, now and before, on the bodies the reader may read, and
the decision that approved its membership where one did."""

from __future__ import annotations

from django.utils import timezone

from localaction.governance import permissions
from localaction.governance.models import Body, Decision, Mandate, MembershipApproval
from localaction.network.sections import member_profile


def governance_section(user, local_government) -> dict | None:
    bodies = permissions.bodies_readable_by(user, Body.objects.all())
    mandates = list(
        Mandate.objects.filter(local_government=local_government, seat__body__in=bodies)
        .select_related("seat__body__region", "seat__region")
        .order_by("-starts_on")
    )
    readable = permissions.records_readable_by(user, Decision.objects.all())
    approvals = list(
        MembershipApproval.objects.filter(
            membership__local_government=local_government, decision__in=readable
        ).select_related("decision__body", "membership")
    )
    if not mandates and not approvals:
        return None
    today = timezone.localdate()
    return {
        "current": [m for m in mandates if m.is_current(today)],
        "other": [m for m in mandates if not m.is_current(today)],
        "approvals": approvals,
    }


member_profile.register(
    "governance", "governance/profile_section.html", governance_section, order=95
)
