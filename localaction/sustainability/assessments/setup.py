from django.utils.translation import gettext_lazy as _


def ready() -> None:
    """Registrations of self-assessments (demo part, profile section, milestone
    rule, the network report's section)."""
    from localaction.campaigns.recognition import register_rule
    from localaction.network.demo import register_part
    from localaction.network.sections import member_profile
    from localaction.report_sections import Section, register_section
    from localaction.sustainability.assessments import recognition
    from localaction.sustainability.assessments.models import Assessment
    from localaction.sustainability.assessments.network import network_figures
    from localaction.sustainability.assessments.profile import assessments_section

    member_profile.register(
        "assessments",
        "sustainability/assessments/_profile_section.html",
        assessments_section,
        order=65,
    )
    register_part("assessments", "localaction.sustainability.assessments.demo.demo_part", order=103)
    register_rule(recognition.RULE, recognition.LABEL, recognition.proofs)
    # Only closed and published assessments count, and their answers no longer
    # change: the assessments' own changes are the figures' changes.
    register_section(
        Section(
            "assessments",
            _("Self-assessments"),
            network_figures,
            "sustainability/assessments/_network_report.html",
            "assessments:network-index",
            stamps=((Assessment, "updated_at"),),
            order=40,
        )
    )
