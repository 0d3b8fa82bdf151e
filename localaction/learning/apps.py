from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LearningConfig(AppConfig):
    """The International Training Centre (plan §4.2c–d): courses, quizzes,
    enrolments, progress and certificates; its registrations (the demo's part,
    the network report's "capacity built", the office page's section, the
    courses as Wagtail snippets) are made here."""

    name = "localaction.learning"
    verbose_name = _("Training centre")

    def ready(self) -> None:
        from localaction.learning import report
        from localaction.learning.models import Certificate, Enrolment
        from localaction.network.demo import register_part
        from localaction.network.sections import office_page
        from localaction.report_sections import Section, register_section

        register_part(
            "learning",
            "localaction.learning.demo.demo_part",
            order=115,
            logins="localaction.learning.demo.demo_logins",
        )
        office_page.register(
            "learning", "learning/_office_section.html", report.office_section, order=80
        )
        register_section(
            Section(
                "learning",
                _("Capacity built"),
                report.capacity_built,
                "learning/_network_report.html",
                "learning:catalogue",
                stamps=((Enrolment, "completed_at"), (Certificate, "revoked_at")),
                order=80,
            )
        )
