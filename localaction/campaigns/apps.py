from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CampaignsConfig(AppConfig):
    name = "localaction.campaigns"
    verbose_name = _("Campaigns")

    def ready(self) -> None:
        # The office's work page (network) lists this app's queue, and the
        # member profile page (network) shows this app's section.
        from localaction.campaigns import evidence, profile, work  # noqa: F401

        # Milestones recognised from the campaigns' own records.
        evidence.register()

        # `localaction demo` builds this app's part of the demo.
        from localaction.network.demo import register_part

        register_part("campaigns", "localaction.campaigns.demo.demo_part", order=20)
