from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExchangeConfig(AppConfig):
    """City-to-city exchange (plan §2.1f, §3.2.1c): members' needs and offers
    by theme, the suggested matches with their reasons, and the exchanges
    (peer visits, twinning, mentoring) that follow; its registrations (the
    demo's part, the kinds of notification, the sections of a member's profile
    and of an office's page) are made here."""

    name = "localaction.exchange"
    verbose_name = _("City-to-city exchange")

    def ready(self) -> None:
        from localaction.exchange import notifications, sections
        from localaction.network.demo import register_part
        from localaction.network.sections import member_profile, office_page

        notifications.register()
        member_profile.register(
            "exchange", "exchange/_member_section.html", sections.member_section, order=130
        )
        office_page.register(
            "exchange", "exchange/_office_section.html", sections.office_section, order=130
        )
        register_part("exchange", "localaction.exchange.demo.demo_part", order=130)
