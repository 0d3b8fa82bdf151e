from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgrammesConfig(AppConfig):
    name = "localaction.programmes"
    verbose_name = _("Work programmes")

    def ready(self) -> None:
        # `localaction demo` builds this app's part of the demo, after governance
        # (whose decisions approve the programmes) and finance.
        from localaction.network.demo import register_part
        from localaction.programmes import sections  # noqa: F401 (the office page's section)

        register_part("programmes", "localaction.programmes.demo.demo_part", order=45)
