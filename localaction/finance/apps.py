from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FinanceConfig(AppConfig):
    name = "localaction.finance"
    verbose_name = _("Finance")

    def ready(self) -> None:
        # The member profile page (network) shows this app's section: its dues.
        from localaction.finance import profile  # noqa: F401
