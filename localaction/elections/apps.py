from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ElectionsConfig(AppConfig):
    name = "localaction.elections"
    verbose_name = _("Elections")

    def ready(self) -> None:
        # The kinds of notification are one registry, in a lower layer: this app
        # adds its own.
        from localaction.elections import notifications

        notifications.register()
        # The member's profile page (network) shows its voting representative.
        from localaction.elections.views import voting  # noqa: F401

        # `localaction demo` builds this app's part of the demo.
        from localaction.network.demo import register_part

        register_part("elections", "localaction.elections.demo.demo_part", order=50)
