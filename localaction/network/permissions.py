"""Who may see and change what in the register: one set of rules per kind of object.

Pages, the API and the admin all ask these functions; nothing else decides.

- Anyone sees published local governments, their memberships, regions and offices.
- Editors and viewers of a local government see it even unpublished; editors
  edit its profile (but not its parent jurisdiction) and apply for membership.
- Office staff see and edit the local governments their office covers, add new
  ones there, and decide on their memberships.
- The secretariat (staff of the World Secretariat) does all of this network-wide
  and alone edits regions, countries and offices.
"""

from django.db.models import Q, QuerySet
from django.http import Http404

from localaction.accounts.access import access_of
from localaction.network.models import Country, LocalGovernment, Membership


def _covers(access, local_government: LocalGovernment) -> bool:
    country = local_government.country
    return access.covers(region_id=country.region_id, country_code=country.code)


def is_covered_by(user, local_government: LocalGovernment) -> bool:
    """Whether the person's offices (or the secretariat) cover the local government."""
    return _covers(access_of(user), local_government)


# Local governments


def local_governments_visible_to(user) -> QuerySet[LocalGovernment]:
    access = access_of(user)
    if access.is_secretariat:
        return LocalGovernment.objects.all()
    return LocalGovernment.objects.filter(
        Q(is_published=True)
        | Q(pk__in=access.member_of)
        | Q(country__region__in=access.staff_regions)
        | Q(country__in=access.staff_countries)
    )


def local_governments_editable_by(user) -> QuerySet[LocalGovernment]:
    access = access_of(user)
    if access.is_secretariat:
        return LocalGovernment.objects.all()
    return LocalGovernment.objects.filter(
        Q(pk__in=access.editor_of)
        | Q(country__region__in=access.staff_regions)
        | Q(country__in=access.staff_countries)
    )


def can_view_local_government(user, local_government: LocalGovernment) -> bool:
    access = access_of(user)
    return (
        local_government.is_published
        or local_government.pk in access.member_of
        or _covers(access, local_government)
    )


def visible_local_government_or_404(user, code: str) -> LocalGovernment:
    """The local government with this code, if the person may see it; Http404
    otherwise, as for a code nobody holds: those who may not see it may not
    know it exists either. Every page and file about one member starts here."""
    local_government = (
        LocalGovernment.objects.select_related("country__region", "parent")
        .filter(code=code)
        .first()
    )
    if local_government is None or not can_view_local_government(user, local_government):
        raise Http404
    return local_government


def can_edit_local_government(user, local_government: LocalGovernment) -> bool:
    access = access_of(user)
    return local_government.pk in access.editor_of or _covers(access, local_government)


def can_change_jurisdiction(user, local_government: LocalGovernment) -> bool:
    """Setting the parent jurisdiction is the offices' call, not the member's own:
    nesting decides what the network counts once."""
    return is_covered_by(user, local_government)


def can_add_local_government(user, country: Country | None = None) -> bool:
    """Office staff add local governments in the countries they cover; with no
    country given, whether they may add any at all."""
    access = access_of(user)
    if country is None:
        return access.is_secretariat or access.is_office_staff
    return access.covers(region_id=country.region_id, country_code=country.code)


def can_delete_local_government(user, local_government: LocalGovernment) -> bool:
    return access_of(user).is_secretariat


# Memberships


def memberships_visible_to(user) -> QuerySet[Membership]:
    return Membership.objects.filter(local_government__in=local_governments_visible_to(user))


def can_apply_for_membership(user, local_government: LocalGovernment) -> bool:
    return can_edit_local_government(user, local_government)


def can_decide_membership(user, local_government: LocalGovernment) -> bool:
    """Approving, activating, lapsing: the offices' work, not the member's own."""
    return is_covered_by(user, local_government)


# Regions, countries and offices


def can_edit_register(user) -> bool:
    return access_of(user).is_secretariat
