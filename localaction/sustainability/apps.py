from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# The instruments, each a package of its own (models, services, views, files,
# API, demo, and its registrations in setup.py), in the order they register.
INSTRUMENTS = (
    "ecobudget",
    "footprints",
    "tbl",
    "assessments",
    "resilience",
    "biodiversity",
    "agendas",
    "water",
    "procurement",
)


class SustainabilityConfig(AppConfig):
    """Sustainability management: the instruments members manage their local
    sustainability with, beside GHG inventories and targets — ecoBUDGET
    (ecobudget/), the Ecological Footprint (footprints/), Triple Bottom Line
    reports (tbl/), self-assessments on one questionnaire engine (assessments/:
    the LA21 self-assessment, the resilience scorecard, the City Biodiversity
    Index), hazard profiles (resilience/), the biodiversity network
    (biodiversity/), local agendas (agendas/), water accounts (water/) and
    sustainable procurement (procurement/). This app holds what they share: the
    figures the platform already keeps that an indicator can take its values
    from (sources.py) and the network report's sections (report.py)."""

    name = "localaction.sustainability"
    verbose_name = _("Sustainability management")

    def ready(self) -> None:
        from importlib import import_module

        for instrument in INSTRUMENTS:
            import_module(f"localaction.sustainability.{instrument}.setup").ready()
