from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GovernanceConfig(AppConfig):
    name = "localaction.governance"
    verbose_name = _("Governance")

    def ready(self) -> None:
        # The member profile page (network) shows the seats held for the member
        # and the decision that approved it.
        from localaction.governance import profile  # noqa: F401

        # `localaction demo` builds this app's part of the demo.
        from localaction.network.demo import register_part

        register_part("governance", "localaction.governance.demo.demo_part", order=30)
