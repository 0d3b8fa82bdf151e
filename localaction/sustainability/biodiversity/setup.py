from django.utils.translation import gettext_lazy as _


def ready() -> None:
    """Registrations of the biodiversity network (demo part, profile section)."""
    from localaction.network.demo import register_part
    from localaction.report_sections import Section, register_section
    from localaction.sustainability.biodiversity import profile  # noqa: F401
    from localaction.sustainability.biodiversity.models import BiodiversityCommitment
    from localaction.sustainability.biodiversity.network import network_figures

    register_part(
        "biodiversity", "localaction.sustainability.biodiversity.demo.demo_part", order=111
    )
    register_section(
        Section(
            "biodiversity",
            _("Biodiversity network"),
            network_figures,
            "sustainability/biodiversity/_network_report.html",
            "biodiversity:network",
            stamps=((BiodiversityCommitment, "updated_at"),),
            order=60,
        )
    )
