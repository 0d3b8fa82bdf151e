"""City-to-city exchange's writes and its matching: publishing needs and
offers (a new offer tells the needs it matches), the suggestions for a listing
(core/exchange.py, fed with each member's development status from the finance
app's World Bank income groups), and an exchange from its proposal to its
completion. Every write checks who acts (permissions.py) and lands whole or
not at all."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from localaction.core import exchange as matching
from localaction.exchange import notifications, permissions
from localaction.exchange.models import (
    Activity,
    Exchange,
    FollowUp,
    Listing,
    Participant,
    theme_labels,
)
from localaction.finance.models import CountryIncomeGroup, fiscal_year_on
from localaction.network.models import LocalGovernment, language_name

#: How many suggestions a listing's page shows, and how many needs a new offer tells.
SUGGESTIONS = 10

LISTING_FIELDS = (
    "kind",
    "title",
    "description",
    "themes",
    "languages",
    "contact_name",
    "contact_email",
    "is_open",
)


# --- Needs and offers -----------------------------------------------------------------


@transaction.atomic
def listing_publish(*, member: LocalGovernment, by, **fields) -> Listing:
    """Publish a need or an offer for `member`; an open offer tells the editors of
    the open needs it matches best."""
    if not permissions.acts_for(by, member):
        raise PermissionDenied
    listing = Listing(member=member, created_by=by, **fields)
    listing.full_clean()
    listing.save()
    if listing.kind == Listing.Kind.OFFER and listing.is_open:
        for suggestion in suggestions_for(listing):
            notifications.offer_matches(listing, suggestion.listing)
    return listing


@transaction.atomic
def listing_update(listing: Listing, *, by, **fields) -> Listing:
    """Change a listing's text, themes, languages, contact, or open/close it."""
    if not permissions.can_edit_listing(by, listing):
        raise PermissionDenied
    for name, value in fields.items():
        if name not in LISTING_FIELDS:
            raise ValueError(f"{name} is not a field a listing's editor changes.")
        setattr(listing, name, value)
    listing.full_clean()
    listing.save()
    return listing


def development_by_country(
    country_codes, *, on: datetime.date | None = None
) -> dict[str, matching.Development | None]:
    """Each country's development status from its World Bank income group in
    force on `on` (today), as the finance app keeps them (`in_force_on`, for many
    countries at once)."""
    on = on or timezone.localdate()
    groups: dict[str, str] = {}
    for country, group in (
        CountryIncomeGroup.objects.filter(
            country__in=set(country_codes), fiscal_year__lte=fiscal_year_on(on)
        )
        .order_by("country", "-fiscal_year")
        .values_list("country", "group")
    ):
        groups.setdefault(country, group)  # the latest comes first
    return {code: matching.development_of(groups.get(code)) for code in country_codes}


def _as_matched(listing: Listing, development: dict) -> matching.Listing:
    return matching.Listing(
        key=listing.pk,
        member=listing.member_id,
        kind=listing.kind,
        themes=frozenset(listing.themes),
        languages=frozenset(listing.languages),
        development=development.get(listing.member.country_id),
    )


@dataclass(frozen=True)
class Suggested:
    """A suggested listing for a listing, with its reasons in words."""

    listing: Listing
    points: int
    reasons: list[str]


def reason_text(reason: matching.Reason, themes: dict[str, str]) -> str:
    """A reason in words, with its points: "same theme: Water (+3)"."""
    if reason.code == "theme":
        text = gettext("same theme: %(theme)s") % {"theme": themes.get(reason.subjects[0])}
    elif reason.code == "language":
        names = ", ".join(language_name(code) for code in reason.subjects)
        text = gettext("both work in %(languages)s") % {"languages": names}
    else:
        text = gettext("links a developing and an industrialised country")
    return f"{text} (+{reason.points})"


def suggestions_for(listing: Listing, *, limit: int = SUGGESTIONS) -> list[Suggested]:
    """The open listings of published members (and of the listing's own kind's
    complement) that suit `listing`, best first, each with its reasons."""
    candidates = list(
        Listing.objects.public()
        .open()
        .filter(kind=matching.complementary(listing.kind))
        .exclude(member=listing.member_id)
        .select_related("member", "member__country")
    )
    development = development_by_country(
        {listing.member.country_id, *(c.member.country_id for c in candidates)}
    )
    by_key = {c.pk: c for c in candidates}
    found = matching.suggest(
        _as_matched(listing, development),
        [_as_matched(c, development) for c in candidates],
        limit=limit,
    )
    themes = theme_labels({r.subjects[0] for s in found for r in s.reasons if r.code == "theme"})
    return [
        Suggested(by_key[s.candidate.key], s.points, [reason_text(r, themes) for r in s.reasons])
        for s in found
    ]


# --- Exchanges --------------------------------------------------------------------------


@transaction.atomic
def exchange_propose(
    *,
    by,
    proposer: LocalGovernment,
    participants: list[tuple[LocalGovernment, str]],
    kind: str,
    title: str,
    starts_on: datetime.date,
    ends_on: datetime.date | None = None,
    description: str = "",
    need: Listing | None = None,
    offer: Listing | None = None,
) -> Exchange:
    """Propose an exchange for `proposer` (one of `participants`, each a member
    and its role) to the other members, whose editors are told. The proposer's
    part is accepted at once; the others accept on the exchange's page."""
    if not permissions.acts_for(by, proposer):
        raise PermissionDenied
    members = [member for member, _role in participants]
    if proposer not in members:
        raise ValidationError(
            {"participants": gettext("The proposing member takes part in the exchange.")}
        )
    if len({m.pk for m in members}) < len(members):
        raise ValidationError(
            {
                "participants": gettext(
                    "A member takes part once: an exchange between a member and itself "
                    "is not an exchange."
                )
            }
        )
    if len(members) < 2:
        raise ValidationError(
            {"participants": gettext("An exchange joins at least two different members.")}
        )
    roles = {choice for choice, _label in Participant.Role.choices}
    for _member, role in participants:
        if role not in roles:
            raise ValidationError({"participants": gettext("Unknown role: %s.") % role})
    member_ids = {m.pk for m in members}
    for field, listing in (("need", need), ("offer", offer)):
        if listing is not None and listing.member_id not in member_ids:
            raise ValidationError(
                {field: gettext("The listing's member must take part in the exchange.")}
            )
    exchange = Exchange(
        kind=kind,
        title=title,
        description=description,
        starts_on=starts_on,
        ends_on=ends_on,
        need=need,
        offer=offer,
        proposed_by=by,
    )
    exchange.full_clean()
    exchange.save()
    now = timezone.now()
    made = []
    for member, role in participants:
        accepted = member.pk == proposer.pk
        made.append(
            Participant.objects.create(
                exchange=exchange,
                member=member,
                role=role,
                accepted_at=now if accepted else None,
                accepted_by=by if accepted else None,
            )
        )
    notifications.proposed(
        exchange, proposer=proposer, others=[p for p in made if p.member_id != proposer.pk]
    )
    return exchange


def _locked(exchange: Exchange) -> Exchange:
    return Exchange.objects.select_for_update().get(pk=exchange.pk)


@transaction.atomic
def exchange_accept(exchange: Exchange, *, by) -> Exchange:
    """Accept the exchange for every member taking part whose editor `by` is;
    once every member has accepted, it is agreed."""
    exchange = _locked(exchange)
    if exchange.status != Exchange.Status.PROPOSED:
        raise ValidationError(gettext("Only a proposed exchange is accepted."))
    waiting = permissions.participants_to_accept(by, exchange)
    if not waiting:
        raise PermissionDenied
    now = timezone.now()
    Participant.objects.filter(pk__in=[p.pk for p in waiting]).update(
        accepted_at=now, accepted_by=by
    )
    if not exchange.participants.filter(accepted_at__isnull=True).exists():
        exchange.status = Exchange.Status.AGREED
        exchange.save(update_fields=["status"])
    return exchange


@transaction.atomic
def exchange_set_status(exchange: Exchange, *, by, status: str) -> Exchange:
    """Move the exchange on (agreed → under way → completed) or cancel it."""
    exchange = _locked(exchange)
    if not permissions.can_keep_exchange(by, exchange):
        raise PermissionDenied
    if status not in Exchange.NEXT[exchange.status]:
        raise ValidationError(
            {
                "status": gettext("This exchange is %(from)s: it cannot become %(to)s.")
                % {
                    "from": exchange.get_status_display().lower(),
                    "to": str(dict(Exchange.Status.choices).get(status, status)).lower(),
                }
            }
        )
    exchange.status = status
    exchange.save(update_fields=["status"])
    return exchange


def _keep(exchange: Exchange, by) -> None:
    if not permissions.can_keep_exchange(by, exchange):
        raise PermissionDenied
    if exchange.status == Exchange.Status.CANCELLED:
        raise ValidationError(gettext("This exchange is cancelled."))


@transaction.atomic
def activity_add(exchange: Exchange, *, by, on: datetime.date, what: str) -> Activity:
    _keep(exchange, by)
    if on < exchange.starts_on or (exchange.ends_on and on > exchange.ends_on):
        raise ValidationError(
            {"on": gettext("An activity takes place within the exchange's dates.")}
        )
    activity = Activity(exchange=exchange, on=on, what=what)
    activity.full_clean()
    activity.save()
    return activity


@transaction.atomic
def follow_up_add(exchange: Exchange, *, by, what: str, due_on: datetime.date) -> FollowUp:
    _keep(exchange, by)
    if due_on < exchange.starts_on:
        raise ValidationError(
            {"due_on": gettext("A follow-up is due on or after the exchange starts.")}
        )
    follow_up = FollowUp(exchange=exchange, what=what, due_on=due_on)
    follow_up.full_clean()
    follow_up.save()
    return follow_up


@transaction.atomic
def follow_up_done(follow_up: FollowUp, *, by, on: datetime.date | None = None) -> FollowUp:
    _keep(follow_up.exchange, by)
    follow_up.done_on = on or timezone.localdate()
    follow_up.save(update_fields=["done_on"])
    return follow_up


@transaction.atomic
def outcomes_set(exchange: Exchange, *, by, outcomes: str) -> Exchange:
    _keep(exchange, by)
    exchange.outcomes = outcomes
    exchange.full_clean()
    exchange.save(update_fields=["outcomes"])
    return exchange
