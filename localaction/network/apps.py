from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NetworkConfig(AppConfig):
    name = "localaction.network"
    verbose_name = _("The network")

    def ready(self) -> None:
        # The work page's own queue (memberships); higher apps add theirs.
        from localaction.network import work  # noqa: F401
