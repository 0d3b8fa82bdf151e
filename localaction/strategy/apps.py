from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StrategyConfig(AppConfig):
    name = "localaction.strategy"
    verbose_name = _("Strategic plan")

    def ready(self) -> None:
        # `localaction demo` drafts the next plan.
        from localaction.network.demo import register_part

        register_part("strategy", "localaction.strategy.demo.demo_part", order=70)
