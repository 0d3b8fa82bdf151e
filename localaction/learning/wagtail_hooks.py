"""Courses as Wagtail snippets, for the secretariat at /cms/: drafts, revisions
and publishing (DraftStateMixin, RevisionMixin); only a live course is shown
to anyone but the people who run it."""

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from localaction.learning.models import Course


class CourseViewSet(SnippetViewSet):
    model = Course
    icon = "user"
    menu_label = _("Courses")
    list_display = ["title", "language", "pacing", "live"]
    list_filter = ["language", "pacing", "live"]
    search_fields = ["title", "summary"]


register_snippet(CourseViewSet)
