from django.utils.translation import gettext_lazy as _


def ready() -> None:
    """Registrations of resilience (demo part, profile section)."""
    from localaction.network.demo import register_part
    from localaction.report_sections import Section, register_section
    from localaction.sustainability.resilience import profile  # noqa: F401
    from localaction.sustainability.resilience.models import ResilienceHazardProfile
    from localaction.sustainability.resilience.network import network_figures

    register_part("resilience", "localaction.sustainability.resilience.demo.demo_part", order=110)
    register_section(
        Section(
            "resilience",
            _("Resilience"),
            network_figures,
            "sustainability/resilience/_network_report.html",
            "",  # no network page of its own: the scorecards' benchmarks are the engine's
            stamps=((ResilienceHazardProfile, "updated_at"),),
            order=50,
        )
    )
