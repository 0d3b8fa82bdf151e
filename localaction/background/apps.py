from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class BackgroundConfig(AppConfig):
    name = "localaction.background"
    verbose_name = _("Background work")

    def ready(self) -> None:
        # Every app declares its tasks in `tasks.py`: loaded at start, so every
        # process knows each task's attempts, daily tasks and heartbeat checks.
        autodiscover_modules("tasks")
        from localaction.background import mail, uploads  # noqa: F401
