"""Who may see and change self-assessments.

- Questionnaires are public.
- A published assessment of a published member is public, with its result.
- Insiders (the member's editors and viewers, the offices covering it, the
  secretariat) see every assessment of the member, its respondents and answers.
- Editors of the member and the offices covering it (can_edit_local_government)
  start assessments, invite respondents, close, publish and withdraw them, and
  import answers.
- Only an invited respondent answers: through the private link of the
  invitation, or signed in as the platform user the assessment invited.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from localaction.campaigns.permissions import is_insider
from localaction.network.models import LocalGovernment
from localaction.network.permissions import can_edit_local_government
from localaction.sustainability.assessments.models import Assessment
from localaction.sustainability.tbl.permissions import insider_local_governments


def can_see_workings(user, local_government: LocalGovernment) -> bool:
    """Whether the person sees the member's drafts, respondents and answers."""
    return is_insider(user, local_government)


def can_manage(user, local_government: LocalGovernment) -> bool:
    """Whether the person starts, runs, closes and publishes the member's assessments."""
    return can_edit_local_government(user, local_government)


def assessments_visible_to(user) -> QuerySet[Assessment]:
    return Assessment.objects.filter(
        Q(status=Assessment.Status.PUBLISHED, local_government__is_published=True)
        | Q(local_government__in=insider_local_governments(user))
    )


def can_view_assessment(user, assessment: Assessment) -> bool:
    if assessment.is_published and assessment.local_government.is_published:
        return True
    return can_see_workings(user, assessment.local_government)
