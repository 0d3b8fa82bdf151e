"""The member profile's section of knowledge (registered from setup.py): the
member's published case studies and the recognitions it received."""

from __future__ import annotations

from django.db.models import Q

from localaction.knowledge.models import CaseStudy, Recognition
from localaction.network.models import LocalGovernment


def knowledge_section(user, local_government: LocalGovernment) -> dict | None:
    case_studies = list(
        CaseStudy.objects.published()
        .filter(Q(lead=local_government) | Q(members=local_government))
        .select_related("locale")
        .distinct()[:10]
    )
    recognitions = list(
        Recognition.objects.filter(local_government=local_government).select_related(
            "office", "case_study"
        )
    )
    if not case_studies and not recognitions:
        return None
    return {"case_studies": case_studies, "recognitions": recognitions}
