from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GovernanceConfig(AppConfig):
    name = "localaction.governance"
    verbose_name = _("Governance")

    def ready(self) -> None:
        # The office's work page (network) lists the mandates of members that left.
        from localaction.governance import work  # noqa: F401
