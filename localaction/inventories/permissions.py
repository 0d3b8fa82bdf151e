"""Who may see and change inventories and emission factors.

- Published inventories are public, and so are the versions a correction
  superseded. Editors and viewers of a local government,
  the offices covering it and the secretariat see its inventories at every
  status.
- Editors and covering office staff edit a draft and submit it; the covering
  office (or the secretariat) returns a submitted inventory to draft,
  verifies it and publishes it — a member never verifies its own figures —
  and reopens a published one as a correction (`correct`).
- Factors: the defaults are the secretariat's; a country's factors belong to
  the offices covering it; a local government's own factors to its editors
  and offices. Everyone may read the factors an inventory may use.
"""

from django.db.models import Q, QuerySet

from localaction.accounts.access import access_of
from localaction.inventories.models import EmissionFactor, Inventory
from localaction.network.models import Country, LocalGovernment
from localaction.network.permissions import (
    can_edit_local_government,
    can_view_local_government,
    is_covered_by,
    local_governments_visible_to,
)

# What was published stays public once a correction supersedes it.
PUBLIC_STATUSES = (Inventory.Status.PUBLISHED, Inventory.Status.SUPERSEDED)


def inventories_visible_to(user) -> QuerySet[Inventory]:
    access = access_of(user)
    if access.is_secretariat:
        return Inventory.objects.all()
    insiders = LocalGovernment.objects.filter(
        Q(pk__in=access.member_of)
        | Q(country__region__in=access.staff_regions)
        | Q(country__in=access.staff_countries)
    )
    return Inventory.objects.filter(
        Q(
            status__in=PUBLIC_STATUSES,
            local_government__in=local_governments_visible_to(user),
        )
        | Q(local_government__in=insiders)
    )


def latest_versions_visible_to(user) -> QuerySet[Inventory]:
    """Of each year, the latest version the person may see: the public sees the
    published one while a correction is under way, insiders the correction."""
    visible = inventories_visible_to(user)
    return visible.exclude(correction__in=visible)


def can_view_inventory(user, inventory: Inventory) -> bool:
    local_government = inventory.local_government
    if inventory.status in PUBLIC_STATUSES:
        return can_view_local_government(user, local_government)
    return local_government.pk in access_of(user).member_of or is_covered_by(user, local_government)


def can_create_inventory(user, local_government: LocalGovernment) -> bool:
    return can_edit_local_government(user, local_government)


def can_edit_inventory(user, inventory: Inventory) -> bool:
    """Lines change only in a draft, by the member's editors or its office."""
    return inventory.is_draft and can_edit_local_government(user, inventory.local_government)


def can_move_inventory(user, inventory: Inventory, step: str) -> bool:
    """`submit` is the member's (or its office's); `return`, `verify`, `publish` and
    `correct` (reopening a published inventory) the office's."""
    if step == "submit":
        return can_edit_local_government(user, inventory.local_government)
    return is_covered_by(user, inventory.local_government)


def can_delete_inventory(user, inventory: Inventory) -> bool:
    return can_edit_inventory(user, inventory)


def factors_usable_by(local_government: LocalGovernment) -> QuerySet[EmissionFactor]:
    """The defaults, the country's factors and the local government's own."""
    return EmissionFactor.objects.filter(
        Q(country=None, local_government=None)
        | Q(country=local_government.country_id, local_government=None)
        | Q(local_government=local_government)
    )


def factors_visible_to(user) -> QuerySet[EmissionFactor]:
    """Defaults and country factors are public; a local government's own factors
    are seen where its unpublished details are."""
    access = access_of(user)
    if access.is_secretariat:
        return EmissionFactor.objects.all()
    return EmissionFactor.objects.filter(
        Q(local_government=None)
        | Q(local_government__in=access.member_of)
        | Q(local_government__country__region__in=access.staff_regions)
        | Q(local_government__country__in=access.staff_countries)
        | Q(local_government__is_published=True)
    )


def can_edit_factor(
    user, *, country: Country | None, local_government: LocalGovernment | None
) -> bool:
    """Whether the person may add or change a factor at this level of the library."""
    access = access_of(user)
    if local_government is not None:
        return can_edit_local_government(user, local_government)
    if country is not None:
        return access.covers(region_id=country.region_id, country_code=country.code)
    return access.is_secretariat
