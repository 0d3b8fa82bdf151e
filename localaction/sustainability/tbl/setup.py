from django.utils.translation import gettext_lazy as _


def ready() -> None:
    """Registrations of this instrument (demo part, profile sections, sources,
    the network report's section)."""
    from localaction.network.demo import register_part
    from localaction.network.sections import member_profile
    from localaction.report_sections import Section, register_section
    from localaction.sustainability.tbl.models import TBLReport
    from localaction.sustainability.tbl.profile import tbl_section
    from localaction.sustainability.tbl.services import report_figures

    member_profile.register(
        "tbl-reports", "sustainability/tbl/_profile_section.html", tbl_section, order=60
    )
    register_part("tbl", "localaction.sustainability.tbl.demo.demo_part", order=102)
    register_section(
        Section(
            "tbl",
            _("Triple Bottom Line reporting"),
            report_figures,
            "sustainability/tbl/_network_report.html",
            "tbl:network",
            stamps=((TBLReport, "updated_at"),),
            order=30,
        )
    )
