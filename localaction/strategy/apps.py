from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StrategyConfig(AppConfig):
    name = "localaction.strategy"
    verbose_name = _("Strategic plan")
