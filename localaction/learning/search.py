"""The training centre's part of the platform's search: one entry per live
course (drafts never reach search). `entries()` gives them all, `entry_for(obj)`
one course's (None when it is not live), and `WATCHED` the models whose
changes change an entry."""

from __future__ import annotations

from collections.abc import Iterator

from django.utils.html import strip_tags

from localaction.learning.models import Course, Lesson, Module


def _body(course: Course) -> str:
    parts = [course.summary, strip_tags(course.description)]
    for module in course.modules.all():
        parts.append(module.title)
        parts.append(module.summary)
        parts.extend(lesson.title for lesson in module.lessons.all())
    return "\n".join(" ".join(part.split()) for part in parts if part)


def entry_for(obj) -> dict | None:
    """The search entry of a course (or of the course a module or lesson belongs
    to); None when it is not live."""
    if isinstance(obj, Lesson):
        obj = obj.module.course
    elif isinstance(obj, Module):
        obj = obj.course
    if not isinstance(obj, Course) or not obj.live:
        return None
    return {
        "kind": "course",
        "key": obj.slug,
        "language": obj.language,
        "title": obj.title,
        "body": _body(obj),
        "url": obj.get_absolute_url(),
        "region_id": None,
        "country_code": "",
        "themes": [campaign.code for campaign in obj.campaigns.all()] + list(obj.instruments),
        "year": (obj.first_published_at or obj.created_at).year,
        "object": obj,
    }


def entries() -> Iterator[dict]:
    courses = Course.objects.live().prefetch_related("campaigns", "modules__lessons")
    for course in courses.order_by("pk"):
        entry = entry_for(course)
        if entry is not None:
            yield entry


WATCHED = (Course, Module, Lesson)
