"""What people are told, and who: the kinds of notification (the one registry),
`notify`, and the people each event concerns.

A notification stores the facts of its event (`params`: names, years, codes),
never sentences: its subject and body are written when shown or e-mailed, in
the reader's language.

Who is told:

- the member's *editors* hear what offices decide about their local government
  (membership decided; inventory returned, verified, published; milestone
  verified);
- the *offices covering* the local government hear what its people ask them to
  decide (membership applied; inventory submitted; milestone evidence recorded):
  the staff of every regional secretariat or country office covering its region
  or its country. The World Secretariat oversees every office's queue on its
  own page (/work/), so it is not told of each request: it is told only when no
  one works at a regional or country office covering the member — then nobody
  else would be, and the request would wait unseen;
- *subscribers* hear of a new network report: nobody by default, only those who
  chose to (at once or daily).

Each person chooses per kind: at once (an e-mail each), daily (one digest a
day) or never (not even on the notifications page).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from localaction.accounts.models import Notification, NotificationPreference, Person, Role

if TYPE_CHECKING:
    from localaction.network.models import LocalGovernment

Delivery = NotificationPreference.Delivery


class _Facts(dict):
    """The params of a notification; a fact missing (an older notification) shows as
    a dash rather than breaking the page or the e-mail."""

    def __missing__(self, key: str) -> str:
        return "–"


@dataclass(frozen=True)
class NotificationKind:
    key: str
    #: What the preferences page calls it.
    label: Promise
    #: Written with `params` (`%(name)s`), in the active language.
    subject: Promise
    body: Promise
    default: str = Delivery.AT_ONCE
    #: Turns codes among the params into words of the active language.
    words: Callable[[dict], None] | None = None

    def facts(self, params: dict) -> dict:
        facts = _Facts(params)
        if self.words:
            self.words(facts)
        return facts

    def subject_for(self, params: dict) -> str:
        return str(self.subject) % self.facts(params)

    def body_for(self, params: dict) -> str:
        return str(self.body) % self.facts(params)


KINDS: dict[str, NotificationKind] = {
    kind.key: kind
    for kind in [
        NotificationKind(
            "membership_applied",
            _("A local government my office covers applies for membership"),
            _("%(local_government)s applies for membership"),
            _(
                "%(local_government)s has applied for membership of the Association. "
                "The offices covering it decide on the application."
            ),
        ),
        NotificationKind(
            "membership_decided",
            _("A decision on my local government's membership"),
            _("Membership of %(local_government)s: %(status)s"),
            _("The membership of %(local_government)s is now: %(status)s."),
        ),
        NotificationKind(
            "inventory_submitted",
            _("An inventory is submitted for verification by my office"),
            _("%(local_government)s submitted its %(year)s inventory"),
            _(
                "%(local_government)s submitted its greenhouse-gas inventory for %(year)s. "
                "It waits for an office covering it to verify it or return it."
            ),
        ),
        NotificationKind(
            "inventory_returned",
            _("My local government's inventory is returned to draft"),
            _("The %(year)s inventory of %(local_government)s is returned to draft"),
            _(
                "An office returned the %(year)s greenhouse-gas inventory of "
                "%(local_government)s to draft: it may be corrected and submitted again."
            ),
        ),
        NotificationKind(
            "inventory_verified",
            _("My local government's inventory is verified"),
            _("The %(year)s inventory of %(local_government)s is verified"),
            _("An office verified the %(year)s greenhouse-gas inventory of %(local_government)s."),
        ),
        NotificationKind(
            "inventory_published",
            _("My local government's inventory is published"),
            _("The %(year)s inventory of %(local_government)s is published"),
            _(
                "The %(year)s greenhouse-gas inventory of %(local_government)s is "
                "published: it now counts in the network report."
            ),
        ),
        NotificationKind(
            "inventory_reopened",
            _("My local government's published inventory is reopened for a correction"),
            _("The %(year)s inventory of %(local_government)s is reopened for a correction"),
            _(
                "An office reopened the published %(year)s greenhouse-gas inventory of "
                "%(local_government)s as a correction: a new draft version, to be corrected "
                "and submitted again. The published version counts until the correction is "
                "published."
            ),
        ),
        NotificationKind(
            "milestone_evidence_recorded",
            _("A milestone is recorded as achieved, for my office to verify"),
            _("%(local_government)s achieved “%(milestone)s” in %(campaign)s"),
            _(
                "%(local_government)s recorded milestone %(number)s, “%(milestone)s”, of "
                "%(campaign)s as achieved, with its evidence. It waits for an office "
                "covering it to verify it."
            ),
        ),
        NotificationKind(
            "milestone_verified",
            _("A milestone of my local government is verified"),
            _("“%(milestone)s” of %(local_government)s is verified"),
            _(
                "An office verified milestone %(number)s, “%(milestone)s”, of "
                "%(campaign)s for %(local_government)s."
            ),
        ),
        NotificationKind(
            "report_published",
            _("A network report is published"),
            _("The network report for %(year)s is published"),
            _("The Association's network report for %(year)s is published."),
            default=Delivery.NEVER,
        ),
    ]
}


def kind_of(key: str) -> NotificationKind:
    """The registered kind `key`; an unknown kind is a ValueError."""
    try:
        return KINDS[key]
    except KeyError:
        raise ValueError(f"{key!r} is not a kind of notification.") from None


def register(*kinds: NotificationKind) -> None:
    """Add the kinds an app higher in the layers sends (from its
    AppConfig.ready()); a key belongs to one kind: registering another kind
    under a key already taken is a ValueError, and registers none of `kinds`."""

    def words_of(kind: NotificationKind) -> tuple:
        return (kind.label, kind.subject, kind.body)

    for kind in kinds:
        known = KINDS.get(kind.key)
        if known is not None and words_of(known) != words_of(kind):
            raise ValueError(f"The notification kind {kind.key!r} is already registered.")
    for kind in kinds:
        KINDS.setdefault(kind.key, kind)


def describe(key: str, words: Callable[[dict], None]) -> None:
    """Let the app whose codes a kind's params hold turn them into words of the
    reader's language (the register its membership statuses), from its
    AppConfig.ready(): this module, lower in the layers, never imports it."""
    KINDS[key] = dataclasses.replace(kind_of(key), words=words)


# Preferences


def deliveries(user, kinds: Iterable[str] | None = None) -> dict[str, str]:
    """How `user` hears of each kind: their choice, or the kind's default."""
    chosen = dict(user.notification_preferences.values_list("kind", "delivery"))
    return {key: chosen.get(key, KINDS[key].default) for key in (kinds or KINDS)}


def set_delivery(user, kind: str, delivery: str) -> NotificationPreference:
    """Record how `user` wants to hear of `kind`; unknown kinds and deliveries are
    ValueErrors."""
    kind_of(kind)
    if delivery not in Delivery.values:
        raise ValueError(f"{delivery!r} is not a way to deliver notifications.")
    preference, _created = NotificationPreference.objects.update_or_create(
        user=user, kind=kind, defaults={"delivery": delivery}
    )
    return preference


def language_of(user) -> str:
    """The language the platform writes to `user` in."""
    language = Person.objects.filter(user=user).values_list("language", flat=True).first()
    return language or settings.LANGUAGE_CODE


# Telling people


def notify(kind: str, *, recipients: Iterable, params: dict, url: str = "") -> list[Notification]:
    """Tell `recipients` (users) of one event of `kind`; returns the notifications made.

    Nobody who chose `never` gets one. Those who chose `at once` are e-mailed
    by one background task; the daily digest takes the others."""
    chosen = kind_of(kind)
    people = {user.pk: user for user in recipients if user.is_active}
    if not people:
        return []
    choices = dict(
        NotificationPreference.objects.filter(user__in=people, kind=kind).values_list(
            "user", "delivery"
        )
    )
    delivery = {pk: choices.get(pk, chosen.default) for pk in people}
    made = Notification.objects.bulk_create(
        Notification(recipient_id=pk, kind=kind, params=params, url=url)
        for pk in sorted(people)
        if delivery[pk] != Delivery.NEVER
    )
    at_once = [n.pk for n in made if delivery[n.recipient_id] == Delivery.AT_ONCE]
    if at_once:
        # Imported here: the tasks write notifications with this module.
        from localaction.accounts.tasks import email_notifications

        # Queued in the caller's transaction (the database backend's way): a
        # rolled-back action tells nobody.
        email_notifications.enqueue(at_once)
    return made


# Who is told


def editors_of(local_government: LocalGovernment) -> QuerySet:
    """The people who edit the local government's data."""
    return (
        get_user_model()
        .objects.filter(
            is_active=True,
            roles__kind=Role.Kind.EDITOR,
            roles__local_government=local_government,
        )
        .distinct()
    )


def office_staff_covering(local_government: LocalGovernment) -> QuerySet:
    """Staff of the regional secretariats and country offices covering the local
    government's region or country; the World Secretariat's staff only when no
    one works at such an office (see the module's docstring)."""
    # The register's offices, reached through a role's relation: this module sits
    # below the register in the layers (README, "The code"), which tells people
    # of its events through it.
    Office = Role._meta.get_field("office").related_model
    country = local_government.country
    staff = Role.objects.filter(kind=Role.Kind.STAFF, user__is_active=True)
    covering = staff.filter(
        Q(office__regions=country.region_id) | Q(office__countries=country.pk)
    ).exclude(office__kind=Office.Kind.WORLD)
    if not covering.exists():
        covering = staff.filter(office__kind=Office.Kind.WORLD)
    return get_user_model().objects.filter(pk__in=covering.values("user"))


def subscribers(kind: str) -> QuerySet:
    """Those who chose to hear of `kind` (for kinds nobody hears of by default)."""
    kind_of(kind)
    return (
        get_user_model()
        .objects.filter(
            is_active=True,
            notification_preferences__kind=kind,
            notification_preferences__delivery__in=[Delivery.AT_ONCE, Delivery.DAILY],
        )
        .distinct()
    )


def subject_of(notification: Notification) -> str:
    """The notification's subject in the active language (its kind's key if the
    kind is no longer known)."""
    kind = KINDS.get(notification.kind)
    return kind.subject_for(notification.params) if kind else notification.kind
