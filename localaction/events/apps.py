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
        # --- Registrations (events-registration) ---------------------------------------
        from localaction.events import notifications
        from localaction.network.demo import register_part

        notifications.register()
        register_part(
            "event-registrations",
            "localaction.events.demo_registrations.demo_part",
            order=125,
            logins="localaction.events.demo_registrations.demo_logins",
        )
