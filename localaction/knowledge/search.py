"""What the platform's search indexes of the knowledge app (the search app
keeps its own index table and reads it from here).

`entries()` yields one entry per PUBLISHED case study and publication — the
live version, never a draft or a newer unpublished revision; `entry_for(obj)`
gives the entry of one object, or None when it is not public; `WATCHED` are
the models whose saves and deletions change entries.

An entry: kind ("case_study" / "publication"), key (unique per kind),
language, title, body (plain text), url, region_id, country_code, themes
(campaign codes and GPC sector references), year.
"""

from __future__ import annotations

from collections.abc import Iterator

from localaction.knowledge.models import CaseStudy, Publication, PublicationFile
from localaction.richtext import plain_text

WATCHED = (CaseStudy, Publication, PublicationFile)


def _case_study_entry(case_study: CaseStudy) -> dict:
    lead = case_study.lead
    published = case_study.first_published_at or case_study.last_published_at
    return {
        "kind": "case-study",
        "key": str(case_study.pk),
        "language": case_study.locale.language_code,
        "title": case_study.title,
        "body": " ".join(
            part
            for part in (
                case_study.summary,
                case_study.place,
                " ".join(member.name for member in case_study.all_members()),
                plain_text(case_study.problem),
                plain_text(case_study.approach),
                plain_text(case_study.lessons),
            )
            if part
        ),
        "url": case_study.get_absolute_url(),
        "region_id": lead.country.region_id,
        "country_code": lead.country_id,
        "themes": [
            *sorted(campaign.code for campaign in case_study.campaigns.all()),
            *case_study.sectors,
        ],
        "year": published.year if published else None,
        "object": case_study,
    }


def _publication_entry(publication: Publication) -> dict:
    return {
        "kind": "publication",
        "key": str(publication.pk),
        "language": publication.locale.language_code,
        "title": publication.title,
        "body": " ".join(
            part
            for part in (
                publication.series.title,
                publication.authors,
                publication.isbn,
                plain_text(publication.abstract),
            )
            if part
        ),
        "url": publication.get_absolute_url(),
        "region_id": None,
        "country_code": "",
        "themes": sorted(campaign.code for campaign in publication.campaigns.all()),
        "year": publication.published_on.year if publication.published_on else None,
        "object": publication,
    }


def entries() -> Iterator[dict]:
    """One entry per published case study and publication."""
    case_studies = (
        CaseStudy.objects.published()
        .select_related("lead__country", "locale")
        .prefetch_related("members", "campaigns")
        .order_by("pk")
    )
    for case_study in case_studies.iterator(chunk_size=500):
        yield _case_study_entry(case_study)
    publications = (
        Publication.objects.published()
        .select_related("series", "locale")
        .prefetch_related("campaigns")
        .order_by("pk")
    )
    for publication in publications.iterator(chunk_size=500):
        yield _publication_entry(publication)


def entry_for(obj) -> dict | None:
    """The entry of a case study or publication (a publication's file: of its
    publication) as published now; None when it is not public or not ours."""
    if isinstance(obj, PublicationFile):
        obj = obj.publication
    if isinstance(obj, CaseStudy):
        found = CaseStudy.objects.published().filter(pk=obj.pk).first()
        return _case_study_entry(found) if found else None
    if isinstance(obj, Publication):
        found = Publication.objects.published().filter(pk=obj.pk).first()
        return _publication_entry(found) if found else None
    return None
