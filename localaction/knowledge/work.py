"""The work page's queue of case studies waiting for an office's review
(registered from setup.py)."""

from __future__ import annotations

from collections.abc import Iterable

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from localaction.knowledge.models import CaseStudy
from localaction.network.work import Item, as_date, covered_local_governments, register


def case_studies_to_review(user):
    return (
        CaseStudy.objects.in_review()
        .filter(lead__in=covered_local_governments(user))
        .select_related("lead__country", "locale")
        .order_by("review_since", "pk")
    )


def _rows(user) -> Iterable[Item]:
    for case_study in case_studies_to_review(user):
        yield Item(
            title=case_study.title,
            local_government=case_study.lead,
            since=as_date(case_study.review_since),
            url=reverse("knowledge:case-study-review", args=[case_study.pk]),
            detail=_("Case study (%(language)s)") % {"language": case_study.language},
        )


def register_queue() -> None:
    register("case_studies", _("Case studies to review"), _rows, order=60)
