from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KnowledgeConfig(AppConfig):
    """The Agency's information services: case studies with an office's review
    before publication, publication series and their issues, and the awards and
    good-practice labels offices give members. Content is kept with Wagtail's
    drafts, revisions, locales and documents; the secretariat also edits it in
    Wagtail's admin (/cms/)."""

    name = "localaction.knowledge"
    verbose_name = _("Knowledge")

    def ready(self) -> None:
        from localaction.knowledge import setup

        setup.ready()
