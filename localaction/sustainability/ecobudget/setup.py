"""ecoBUDGET's registrations: its demo part, the member profile's section, and
one platform source per standard indicator (so that Triple Bottom Line reports
read a member's adopted balance, never a retyped figure)."""

from __future__ import annotations


def ready() -> None:
    """Registrations of this instrument (demo part, profile sections, sources,
    the network report's section)."""
    from localaction.network.demo import register_part
    from localaction.report_sections import Section, register_section
    from localaction.sustainability.ecobudget import profile  # noqa: F401  (registers itself)
    from localaction.sustainability.ecobudget.models import EcoBudget
    from localaction.sustainability.ecobudget.network import report_figures
    from localaction.sustainability.ecobudget.sourcing import register_sources

    register_part("ecobudget", "localaction.sustainability.ecobudget.demo.demo_part", order=100)
    register_section(
        Section(
            "ecobudget",
            "ecoBUDGET",
            report_figures,
            "sustainability/ecobudget/_network_report.html",
            "ecobudget:network",
            stamps=((EcoBudget, "updated_at"),),
            order=10,
        )
    )
    register_sources()
