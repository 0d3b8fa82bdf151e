from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FinanceConfig(AppConfig):
    name = "localaction.finance"
    verbose_name = _("Finance")

    def ready(self) -> None:
        # The member profile page (network) shows this app's sections: its dues
        # and its reductions; the office's work page lists the reductions to decide.
        from localaction.finance import profile, work  # noqa: F401
        from localaction.finance.views import reductions  # noqa: F401

        # `localaction demo` builds this app's part of the demo.
        from localaction.network.demo import register_part

        register_part("finance", "localaction.finance.demo.demo_part", order=40)
