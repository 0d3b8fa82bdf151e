from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ResultsConfig(AppConfig):
    name = "localaction.results"
    verbose_name = _("Results of the plan")
