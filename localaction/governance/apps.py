from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GovernanceConfig(AppConfig):
    name = "localaction.governance"
    verbose_name = _("Governance")

    def ready(self) -> None:
        # The member profile page (network) shows the seats held for the member
        # and the decision that approved it.
        from localaction.governance import profile  # noqa: F401
