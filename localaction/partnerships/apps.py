from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartnershipsConfig(AppConfig):
    name = "localaction.partnerships"
    verbose_name = _("Partnerships")

    def ready(self) -> None:
        # The kinds of notification are one registry, in a lower layer: this app
        # adds its own.
        from localaction.partnerships import notifications

        notifications.register()
        # `localaction demo` builds this app's part of the demo.
        from localaction.network.demo import register_part

        register_part("partnerships", "localaction.partnerships.demo.demo_part", order=80)
