from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DevelopmentConfig(AppConfig):
    name = "localaction.development"
    verbose_name = _("Regional development")

    def ready(self) -> None:
        # The office page's sections, the work page's queue and the prospects a
        # new member's membership closes as joined.
        from localaction.development import sections, signals, work  # noqa: F401

        # `localaction demo` builds this app's part of the demo, after the elections.
        from localaction.network.demo import register_part

        register_part("development", "localaction.development.demo.demo_part", order=55)
