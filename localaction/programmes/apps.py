from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgrammesConfig(AppConfig):
    name = "localaction.programmes"
    verbose_name = _("Work programmes")
