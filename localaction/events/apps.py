from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    """Events (plan §4.2b, §4): the triennial World Congress, regional members'
    conferences, trainings and workshops, webinars and side events — their
    programmes, registrations with fees, capacity and waiting lists, badges,
    check-in and certificates of attendance."""

    name = "localaction.events"
    verbose_name = _("Events")

    def ready(self) -> None:
        self._ready_programme()

    def _ready_programme(self) -> None:
        """The programme side: the demo's events and the office page's section."""
        from localaction.events import sections
        from localaction.network.demo import register_part
        from localaction.network.sections import office_page

        register_part("events", "localaction.events.demo.demo_part", order=120)
        office_page.register(
            "events", "events/_office_section.html", sections.office_section, order=85
        )
