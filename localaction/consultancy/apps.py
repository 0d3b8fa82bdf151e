from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConsultancyConfig(AppConfig):
    """Technical services and consultancy (plan §4.4): the service catalogue,
    the consultants' network, and engagements with clients from request to
    invoice and feedback; its registrations (notification kinds, the office
    page's section, the demo's part) are made here."""

    name = "localaction.consultancy"
    verbose_name = _("Technical services and consultancy")

    def ready(self) -> None:
        from localaction.accounts.notifications import NotificationKind, register
        from localaction.consultancy import report
        from localaction.network.demo import register_part
        from localaction.network.sections import office_page

        register(
            NotificationKind(
                "consultancy_requested",
                _("A client requests a service from my office"),
                _("%(client)s requests %(service)s"),
                _(
                    "%(client)s requests the service “%(service)s” from %(office)s. "
                    "The office's staff answer with a proposal, or decline."
                ),
            ),
            NotificationKind(
                "consultancy_proposal_sent",
                _("A proposal for a service I requested"),
                _("A proposal for %(service)s"),
                _(
                    "%(office)s sent its proposal for “%(service)s”: its scope, period "
                    "and fee are on the engagement's page."
                ),
            ),
        )
        office_page.register(
            "consultancy", "consultancy/_office_section.html", report.office_section, order=90
        )
        register_part(
            "consultancy",
            "localaction.consultancy.demo.demo_part",
            order=140,
            logins="localaction.consultancy.demo.demo_logins",
        )
