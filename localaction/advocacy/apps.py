from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AdvocacyConfig(AppConfig):
    name = "localaction.advocacy"
    verbose_name = _("Advocacy")

    def ready(self) -> None:
        # The kinds of notification are one registry, in a lower layer: this app
        # adds its own.
        from localaction.advocacy import notifications

        notifications.register()
        # `localaction demo` builds this app's part of the demo (after the report).
        from localaction.network.demo import register_part

        register_part("advocacy", "localaction.advocacy.demo.demo_part", order=90)
