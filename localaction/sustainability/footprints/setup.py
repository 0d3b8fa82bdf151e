from django.utils.translation import gettext_lazy as _


def ready() -> None:
    """Registrations of this instrument (demo part, profile sections, sources,
    the network report's section)."""
    from localaction.network.demo import register_part
    from localaction.report_sections import Section, register_section
    from localaction.sustainability.footprints import figures, profile  # noqa: F401
    from localaction.sustainability.footprints.models import Footprint
    from localaction.sustainability.footprints.network import report_figures

    register_part("footprints", "localaction.sustainability.footprints.demo.demo_part", order=101)
    register_section(
        Section(
            "footprint",
            _("Ecological Footprint"),
            report_figures,
            "sustainability/footprints/_network_report.html",
            "footprints:network",
            stamps=((Footprint, "verified_at"),),
            order=20,
        )
    )
