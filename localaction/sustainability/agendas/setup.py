"""Local agendas' registrations: the milestone rules their records prove, the
demo part and the member profile's section."""

from __future__ import annotations


def ready() -> None:
    """Registrations of this instrument (milestone rules, demo part, profile section)."""
    from localaction.network.demo import register_part
    from localaction.network.sections import member_profile
    from localaction.sustainability.agendas import recognition
    from localaction.sustainability.agendas.profile import agendas_section

    recognition.register()
    member_profile.register(
        "local-agendas",
        "sustainability/agendas/_profile_section.html",
        agendas_section,
        order=65,
    )
    register_part("agendas", "localaction.sustainability.agendas.demo.demo_part", order=104)
