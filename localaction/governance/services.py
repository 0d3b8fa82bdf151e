"""Writes and checks that span several governance records, with the rules every
door (pages, API, admin, commands, the elections app) obeys.

Who may sit on a seat, and for how long, is decided here once:
`seat_eligibility_problems` says why someone may not (empty: they may),
`fill_seat` gives a seat a new mandate only when the seat is free for the
whole of it and the holder may sit, `end_mandate` ends one early with its
reason, and `member_left` ends every mandate held for a member that left
(`mandates_of_members_that_left` lists those still waiting for it). Each
write is atomic: refused, it writes nothing.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext

from localaction.governance.models import Body, Mandate, Seat, term_end
from localaction.network.models import LocalGovernment, Membership

# Between two terms of the same holder, a break shorter than this many years
# (or than the body's term, when it has one) does not make the next term a
# new start: the terms count as consecutive for the term limit.
BREAK_YEARS_WITHOUT_TERM = 1


def _today(on: datetime.date | None) -> datetime.date:
    return on or timezone.localdate()


def active_membership(local_government: LocalGovernment) -> Membership | None:
    """The member's active membership, if it is a member today."""
    return local_government.memberships.filter(status=Membership.Status.ACTIVE).first()


def seat_eligibility_problems(
    seat: Seat,
    local_government: LocalGovernment | None,
    on: datetime.date | None = None,
    *,
    holder_name: str = "",
    user=None,
) -> list[str]:
    """Why a seat may not be held on behalf of `local_government` from `on`
    (today by default); an empty list when it may.

    The body's rule of who may sit (its full members, the members of its
    region, mayors of member local governments, anyone invited), the seat's
    region, and the body's term limit: the member — and, when named, the
    person — must not already have held this seat for the limit's number of
    consecutive terms up to `on`. Membership is read as it stands today
    (whether a member is in good standing is the elections app's check).
    """
    on = _today(on)
    body = seat.body
    problems: list[str] = []
    if seat.abolished_on and seat.abolished_on <= on:
        problems.append(
            gettext("The seat %(seat)s was abolished on %(date)s.")
            % {"seat": seat.display_title, "date": date_format(seat.abolished_on)}
        )
    if body.eligibility == Body.Eligibility.INVITED:
        if local_government is not None:
            problems.extend(_region_problems(seat, local_government))
    elif local_government is None:
        problems.append(
            gettext("A seat on %(body)s is held on behalf of a member local government.")
            % {"body": body.display_name}
        )
    else:
        membership = active_membership(local_government)
        if membership is None:
            problems.append(
                gettext("%(member)s is not an active member of the Association.")
                % {"member": local_government.name}
            )
        elif (
            body.eligibility == Body.Eligibility.FULL_MEMBERS
            and membership.type != Membership.Type.FULL
        ):
            problems.append(
                gettext("Only full members sit on %(body)s; %(member)s is an %(type)s.")
                % {
                    "body": body.display_name,
                    "member": local_government.name,
                    "type": membership.get_type_display().lower(),
                }
            )
        elif (
            body.eligibility == Body.Eligibility.MAYORS
            and membership.type == Membership.Type.ASSOCIATION
        ):
            problems.append(
                gettext(
                    "Mayors of member local governments sit on %(body)s; "
                    "%(member)s is an association of local governments."
                )
                % {"body": body.display_name, "member": local_government.name}
            )
        problems.extend(_region_problems(seat, local_government))
    if body.term_limit:
        problems.extend(
            _term_limit_problems(
                seat, on, local_government=local_government, holder_name=holder_name, user=user
            )
        )
    return problems


def _region_problems(seat: Seat, local_government: LocalGovernment) -> list[str]:
    region = seat.region or seat.body.region
    if region is None or local_government.country.region_id == region.pk:
        return []
    return [
        gettext("The seat %(seat)s is held for a member in %(region)s; %(member)s is in %(other)s.")
        % {
            "seat": seat.display_title,
            "region": region.display_name,
            "member": local_government.name,
            "other": local_government.country.region.display_name,
        }
    ]


def consecutive_terms(mandates: list[Mandate], on: datetime.date, term_years: int | None) -> int:
    """How many terms in a row the holder of `mandates` (one holder's mandates
    on one seat) will have served when a new one begins on `on`.

    Counting back from `on`, terms are consecutive while each ends less than a
    break (the body's term, else a year) before the next begins; ex officio
    mandates are not terms and are left out.
    """
    terms = sorted(
        (m for m in mandates if m.obtained != Mandate.Obtained.EX_OFFICIO and m.starts_on < on),
        key=lambda m: m.starts_on,
        reverse=True,
    )
    break_years = term_years or BREAK_YEARS_WITHOUT_TERM
    count = 0
    next_start = on
    for mandate in terms:
        end = mandate.end or next_start
        if term_end(end, break_years) <= next_start:
            break
        count += 1
        next_start = mandate.starts_on
    return count


def _term_limit_problems(
    seat: Seat,
    on: datetime.date,
    *,
    local_government: LocalGovernment | None,
    holder_name: str,
    user,
) -> list[str]:
    body = seat.body
    mandates = list(seat.mandates.all())
    problems = []
    holders = []
    if local_government is not None:
        holders.append(
            (
                local_government.name,
                [m for m in mandates if m.local_government_id == local_government.pk],
            )
        )
    name = holder_name.strip().casefold()
    if user is not None or name:
        holders.append(
            (
                holder_name.strip() or str(user),
                [
                    m
                    for m in mandates
                    if (user is not None and m.user_id == user.pk)
                    or (name and m.holder_name.strip().casefold() == name)
                ],
            )
        )
    for holder, theirs in holders:
        served = consecutive_terms(theirs, on, body.term_years)
        if served >= body.term_limit:
            problems.append(
                gettext(
                    "%(holder)s has held the seat %(seat)s for %(served)d consecutive terms; "
                    "the limit of %(body)s is %(limit)d."
                )
                % {
                    "holder": holder,
                    "seat": seat.display_title,
                    "served": served,
                    "body": body.display_name,
                    "limit": body.term_limit,
                }
            )
    return problems


def vacancies(body: Body, on: datetime.date | None = None) -> list[Seat]:
    """The body's seats (those not abolished) that nobody holds on that day."""
    on = _today(on)
    held = Mandate.objects.filter(seat__body=body).current(on).values("seat")
    return list(body.seats.existing(on).exclude(pk__in=held).select_related("region"))


@transaction.atomic
def fill_seat(
    seat: Seat,
    *,
    holder_name: str,
    local_government: LocalGovernment | None,
    starts_on: datetime.date,
    obtained: str,
    user=None,
    ends_on: datetime.date | None = None,
    holder_title: str = "",
    election_reference: str = "",
    note: str = "",
) -> Mandate:
    """Give the seat a new mandate from `starts_on` for one term (the body's
    term length, unless `ends_on` is given).

    Refused with a ValidationError that says why when the seat is held on some
    day of the new mandate, or when the holder may not sit
    (`seat_eligibility_problems`). The seat row stays locked until the
    transaction ends, so two requests cannot both fill it.
    """
    seat = Seat.objects.select_for_update().select_related("body").get(pk=seat.pk)
    if not holder_name.strip():
        raise ValidationError({"holder_name": gettext("Give the holder's name.")})
    if obtained not in Mandate.Obtained.values:
        raise ValidationError(
            {
                "obtained": gettext("'%(value)s' is not a way to obtain a seat.")
                % {"value": obtained}
            }
        )
    if ends_on is None:
        ends_on = term_end(starts_on, seat.body.term_years)
    mandate = Mandate(
        seat=seat,
        holder_name=holder_name.strip(),
        holder_title=holder_title,
        user=user,
        local_government=local_government,
        starts_on=starts_on,
        ends_on=ends_on,
        obtained=obtained,
        election_reference=election_reference,
        note=note,
    )
    mandate.full_clean()
    check_seat_free(mandate)
    problems = seat_eligibility_problems(
        seat, local_government, starts_on, holder_name=mandate.holder_name, user=user
    )
    if problems:
        raise ValidationError(problems)
    mandate.save()
    return mandate


def check_seat_free(mandate: Mandate) -> None:
    """Refuse a mandate that would run on a day another mandate holds its seat."""
    clash = (
        mandate.seat.mandates.exclude(pk=mandate.pk)
        .overlapping(mandate.starts_on, mandate.end)
        .order_by("starts_on")
        .first()
    )
    if clash is not None:
        raise ValidationError(
            gettext(
                "The seat %(seat)s is held by %(holder)s from %(start)s%(until)s: "
                "two mandates cannot run on one seat at once."
            )
            % {
                "seat": mandate.seat.display_title,
                "holder": clash.holder_name,
                "start": date_format(clash.starts_on),
                "until": gettext(" to %(end)s") % {"end": date_format(clash.end)}
                if clash.end
                else "",
            }
        )


@transaction.atomic
def end_mandate(mandate: Mandate, *, on: datetime.date, reason: str) -> Mandate:
    """End a mandate on `on` (the holder is no longer in office that day) for a
    reason: resignation, loss of office, the member leaving — or the end of
    the term on its planned end."""
    mandate = Mandate.objects.select_for_update().select_related("seat__body").get(pk=mandate.pk)
    if mandate.ended_on is not None:
        raise ValidationError(
            gettext("This mandate already ended on %(date)s.")
            % {"date": date_format(mandate.ended_on)}
        )
    if mandate.ends_on is not None and on >= mandate.ends_on:
        raise ValidationError(
            gettext("This mandate ends as planned on %(date)s: nothing to end early.")
            % {"date": date_format(mandate.ends_on)}
        )
    if not reason:
        raise ValidationError({"end_reason": gettext("Say why the mandate ends early.")})
    mandate.ended_on = on
    mandate.end_reason = reason
    mandate.full_clean()
    mandate.save()
    return mandate


@transaction.atomic
def member_left(local_government: LocalGovernment, *, on: datetime.date) -> list[Mandate]:
    """End every mandate held on behalf of a member that left the Association
    (its membership withdrawn or lapsed) on `on`, with that reason; mandates
    not yet begun end the day they were to begin."""
    ended = []
    running = local_government.mandates.filter(ended_on__isnull=True).filter(
        Q(ends_on__isnull=True) | Q(ends_on__gt=on)
    )
    for mandate in running.select_related("seat__body"):
        ended.append(
            end_mandate(
                mandate, on=max(on, mandate.starts_on), reason=Mandate.EndReason.MEMBER_LEFT
            )
        )
    return ended


def mandates_of_members_that_left(on: datetime.date | None = None):
    """Mandates still running on that day on behalf of a local government that
    is no longer a member (no open membership): each waits to be ended with
    the reason that the member left (`member_left`, or one by one)."""
    on = _today(on)
    return (
        Mandate.objects.filter(local_government__isnull=False, ended_on__isnull=True)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gt=on))
        .exclude(local_government__memberships__status__in=Membership.OPEN_STATUSES)
    )


def left_on(local_government: LocalGovernment) -> datetime.date:
    """The day the member left: its last membership's end (today if unknown)."""
    ended = (
        local_government.memberships.filter(ended_on__isnull=False)
        .order_by("-ended_on")
        .values_list("ended_on", flat=True)
        .first()
    )
    return ended or timezone.localdate()
