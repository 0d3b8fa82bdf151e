"""Who sees and does what in city-to-city exchange.

- Anyone reads the needs and offers of published members, and the exchanges
  agreed, under way or completed between published members.
- A person **acts for** a member when they edit it, when their office covers
  it (its region or country), or when they are the secretariat: they publish,
  edit, close and reopen its needs and offers, and propose exchanges for it.
- An exchange's **other members accept** it through their own editors (not
  an office on their behalf: the member agrees to take part).
- Whoever acts for one of an exchange's members keeps it once proposed: its
  status, activities, outcomes and follow-up; they (and the members' viewers)
  read it while it is only proposed or cancelled.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from localaction.accounts.access import access_of
from localaction.exchange.models import Exchange, Listing, Participant
from localaction.network.models import LocalGovernment


def acts_for(user, member: LocalGovernment) -> bool:
    """Whether the person publishes and proposes for this member."""
    if not user.is_authenticated:
        return False
    access = access_of(user)
    return member.pk in access.editor_of or access.covers(
        region_id=member.country.region_id, country_code=member.country_id
    )


def members_acted_for(user) -> QuerySet[LocalGovernment]:
    """The members the person may publish and propose for."""
    if not user.is_authenticated:
        return LocalGovernment.objects.none()
    access = access_of(user)
    if access.is_secretariat:
        return LocalGovernment.objects.all()
    return LocalGovernment.objects.filter(
        Q(pk__in=access.editor_of)
        | Q(country__region__in=access.staff_regions)
        | Q(country__in=access.staff_countries)
    )


def listings_visible_to(user) -> QuerySet[Listing]:
    """Published members' listings, and those of the members the person acts for
    or works for."""
    public = Q(member__is_published=True)
    if not user.is_authenticated:
        return Listing.objects.filter(public)
    access = access_of(user)
    if access.is_secretariat:
        return Listing.objects.all()
    return Listing.objects.filter(
        public
        | Q(member__in=access.member_of)
        | Q(member__country__region__in=access.staff_regions)
        | Q(member__country__in=access.staff_countries)
    )


def can_see_listing(user, listing: Listing) -> bool:
    return listings_visible_to(user).filter(pk=listing.pk).exists()


def can_edit_listing(user, listing: Listing) -> bool:
    return acts_for(user, listing.member)


def _concerned(user) -> Q | None:
    """The exchanges whose members the person works for or covers (None: all)."""
    access = access_of(user)
    if access.is_secretariat:
        return None
    return Q(
        pk__in=Participant.objects.filter(
            Q(member__in=access.member_of)
            | Q(member__country__region__in=access.staff_regions)
            | Q(member__country__in=access.staff_countries)
        ).values("exchange")
    )


def exchanges_visible_to(user) -> QuerySet[Exchange]:
    public = Q(pk__in=Exchange.objects.public().values("pk"))
    if not user.is_authenticated:
        return Exchange.objects.filter(public)
    concerned = _concerned(user)
    if concerned is None:
        return Exchange.objects.all()
    return Exchange.objects.filter(public | concerned)


def can_see_exchange(user, exchange: Exchange) -> bool:
    return exchanges_visible_to(user).filter(pk=exchange.pk).exists()


def can_keep_exchange(user, exchange: Exchange) -> bool:
    """Status, activities, outcomes, follow-up: whoever acts for one of its members."""
    if not user.is_authenticated:
        return False
    return any(acts_for(user, p.member) for p in exchange.participants.select_related("member"))


def participants_to_accept(user, exchange: Exchange) -> list[Participant]:
    """The exchange's members, not yet accepted, whose editor the person is."""
    if not user.is_authenticated or exchange.status != Exchange.Status.PROPOSED:
        return []
    editor_of = access_of(user).editor_of
    return [
        p
        for p in exchange.participants.select_related("member")
        if p.accepted_at is None and p.member_id in editor_of
    ]
