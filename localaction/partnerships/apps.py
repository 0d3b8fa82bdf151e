from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartnershipsConfig(AppConfig):
    name = "localaction.partnerships"
    verbose_name = _("Partnerships")

    def ready(self) -> None:
        from localaction.network.demo import register_part
        from localaction.partnerships import notifications, sections  # noqa: F401

        # The kinds of notification are one registry, in a lower layer: this app
        # adds its own. The office's page (network) shows the agreements it is
        # responsible for (sections), and `localaction demo` builds this app's part.
        notifications.register()
        register_part("partnerships", "localaction.partnerships.demo.demo_part", order=80)
