from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ResultsConfig(AppConfig):
    name = "localaction.results"
    verbose_name = _("Results of the plan")

    def ready(self) -> None:
        # `localaction demo` builds this app's part of the demo, last: its
        # computed indicators read everything built before.
        from localaction.network.demo import register_part

        register_part("results", "localaction.results.demo.demo_part", order=120)
