"""Who may read, write and review the Agency's content.

- Everyone reads what is published (live case studies and publications, the
  recognitions of published members); contacts of a case study are for people
  signed in as members' staff, office staff or the secretariat.
- A case study is written by the editors of any of its members and by the
  offices covering any of them (and the secretariat); those people also see
  its drafts.
- It is reviewed by the staff of an office covering its lead member's region
  or country, or by the secretariat.
- Series and publications are kept by the secretariat.
- Recognitions are given by an office's staff (in the office's name) or the
  secretariat.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from localaction.accounts.access import access_of
from localaction.knowledge.models import CaseStudy, Publication
from localaction.network.models import LocalGovernment, Office
from localaction.network.permissions import (
    can_edit_local_government,
    is_covered_by,
    local_governments_editable_by,
)


def may_see_contacts(user) -> bool:
    access = access_of(user)
    return access.is_secretariat or access.is_office_staff or bool(access.member_of)


def writable_members(user) -> QuerySet[LocalGovernment]:
    """The members a person may write a case study for."""
    return local_governments_editable_by(user)


def can_write_case_study_for(user, local_government: LocalGovernment) -> bool:
    return can_edit_local_government(user, local_government)


def can_edit_case_study(user, case_study: CaseStudy) -> bool:
    return any(can_edit_local_government(user, member) for member in case_study.all_members())


def can_review_case_study(user, case_study: CaseStudy) -> bool:
    return is_covered_by(user, case_study.lead)


def can_see_drafts(user, case_study: CaseStudy) -> bool:
    return can_edit_case_study(user, case_study) or can_review_case_study(user, case_study)


def case_studies_editable_by(user) -> QuerySet[CaseStudy]:
    """Every case study (live or not) the person may write or review."""
    access = access_of(user)
    if access.is_secretariat:
        return CaseStudy.objects.all()
    if not access.is_authenticated:
        return CaseStudy.objects.none()
    members = local_governments_editable_by(user)
    return CaseStudy.objects.filter(Q(lead__in=members) | Q(members__in=members)).distinct()


def case_studies_visible_to(user) -> QuerySet[CaseStudy]:
    return CaseStudy.objects.filter(
        Q(live=True) | Q(pk__in=case_studies_editable_by(user).values("pk"))
    )


def can_keep_publications(user) -> bool:
    return access_of(user).is_secretariat


def publications_visible_to(user) -> QuerySet[Publication]:
    if can_keep_publications(user):
        return Publication.objects.all()
    return Publication.objects.published()


def offices_giving(user) -> QuerySet[Office]:
    """The offices in whose name the person gives recognitions."""
    access = access_of(user)
    if access.is_secretariat:
        return Office.objects.all()
    return Office.objects.filter(pk__in=access.offices)


def can_give_recognition(user) -> bool:
    return offices_giving(user).exists()
