"""The demo's registrations: categories with fees on the demo's events (made
by events/demo.py: the World Congress, a regional members' conference, a
webinar), and about eighty people registered through the same service as the
pages — members' delegates (each member's first two free, the others
invoiced), guests, partners, speakers and press; an event's last places
taken and a waiting list behind them; at an event already begun, people
checked in with their certificates. Nothing when the demo has no events."""

from __future__ import annotations

import datetime
import random

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from djmoney.money import Money

from localaction.accounts.models import Role
from localaction.events import registrations as services
from localaction.events.models import Event, Registration, RegistrationCategory
from localaction.network.demo import DEMO_PASSWORD, DemoLogin, Progress, no_progress
from localaction.network.models import Country, Office

# The demo's events this part registers people for, found by kind (events/demo.py
# names them world-congress-<year>, members-conference-<office>-<year>, …).
KINDS = (Event.Kind.WORLD_CONGRESS, Event.Kind.MEMBERS_CONFERENCE, Event.Kind.WEBINAR)
FIRST_NAMES = ["Ana", "Kofi", "Mei", "Ravi", "Lena", "Tomás", "Aisha", "Jonas", "Yuki", "Nadia"]
LAST_NAMES = ["Silva", "Mensah", "Chen", "Iyer", "Berg", "Ruiz", "Bello", "Okafor", "Sato"]
ORGANISATIONS = ["GIZ", "UN-Habitat", "WWF", "University of Cape Town", "City Press", "C40"]
GUESTS = 40


def _events() -> list[Event]:
    published = Event.objects.filter(status=Event.Status.PUBLISHED).order_by("starts_on", "pk")
    return [event for kind in KINDS if (event := published.filter(kind=kind).first())]


def _categories(event: Event) -> dict[str, RegistrationCategory]:
    """The five categories; an online event's are free."""
    free = event.format == Event.Format.ONLINE
    early = event.starts_on - datetime.timedelta(days=90)
    Kind = RegistrationCategory.Kind
    rows = [
        (Kind.MEMBER_DELEGATE, "Member delegate", "300.00", "250.00", 2),
        (Kind.NON_MEMBER, "Non-member", "450.00", "350.00", 0),
        (Kind.PARTNER, "Partner", "200.00", None, 0),
        (Kind.SPEAKER, "Speaker", "0.00", None, 0),
        (Kind.PRESS, "Press", "0.00", None, 0),
    ]
    made = {}
    for kind, name, fee, early_fee, members_free in rows:
        with_early = bool(early_fee) and not free
        made[kind] = RegistrationCategory.objects.get_or_create(
            event=event,
            name=name,
            defaults={
                "kind": kind,
                "fee": Money("0.00" if free else fee, "EUR"),
                "early_fee": Money(early_fee, "EUR") if with_early else None,
                "early_until": early if with_early else None,
                "members_free": members_free,
            },
        )[0]
    return made


def _guests(rng: random.Random) -> list:
    User = get_user_model()
    password = make_password(DEMO_PASSWORD)  # hashed once for all of them
    return [
        User.objects.get_or_create(
            username=f"event-guest-{n:02d}",
            defaults={
                "first_name": rng.choice(FIRST_NAMES),
                "last_name": rng.choice(LAST_NAMES),
                "email": f"event-guest-{n:02d}@example.org",
                "password": password,
            },
        )[0]
        for n in range(GUESTS)
    ]


def build_demo_registrations(
    *, seed: int, progress: Progress = no_progress
) -> tuple[int, int, int]:
    """Registrations on the demo's events; (events, registrations, waiting)."""
    events = _events()
    if not events:
        return 0, 0, 0
    rng = random.Random(seed + 125)
    delegates = list(
        Role.objects.filter(kind__in=[Role.Kind.EDITOR, Role.Kind.VIEWER])
        .select_related("user", "local_government")
        .order_by("pk")
    )
    countries = list(Country.objects.order_by("code"))
    guests = _guests(rng)
    organiser = (
        get_user_model()
        .objects.filter(roles__office=Office.objects.world_secretariat())
        .order_by("pk")
        .first()
    )
    for number, event in enumerate(progress(events, "Event registrations")):
        categories = _categories(event)
        if event.registrations.exists():
            continue
        with transaction.atomic():
            # The members' conference is nearly full: its last places go, then a list waits.
            if number == 1:
                Event.objects.filter(pk=event.pk).update(capacity=20)
                event.refresh_from_db()
            _register(event, categories, delegates, guests, countries, rng, organiser)
    registrations = Registration.objects.filter(event__in=events)
    return len(events), registrations.count(), registrations.waiting().count()


def _day_to_register(event: Event) -> datetime.date:
    """Today, or (for an event begun or past) the eve of its first day."""
    day = min(timezone.localdate(), event.starts_on - datetime.timedelta(days=1))
    if event.registration_closes_on:
        day = min(day, event.registration_closes_on)
    if event.registration_opens_on:
        day = max(day, event.registration_opens_on)
    return day


def _register(event, categories, delegates, guests, countries, rng, organiser) -> None:
    day = _day_to_register(event)
    Kind = RegistrationCategory.Kind
    for role in rng.sample(delegates, min(len(delegates), 10)):
        try:
            services.register(
                event=event,
                person=role.user,
                category=categories[Kind.MEMBER_DELEGATE],
                local_government=role.local_government,
                postal_address=f"{role.local_government.name}\nCity Hall",
                today=day,
            )
        except ValidationError:
            continue  # already registered, or the member's dues are overdue
    for person in rng.sample(guests, 17):
        kind = rng.choice([Kind.NON_MEMBER, Kind.PARTNER, Kind.SPEAKER, Kind.PRESS])
        services.register(
            event=event,
            person=person,
            category=categories[kind],
            country=rng.choice(countries),
            organisation=rng.choice(ORGANISATIONS),
            postal_address="PO Box 100",
            today=day,
        )
    if organiser is None or event.starts_on > timezone.localdate():
        return
    for registration in Registration.objects.filter(event=event).confirmed()[:12]:
        services.check_in(event=event, registration=registration, by=organiser)
        services.certificate_issue(registration=registration, by=organiser)


def demo_part(*, seed: int, progress: Progress = no_progress) -> str:
    """`localaction demo`'s part (network.demo.register_part): what was built, in words."""
    events, registrations, waiting = build_demo_registrations(seed=seed, progress=progress)
    if not events:
        return "Event registrations: none (the demo has no events)"
    return (
        f"Event registrations: {registrations} on {events} events ({waiting} waiting); "
        "guests log in as event-guest-00 … event-guest-39"
    )


def demo_logins() -> list[DemoLogin]:
    """The demo's event guests, when the demo built them."""
    if not get_user_model().objects.filter(username="event-guest-00").exists():
        return []
    return [
        DemoLogin(
            f"event-guest-00 … event-guest-{GUESTS - 1:02d}",
            DEMO_PASSWORD,
            "guests registered for the demo's events (badges, certificates)",
        )
    ]
