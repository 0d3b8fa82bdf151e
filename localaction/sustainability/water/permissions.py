"""Who may see and change water accounts.

- A member's water inventories: insiders (its editors and viewers, the offices
  covering it, the secretariat) see all of them, drafts included; everyone
  else sees the verified inventories of a published member.
- Editors of the member (and the offices covering it) keep a draft and submit
  it; only office staff covering it (or the secretariat) verify one — a
  member never verifies itself. A submitted inventory goes back to draft by
  its editors or its office; a verified one only by its office.
- Water benefits belong to actions (campaigns.Action) and are seen with them:
  a published action of a published member by everyone, the others by
  insiders; those who may change the member's actions record their benefits.
"""

from django.db.models import Q, QuerySet

from localaction.accounts.access import access_of
from localaction.campaigns.models import Action
from localaction.campaigns.permissions import actions_visible_to
from localaction.network.models import LocalGovernment
from localaction.network.permissions import can_edit_local_government, is_covered_by
from localaction.sustainability.water.models import WaterBenefit, WaterInventory


def is_insider(user, local_government: LocalGovernment) -> bool:
    """Whether the person works for the member or an office covering it."""
    return local_government.pk in access_of(user).member_of or is_covered_by(user, local_government)


def inventories_visible_to(user) -> QuerySet[WaterInventory]:
    access = access_of(user)
    inventories = WaterInventory.objects.all()
    if access.is_secretariat:
        return inventories
    public = Q(status=WaterInventory.Status.VERIFIED, local_government__is_published=True)
    insiders = (
        Q(local_government__in=access.member_of)
        | Q(local_government__country__region__in=access.staff_regions)
        | Q(local_government__country__in=access.staff_countries)
    )
    return inventories.filter(public | insiders)


def can_view_inventory(user, inventory: WaterInventory) -> bool:
    local_government = inventory.local_government
    if inventory.is_verified and local_government.is_published:
        return True
    return is_insider(user, local_government)


def can_keep_inventories(user, local_government: LocalGovernment) -> bool:
    """Starting, editing, submitting and importing the member's water inventories."""
    return can_edit_local_government(user, local_government)


def can_edit_inventory(user, inventory: WaterInventory) -> bool:
    return inventory.is_draft and can_keep_inventories(user, inventory.local_government)


def can_verify_inventory(user, inventory: WaterInventory) -> bool:
    return inventory.status == WaterInventory.Status.SUBMITTED and is_covered_by(
        user, inventory.local_government
    )


def can_reopen_inventory(user, inventory: WaterInventory) -> bool:
    if inventory.status == WaterInventory.Status.SUBMITTED:
        return can_keep_inventories(user, inventory.local_government)
    if inventory.status == WaterInventory.Status.VERIFIED:
        return is_covered_by(user, inventory.local_government)
    return False


def benefits_visible_to(user) -> QuerySet[WaterBenefit]:
    return WaterBenefit.objects.filter(action__in=actions_visible_to(user))


def can_record_benefit(user, action: Action) -> bool:
    return can_edit_local_government(user, action.local_government)
