"""The demo's registrations: categories with fees on the demo's events (made
by events/demo.py), and about eighty people registered through the same
service as the pages — some confirmed, some on a full event's waiting list,
some checked in with their certificate. Quietly nothing when the demo has no
events."""

from __future__ import annotations

import datetime
import random

from django.contrib.auth import get_user_model
from django.db import transaction
from djmoney.money import Money

from localaction.accounts.models import Role
from localaction.events import services
from localaction.events.models import Event, Registration, RegistrationCategory
from localaction.network.demo import DemoNetwork, Progress, no_progress
from localaction.network.models import Country, Office

# The demo's events this part expects (events/demo.py), by kind when a slug is missing.
EXPECTED_SLUGS = ("world-congress-2027", "africa-members-conference-2027", "ecobudget-webinar")
SEED = 125


def _categories(event: Event) -> list[RegistrationCategory]:
    currency = "EUR"
    early = event.starts_on - datetime.timedelta(days=60)
    free = event.kind in (Event.Kind.WEBINAR,)
    rows = [
        (RegistrationCategory.Kind.MEMBER_DELEGATE, "Member delegate", "300.00", "250.00", 2),
        (RegistrationCategory.Kind.NON_MEMBER, "Non-member", "450.00", "350.00", 0),
        (RegistrationCategory.Kind.PARTNER, "Partner", "200.00", None, 0),
        (RegistrationCategory.Kind.SPEAKER, "Speaker", "0.00", None, 0),
        (RegistrationCategory.Kind.PRESS, "Press", "0.00", None, 0),
    ]
    made = []
    for kind, name, fee, early_fee, members_free in rows:
        made.append(
            RegistrationCategory.objects.get_or_create(
                event=event,
                name=name,
                defaults={
                    "kind": kind,
                    "fee": Money(0 if free else fee, currency),
                    "early_fee": Money(early_fee, currency) if early_fee and not free else None,
                    "early_until": early if early_fee and not free else None,
                    "members_free": members_free,
                },
            )[0]
        )
    return made


def _events() -> list[Event]:
    events = list(Event.objects.filter(slug__in=EXPECTED_SLUGS, status=Event.Status.PUBLISHED))
    if not events:
        events = list(Event.objects.filter(status=Event.Status.PUBLISHED).order_by("starts_on")[:3])
    return events


def demo_part(network: DemoNetwork, progress: Progress = no_progress) -> None:
    events = _events()
    if not events:
        return
    rng = random.Random(SEED)
    User = get_user_model()
    member_roles = list(
        Role.objects.filter(kind__in=[Role.Kind.EDITOR, Role.Kind.VIEWER])
        .select_related("user", "local_government__country")
        .order_by("pk")
    )
    countries = list(Country.objects.order_by("code"))
    world = Office.objects.world_secretariat()
    organiser = User.objects.filter(roles__office=world).order_by("pk").first()
    people = [
        User.objects.get_or_create(
            username=f"event-guest-{n:02d}",
            defaults={
                "first_name": rng.choice(["Ana", "Kofi", "Mei", "Ravi", "Lena", "Tomás", "Aisha"]),
                "last_name": rng.choice(
                    ["Silva", "Mensah", "Chen", "Iyer", "Berg", "Ruiz", "Bello"]
                ),
                "email": f"event-guest-{n:02d}@example.org",
            },
        )[0]
        for n in range(50)
    ]
    for event in progress(events, "event registrations"):
        categories = {c.kind: c for c in _categories(event)}
        if event.registrations.exists():
            continue
        with transaction.atomic():
            _register_people(event, categories, member_roles, people, countries, rng, organiser)


def _register_people(event, categories, member_roles, people, countries, rng, organiser):
    today = min(event.registration_closes_on or event.ends_on, event.starts_on)
    if event.registration_opens_on:
        today = max(today, event.registration_opens_on)
    Kind = RegistrationCategory.Kind
    for role in rng.sample(member_roles, min(len(member_roles), 12)):
        try:
            services.register(
                event=event,
                person=role.user,
                category=categories[Kind.MEMBER_DELEGATE],
                local_government=role.local_government,
                today=today,
            )
        except Exception:
            continue
    for person in rng.sample(people, 16):
        kind = rng.choice([Kind.NON_MEMBER, Kind.PARTNER, Kind.SPEAKER, Kind.PRESS])
        services.register(
            event=event,
            person=person,
            category=categories[kind],
            country=rng.choice(countries),
            organisation=rng.choice(["GIZ", "UN-Habitat", "City Press", "WWF", "University"]),
            today=today,
        )
    if organiser is None:
        return
    confirmed = list(Registration.objects.filter(event=event).confirmed()[:8])
    for registration in confirmed:
        services.check_in(event=event, registration=registration, by=organiser)
        services.certificate_issue(registration=registration, by=organiser)
