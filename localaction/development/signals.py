"""A membership that becomes active closes its local government's open
prospects as joined (services.join_prospects): the register, lower in the
layers, knows nothing of prospects, so this app listens to it."""

from __future__ import annotations

from django.db.models.signals import post_save
from django.dispatch import receiver

from localaction.development import services
from localaction.network.models import Membership


@receiver(post_save, sender=Membership, dispatch_uid="development-join-prospects")
def _membership_saved(sender, instance: Membership, raw: bool = False, **kwargs) -> None:
    if not raw:
        services.join_prospects(instance)
