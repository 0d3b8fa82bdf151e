"""Courses as Wagtail snippets, for the secretariat at /cms/: drafts, revisions
and publishing (DraftStateMixin, RevisionMixin); only a live course is shown
to anyone but the people who run it."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from localaction.learning.models import Course
from localaction.learning.permissions import can_study


class CourseViewSet(SnippetViewSet):
    model = Course
    icon = "user"
    menu_label = _("Courses")
    list_display = ["title", "language", "pacing", "live"]
    list_filter = ["language", "pacing", "live"]
    search_fields = ["title", "summary"]


register_snippet(CourseViewSet)


@hooks.register("localaction_document_visible")
def lesson_document_visible(document, user) -> bool | None:
    """A lesson's document reaches the course's learners and the people who run
    it only, through Wagtail's own document address as through the lesson's
    (knowledge/wagtail_hooks.py asks every app holding documents); None: not a
    lesson's."""
    courses = Course.objects.filter(modules__lessons__documents=document).distinct()
    if not courses:
        return None
    return any(can_study(user, course) for course in courses)
