from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InventoriesConfig(AppConfig):
    name = "localaction.inventories"
    verbose_name = _("GHG inventories")

    def ready(self) -> None:
        # The office's work page (network) lists this app's queue.
        from localaction.inventories import work  # noqa: F401
