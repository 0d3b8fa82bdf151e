"""The knowledge content in Wagtail's admin (/cms/, the secretariat's), the log
actions of the case studies' former hand-made review (their entries stay in
the histories), and who may fetch a document at /documents/<id>/<name>.

Documents: a document is served to the secretariat, and to anyone else only
when some content holding it is visible to them. Each app holding documents
answers for its own through the hook `localaction_document_visible`:
`(document, user) -> True | False | None` (None: "not one of mine"). A
document no app claims, or none shows to the person, is a 404 — as for a
document that does not exist.
"""

from __future__ import annotations

from django.http import Http404
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.models import Page
from wagtail.permission_policies.pages import PagePermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from localaction.accounts.access import access_of
from localaction.knowledge.models import (
    CaseStudy,
    Publication,
    PublicationFile,
    Recognition,
    Series,
)


class CaseStudyViewSet(SnippetViewSet):
    model = CaseStudy
    icon = "doc-full"
    menu_label = _("Case studies")
    list_display = ["title", "lead", "locale", "live"]
    list_filter = ["live", "locale"]
    search_fields = ["title"]
    panels = [
        FieldPanel("title"),
        FieldPanel("slug"),
        FieldPanel("lead"),
        FieldPanel("members"),
        FieldPanel("place"),
        FieldPanel("campaigns"),
        FieldPanel("sectors"),
        FieldPanel("summary"),
        FieldPanel("problem"),
        FieldPanel("approach"),
        FieldPanel("lessons"),
        FieldPanel("cost"),
        FieldPanel("funding"),
        InlinePanel("figures", label=_("Figures")),
        InlinePanel("contacts", label=_("Contacts")),
    ]


class SeriesViewSet(SnippetViewSet):
    model = Series
    icon = "folder-open-inverse"
    menu_label = _("Publication series")
    list_display = ["title", "kind", "issn"]


class PublicationViewSet(SnippetViewSet):
    model = Publication
    icon = "doc-full-inverse"
    menu_label = _("Publications")
    list_display = ["title", "series", "locale", "live"]
    list_filter = ["live", "series", "locale"]
    search_fields = ["title"]


class PublicationFileViewSet(SnippetViewSet):
    model = PublicationFile
    icon = "download"
    menu_label = _("Publication files")
    list_display = ["publication", "language", "downloads"]


class RecognitionViewSet(SnippetViewSet):
    model = Recognition
    icon = "pick"
    menu_label = _("Recognitions")
    list_display = ["name", "local_government", "office", "year", "kind"]


for viewset in (
    CaseStudyViewSet,
    SeriesViewSet,
    PublicationViewSet,
    PublicationFileViewSet,
    RecognitionViewSet,
):
    register_snippet(viewset)


class SecretariatPagePermissionPolicy(PagePermissionPolicy):
    """Wagtail gates its workflow reports (/cms/reports/workflow/, the case
    studies' reviews among them) on page permissions, which it reads from page
    groups and `is_superuser` only, not from the authentication backends. The
    secretariat, to whom the admin opens fully (accounts.backends), counts as a
    superuser here too; what the reports list stays filtered by model permissions."""

    def _base_user_has_permission(self, user):
        if user.is_active and access_of(user).is_secretariat:
            return True
        return super()._base_user_has_permission(user)

    def _base_queryset_for_user(self, user):
        if user.is_active and access_of(user).is_secretariat:
            return self.model._default_manager.all()
        return super()._base_queryset_for_user(user)


register_permission_policy(Page, SecretariatPagePermissionPolicy(Page))


@hooks.register("register_log_actions")
def register_review_actions(actions):
    actions.register_action("knowledge.submit", _("Submit for review"), _("Submitted for review"))
    actions.register_action("knowledge.approve", _("Approve"), _("Approved by the office"))
    actions.register_action("knowledge.return", _("Return"), _("Returned to its writers"))


@hooks.register("localaction_document_visible")
def publication_document_visible(document, user) -> bool | None:
    files = PublicationFile.objects.filter(document=document).select_related("publication")
    if not files:
        return None
    return any(publication_file.publication.live for publication_file in files)


@hooks.register("before_serve_document")
def serve_only_visible_documents(document, request):
    if access_of(request.user).is_secretariat:
        return None
    answers = [
        answer(document, request.user) for answer in hooks.get_hooks("localaction_document_visible")
    ]
    if True in answers:
        return None
    raise Http404
