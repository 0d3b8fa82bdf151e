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
        # The demo's events and their registrations, the office page's
        # upcoming events, and the notification kinds of registrations.
        from localaction.events import notifications, sections
        from localaction.network.demo import register_part
        from localaction.network.sections import office_page

        notifications.register()
        register_part("events", "localaction.events.demo.demo_part", order=120)
        register_part(
            "event-registrations",
            "localaction.events.demo_registrations.demo_part",
            order=125,
            logins="localaction.events.demo_registrations.demo_logins",
        )
        office_page.register(
            "events", "events/_office_section.html", sections.office_section, order=85
        )
