"""Local agendas' registrations: the milestone rules their records prove, the
demo part, the member profile's section and the network report's section."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _


def ready() -> None:
    """Registrations of this instrument (milestone rules, demo part, profile section)."""
    from localaction.network.demo import register_part
    from localaction.network.sections import member_profile
    from localaction.report_sections import Section, register_section
    from localaction.sustainability.agendas import recognition
    from localaction.sustainability.agendas.models import LocalAgenda
    from localaction.sustainability.agendas.network import network_agendas
    from localaction.sustainability.agendas.profile import agendas_section

    recognition.register()
    member_profile.register(
        "local-agendas",
        "sustainability/agendas/_profile_section.html",
        agendas_section,
        order=65,
    )
    register_part("agendas", "localaction.sustainability.agendas.demo.demo_part", order=104)
    register_section(
        Section(
            "agendas",
            _("Local agendas"),
            network_agendas,
            "sustainability/agendas/_network_report.html",
            "agendas:network",
            stamps=((LocalAgenda, "updated_at"),),
            order=40,
        )
    )
