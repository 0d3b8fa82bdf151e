"""Writes that the pages, the API, the admin and the demo share.

A case study's editorial workflow:

    draft ──submit──▶ in review ──approve──▶ published (live; or scheduled
      ▲                    │                   when its go_live_at is ahead)
      └──── returned ◀─────┘ (with the reviewer's comment)

Each edit is a Wagtail revision. A case study never published is saved whole
with each edit; a live one is not: the edit is a new revision only, the
published version stays what readers see until a review approves the new one.

The review is Wagtail's moderation workflow ("Case study review", assigned to
case studies in /cms/ › Settings › Workflows): submitting starts it on the
latest revision (`workflow.start`), or resumes a returned one; approving and
returning are the actions of its `OfficeReviewTask` (`task.on_action`), which
checks that the reviewer's office covers the lead member, publishes (or
schedules) the revision on approval and keeps a return's comment in its
TaskState. Wagtail logs each step, so the object's history, the workflow
history and the workflow reports in /cms/ show them. `review_of` reads where a
case study stands (`ReviewState`) for the pages and the API.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils.text import slugify
from django.utils.translation import gettext
from wagtail.documents import get_document_model
from wagtail.log_actions import log
from wagtail.models import Locale

from localaction.knowledge import files
from localaction.knowledge.models import (
    CaseStudy,
    CaseStudyContact,
    CaseStudyFigure,
    Publication,
    PublicationFile,
    Recognition,
    ReviewState,
    Series,
)
from localaction.knowledge.permissions import (
    can_edit_case_study,
    can_keep_publications,
    can_review_case_study,
    can_write_case_study_for,
    offices_giving,
)
from localaction.network.models import LocalGovernment, Office

#: The case study's own fields a writer sets (the clusters apart).
FIELDS = (
    "title",
    "place",
    "sectors",
    "summary",
    "problem",
    "approach",
    "lessons",
    "cost",
    "funding",
    "go_live_at",
)


def locale_of(language: str) -> Locale:
    """Wagtail's locale of a platform language (made on first use)."""
    locale, _created = Locale.objects.get_or_create(language_code=language)
    return locale


def review_of(case_study: CaseStudy) -> ReviewState:
    """Where the case study stands in its review, read afresh from the database
    (a review's decision publishes through another copy of the row)."""
    return ReviewState.of(CaseStudy.objects.select_related("latest_revision").get(pk=case_study.pk))


def _unique_slug(title: str, locale: Locale, exclude: int | None) -> str:
    base = slugify(title)[:180] or "case-study"
    slug, number = base, 1
    taken = CaseStudy.objects.filter(locale=locale).exclude(pk=exclude)
    while taken.filter(slug=slug).exists():
        number += 1
        slug = f"{base}-{number}"
    return slug


def _apply(
    case_study: CaseStudy,
    data: dict,
    *,
    members: list[LocalGovernment] | None,
    campaigns: list | None,
    figures: list[dict] | None,
    contacts: list[dict] | None,
) -> None:
    unknown = set(data) - set(FIELDS)
    if unknown:
        raise ValidationError(gettext("Unknown fields: %s") % ", ".join(sorted(unknown)))
    for field, value in data.items():
        setattr(case_study, field, value)
    if members is not None:
        case_study.members = [member for member in members if member.pk != case_study.lead_id]
    if campaigns is not None:
        case_study.campaigns = campaigns
    if figures is not None:
        case_study.figures = [
            CaseStudyFigure(sort_order=order, **figure) for order, figure in enumerate(figures)
        ]
    if contacts is not None:
        case_study.contacts = [
            CaseStudyContact(sort_order=order, **contact) for order, contact in enumerate(contacts)
        ]


def _store(case_study: CaseStudy, *, by, action: str):
    """Keep the edit: a new revision; the row too unless the case study is live."""
    case_study.full_clean(exclude=["translation_key"])
    if not case_study.live:
        case_study.save()
    revision = case_study.save_revision(user=by, clean=False)
    log(case_study, action, user=by, revision=revision)
    return revision


@transaction.atomic
def case_study_create(
    *,
    by,
    lead: LocalGovernment,
    language: str,
    data: dict,
    members: list[LocalGovernment] = (),
    campaigns: list = (),
    figures: list[dict] = (),
    contacts: list[dict] = (),
    translation_of: CaseStudy | None = None,
) -> CaseStudy:
    """A new case study, as a draft; a translation when `translation_of` is
    given (another language version of the same case study)."""
    if not can_write_case_study_for(by, lead):
        raise PermissionDenied(gettext("You do not write case studies for %s.") % lead)
    locale = locale_of(language)
    case_study = CaseStudy(lead=lead, locale=locale, live=False)
    if translation_of is not None:
        if translation_of.locale_id == locale.pk:
            raise ValidationError({"language": gettext("The translation needs another language.")})
        if CaseStudy.objects.filter(
            translation_key=translation_of.translation_key, locale=locale
        ).exists():
            raise ValidationError(
                {"language": gettext("The case study has a version in this language already.")}
            )
        case_study.translation_key = translation_of.translation_key
    _apply(
        case_study,
        data,
        members=list(members),
        campaigns=list(campaigns),
        figures=list(figures),
        contacts=list(contacts),
    )
    case_study.slug = _unique_slug(case_study.title, locale, None)
    _store(case_study, by=by, action="wagtail.create")
    return case_study


def editable_version(case_study: CaseStudy) -> CaseStudy:
    """The case study as its latest revision has it (the draft being written)."""
    if case_study.latest_revision_id:
        return case_study.get_latest_revision_as_object()
    return case_study


@transaction.atomic
def case_study_edit(
    case_study: CaseStudy,
    *,
    by,
    data: dict,
    members: list[LocalGovernment] | None = None,
    campaigns: list | None = None,
    figures: list[dict] | None = None,
    contacts: list[dict] | None = None,
) -> CaseStudy:
    """A new draft revision of the case study (the published one, if any, stays live)."""
    case_study = CaseStudy.objects.select_for_update().get(pk=case_study.pk)
    if not can_edit_case_study(by, case_study):
        raise PermissionDenied(gettext("You do not write this case study."))
    if case_study.workflow_in_progress:
        raise ValidationError(
            gettext(
                "The case study is in review: it can be edited again once the reviewer "
                "returns or approves it."
            )
        )
    draft = editable_version(case_study)
    _apply(draft, data, members=members, campaigns=campaigns, figures=figures, contacts=contacts)
    _store(draft, by=by, action="wagtail.edit")
    return draft


@transaction.atomic
def case_study_submit(case_study: CaseStudy, *, by) -> ReviewState:
    """Ask the offices covering the lead member to review the latest revision."""
    case_study = CaseStudy.objects.select_for_update().get(pk=case_study.pk)
    if not can_edit_case_study(by, case_study):
        raise PermissionDenied(gettext("You do not write this case study."))
    if case_study.workflow_in_progress:
        raise ValidationError(gettext("The case study is in review already."))
    if case_study.live and not case_study.has_unpublished_changes:
        raise ValidationError(gettext("Nothing to review: the published version is the latest."))
    returned = case_study.current_workflow_state
    if returned is not None:
        returned.resume(user=by)
    else:
        workflow = case_study.get_workflow()
        if workflow is None:
            raise ValidationError(
                gettext(
                    "Case studies have no review workflow: the secretariat assigns one "
                    "in the content admin."
                )
            )
        workflow.start(case_study, by)
    return review_of(case_study)


def _task_state(case_study: CaseStudy, by):
    """The review waiting on the case study, once the person may decide it."""
    if not can_review_case_study(by, case_study):
        raise PermissionDenied(
            gettext("Case studies of %s are reviewed by the offices covering it.") % case_study.lead
        )
    task_state = case_study.current_workflow_task_state
    if task_state is None:
        raise ValidationError(gettext("The case study is not in review."))
    return task_state


@transaction.atomic
def case_study_approve(
    case_study: CaseStudy,
    *,
    by,
    comment: str = "",
    go_live_at: datetime.datetime | None = None,
) -> ReviewState:
    """Publish the revision under review — at once, or at `go_live_at` (the
    revision's own or the reviewer's), when the scheduled publishing runs."""
    case_study = CaseStudy.objects.select_for_update().get(pk=case_study.pk)
    task_state = _task_state(case_study, by)
    task_state.task.specific.on_action(
        task_state, by, "approve", comment=comment, go_live_at=go_live_at
    )
    return review_of(case_study)


@transaction.atomic
def case_study_return(case_study: CaseStudy, *, by, comment: str) -> ReviewState:
    """Send the case study back to its writers with what to change."""
    case_study = CaseStudy.objects.select_for_update().get(pk=case_study.pk)
    task_state = _task_state(case_study, by)
    task_state.task.specific.on_action(task_state, by, "reject", comment=comment)
    return review_of(case_study)


# Publications


def publish_content(obj, *, by) -> None:
    """Save and publish a series' publication (the secretariat's, in /cms/ or the demo)."""
    if not can_keep_publications(by):
        raise PermissionDenied(gettext("Publications are kept by the secretariat."))
    obj.full_clean(exclude=["translation_key"])
    obj.save()
    obj.save_revision(user=by, clean=False).publish(user=by, skip_permission_checks=True)


@transaction.atomic
def publication_file_add(
    publication: Publication, *, by, language: str, upload, title: str = ""
) -> PublicationFile:
    """A publication's PDF in one language: a PDF by its content, within the size limit."""
    if not can_keep_publications(by):
        raise PermissionDenied(gettext("Publications are kept by the secretariat."))
    files.check_pdf(upload)
    if PublicationFile.objects.filter(publication=publication, language=language).exists():
        raise ValidationError(
            {"language": gettext("The publication has a file in this language already.")}
        )
    document = get_document_model()(
        title=title or f"{publication.title} ({language})", file=upload, uploaded_by_user=by
    )
    document.save()
    publication_file = PublicationFile(
        publication=publication, language=language, document=document
    )
    publication_file.full_clean()
    publication_file.save()
    return publication_file


def file_downloaded(publication_file: PublicationFile) -> None:
    """Count a download (one UPDATE: concurrent downloads all count)."""
    PublicationFile.objects.filter(pk=publication_file.pk).update(downloads=F("downloads") + 1)


#: A publication's own fields the secretariat sets on the platform's pages.
PUBLICATION_FIELDS = (
    "series",
    "title",
    "number",
    "volume",
    "published_on",
    "isbn",
    "authors",
    "abstract",
)


def _keeper(by) -> None:
    if not can_keep_publications(by):
        raise PermissionDenied(gettext("Publications are kept by the secretariat."))


def _unique_slug_among(taken, title: str, *, fallback: str, length: int) -> str:
    base = slugify(title)[: length - 10] or fallback
    slug, number = base, 1
    while taken.filter(slug=slug).exists():
        number += 1
        slug = f"{base}-{number}"
    return slug


def _apply_publication(publication: Publication, data: dict, campaigns: list | None) -> None:
    unknown = set(data) - set(PUBLICATION_FIELDS)
    if unknown:
        raise ValidationError(gettext("Unknown fields: %s") % ", ".join(sorted(unknown)))
    for field, value in data.items():
        setattr(publication, field, value)
    if campaigns is not None:
        publication.campaigns = campaigns


def _keep_publication(publication: Publication, *, by, publish: bool, action: str) -> None:
    """Publish the publication as it now is, or keep it as a draft: a new
    revision (the row too unless it is live: readers keep the published version)."""
    if publish:
        publish_content(publication, by=by)
        return
    publication.full_clean(exclude=["translation_key"])
    if not publication.live:
        publication.save()
    revision = publication.save_revision(user=by, clean=False)
    log(publication, action, user=by, revision=revision)


@transaction.atomic
def publication_create(
    *,
    by,
    language: str,
    data: dict,
    campaigns: list = (),
    publish: bool = False,
    translation_of: Publication | None = None,
) -> Publication:
    """A new publication of a series, published at once or kept as a draft; a
    language version of `translation_of` when given (the same translation_key)."""
    _keeper(by)
    locale = locale_of(language)
    publication = Publication(locale=locale, live=False)
    if translation_of is not None:
        if translation_of.locale_id == locale.pk:
            raise ValidationError({"language": gettext("The translation needs another language.")})
        if Publication.objects.filter(
            translation_key=translation_of.translation_key, locale=locale
        ).exists():
            raise ValidationError(
                {"language": gettext("The publication has a version in this language already.")}
            )
        publication.translation_key = translation_of.translation_key
    _apply_publication(publication, data, list(campaigns))
    publication.slug = _unique_slug_among(
        Publication.objects.filter(locale=locale),
        publication.title,
        fallback="publication",
        length=200,
    )
    _keep_publication(publication, by=by, publish=publish, action="wagtail.create")
    return publication


@transaction.atomic
def publication_edit(
    publication: Publication,
    *,
    by,
    data: dict,
    campaigns: list | None = None,
    publish: bool = False,
) -> Publication:
    """Change the publication: published at once, or kept as a draft revision
    (a live publication then stays as readers know it until it is published)."""
    _keeper(by)
    publication = Publication.objects.select_for_update().get(pk=publication.pk)
    draft = editable_version(publication)
    _apply_publication(draft, data, campaigns)
    _keep_publication(draft, by=by, publish=publish, action="wagtail.edit")
    return draft


@transaction.atomic
def series_create(*, by, title: str, kind: str, issn: str = "", description: str = "") -> Series:
    """A new series of publications (its ISSN checked and written as the ISSN
    Portal does, NNNN-NNNC)."""
    _keeper(by)
    series = Series(title=title, kind=kind, issn=issn, description=description)
    series.slug = _unique_slug_among(Series.objects.all(), title, fallback="series", length=100)
    series.full_clean()
    series.save()
    return series


# Recognition


@transaction.atomic
def recognition_give(
    *,
    by,
    office: Office,
    local_government: LocalGovernment,
    kind: str,
    name: str,
    year: int,
    citation: str,
    case_study: CaseStudy | None = None,
) -> Recognition:
    if not offices_giving(by).filter(pk=office.pk).exists():
        raise PermissionDenied(gettext("You do not give recognitions in %s's name.") % office)
    recognition = Recognition(
        office=office,
        local_government=local_government,
        kind=kind,
        name=name,
        year=year,
        citation=citation,
        case_study=case_study,
        given_by=by,
    )
    recognition.full_clean()
    recognition.save()
    return recognition
