"""Procurement's registrations: its demo part, the member profile's section, the
green-share source for indicators, the network report's section, and the
Procura+ milestones its records prove."""

from __future__ import annotations


def ready() -> None:
    """Registrations of this instrument (demo part, profile sections, sources, rules)."""
    from django.utils.translation import gettext_lazy as _

    from localaction.campaigns.recognition import register_rule
    from localaction.network.demo import register_part
    from localaction.network.sections import member_profile
    from localaction.report_sections import Section, register_section
    from localaction.sustainability.procurement import recognition
    from localaction.sustainability.procurement.models import ProcurementTender
    from localaction.sustainability.procurement.network import network_procurement
    from localaction.sustainability.procurement.profile import procurement_section
    from localaction.sustainability.procurement.sourcing import register_sources

    member_profile.register(
        "procurement",
        "sustainability/procurement/_profile_section.html",
        procurement_section,
        order=70,
    )
    register_part("procurement", "localaction.sustainability.procurement.demo.demo_part", order=104)
    register_sources()
    register_section(
        Section(
            "procurement",
            _("Sustainable procurement"),
            network_procurement,
            "sustainability/procurement/_network_report.html",
            "procurement:network",
            stamps=((ProcurementTender, "updated_at"),),
            order=40,
        )
    )
    register_rule(
        "procurement_commitment",
        _("A council commitment to sustainable procurement"),
        recognition.commitment_proofs,
    )
    register_rule(
        "procurement_baseline",
        _("Tenders of a year in at least three product groups"),
        recognition.baseline_proofs,
    )
    register_rule(
        "procurement_monitoring",
        _("A green share of procurement reported for two years"),
        recognition.monitoring_proofs,
    )
