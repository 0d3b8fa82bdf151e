from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SustainabilityConfig(AppConfig):
    """Sustainability management: the instruments members manage their local
    sustainability with, beside GHG inventories and targets — ecoBUDGET
    (ecobudget/), the Ecological Footprint (footprints/) and Triple Bottom Line
    reports (tbl/). Each instrument is a package of its own (models, services,
    views, files, API, demo); this app holds what they share: the figures the
    platform already keeps that an indicator can take its values from
    (sources.py)."""

    name = "localaction.sustainability"
    verbose_name = _("Sustainability management")

    def ready(self) -> None:
        from localaction.sustainability.assessments import setup as assessments_setup
        from localaction.sustainability.agendas import setup as agendas_setup
        from localaction.sustainability.ecobudget import setup as ecobudget_setup
        from localaction.sustainability.footprints import setup as footprints_setup
        from localaction.sustainability.procurement import setup as procurement_setup
        from localaction.sustainability.tbl import setup as tbl_setup
        from localaction.sustainability.water import setup as water_setup

        agendas_setup.ready()
        ecobudget_setup.ready()
        footprints_setup.ready()
        tbl_setup.ready()
        assessments_setup.ready()
        from localaction.sustainability.biodiversity import setup as biodiversity_setup
        from localaction.sustainability.resilience import setup as resilience_setup

        resilience_setup.ready()
        biodiversity_setup.ready()
        water_setup.ready()
        procurement_setup.ready()
