from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "localaction.reports"
    verbose_name = _("Network report")

    def ready(self) -> None:
        # The stamp of the data behind the report covers every table the public
        # pages show: cached pages are kept under it.
        from localaction import public_pages
        from localaction.reports.figures import current_version

        public_pages.versioned_by(current_version)
        # `localaction demo` issues the annual report.
        from localaction.network.demo import register_part

        register_part("reports", "localaction.reports.demo.demo_part", order=60)
