from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InventoriesConfig(AppConfig):
    name = "localaction.inventories"
    verbose_name = _("GHG inventories")
