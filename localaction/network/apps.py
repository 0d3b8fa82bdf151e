from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NetworkConfig(AppConfig):
    name = "localaction.network"
    verbose_name = _("The network")

    def ready(self) -> None:
        # The work page's own queue (memberships); higher apps add theirs.
        from localaction.accounts import notifications
        from localaction.network import work  # noqa: F401
        from localaction.network.models import Membership

        def membership_status(facts: dict) -> None:
            if facts.get("status") in Membership.Status.values:
                facts["status"] = Membership.Status(facts["status"]).label

        # A decision's notification names the status in the reader's language.
        notifications.describe("membership_decided", membership_status)
