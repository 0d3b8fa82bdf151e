from django.utils.translation import gettext_lazy as _


def ready() -> None:
    """Registrations of water accounts: demo part, profile section, the figure
    source `water_use_per_person`, milestones recognised from data."""
    from localaction.network.demo import register_part
    from localaction.report_sections import Section, register_section
    from localaction.sustainability.water import figures, profile, recognition  # noqa: F401
    from localaction.sustainability.water.models import WaterBenefit, WaterInventory
    from localaction.sustainability.water.network import network_water

    recognition.register()
    register_part("water", "localaction.sustainability.water.demo.demo_part", order=103)
    register_section(
        Section(
            "water",
            _("Water accounts"),
            network_water,
            "sustainability/water/_network_report.html",
            "water:network",
            stamps=((WaterInventory, "updated_at"), (WaterBenefit, "updated_at")),
            order=70,
        )
    )
