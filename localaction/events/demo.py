"""The demo's events: the World Congress (held over the days of the Council
meeting the governance demo holds, its Council session linked to that
meeting; next year's when there is none), two regional members' conferences
in the coming months, a webinar and a training — with tracks, rooms,
speakers, about forty sessions and a few translations. The demo editor has
starred three Congress sessions; the demo's staff speaks at one.

Sessions are written through services.session_save, as the pages write them
(so no room and no speaker is booked twice). Deterministic for a seed.
"""

from __future__ import annotations

import datetime
import random

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from localaction.events import services
from localaction.events.models import (
    Event,
    Room,
    Session,
    SessionTranslation,
    Speaker,
    Track,
)
from localaction.governance.models import Meeting
from localaction.network.demo import Progress, no_progress
from localaction.network.models import Office, Region

CONFERENCE_REGIONS = (
    ("europe", "Europe/Berlin", "Freiburg im Breisgau", "DE"),
    ("latin-america-caribbean", "America/Sao_Paulo", "Curitiba", "BR"),
)

SPEAKER_NAMES = [
    ("Amina Odhiambo", "City of Nairobi"),
    ("Lars Henriksen", "Copenhagen Municipality"),
    ("María José Fernández", "Municipalidad de Rosario"),
    ("Kenji Watanabe", "Yokohama City"),
    ("Priya Raman", "Greater Chennai Corporation"),
    ("Thabo Nkosi", "City of Cape Town"),
    ("Claire Dubois", "Ville de Grenoble"),
    ("João Pereira", "Prefeitura de Curitiba"),
    ("Sarah O'Connell", "Dublin City Council"),
    ("Nguyen Thi Lan", "Da Nang People's Committee"),
    ("Omar Haddad", "Greater Amman Municipality"),
    ("Emily Clarke", "World Secretariat"),
]

TRACKS = [
    ("Climate", "Mitigation and adaptation: inventories, targets and action plans."),
    ("Resilience", "Disaster risk, water and the Local Agendas for resilience."),
    ("Green economy", "Procurement, ecoBUDGET and local finance."),
]

ROOMS = [("Plenary Hall", 1200), ("Room A", 250), ("Room B", 180), ("Room C", 120)]

PARALLEL_TOPICS = {
    "Climate": [
        "From the first inventory to a council-adopted target",
        "Scope 3 in city inventories: where to start",
        "Financing municipal energy efficiency",
        "Local climate action plans that deliver",
    ],
    "Resilience": [
        "The Disaster Resilience Scorecard in practice",
        "Water campaign milestones, city by city",
        "Heat action plans for growing cities",
        "Nature-based solutions for flood risk",
    ],
    "Green economy": [
        "Sustainable procurement: Procura+ experiences",
        "ecoBUDGET: the environmental master budget",
        "Circular economy in local services",
        "Green jobs and a just transition",
    ],
}

TRANSLATIONS = {
    "Opening plenary": {
        "es": ("Plenaria de apertura", "Bienvenida y mensajes de los gobiernos locales."),
        "fr": ("Plénière d'ouverture", "Accueil et messages des gouvernements locaux."),
        "pt": ("Plenária de abertura", "Boas-vindas e mensagens dos governos locais."),
    },
    "From the first inventory to a council-adopted target": {
        "es": ("Del primer inventario a una meta adoptada por el concejo", ""),
        "fr": ("Du premier inventaire à un objectif adopté par le conseil", ""),
    },
    "Council of the association": {
        "es": ("Consejo de la asociación", "El Consejo se reúne durante el Congreso."),
        "fr": ("Conseil de l'association", "Le Conseil se réunit pendant le Congrès."),
    },
}


def _aware(day: datetime.date, hour: int, minute: int, zone) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=zone)


def _session(event, title, day, start, end, *, kind, speakers=(), **fields) -> Session:
    zone = event.zone
    session = Session(
        event=event,
        title=title,
        kind=kind,
        starts_at=_aware(day, *start, zone),
        ends_at=_aware(day, *end, zone),
        language=event.language,
        **fields,
    )
    services.session_save(session=session, speakers=speakers)
    for language, (text, description) in TRANSLATIONS.get(title, {}).items():
        if language != session.language:
            SessionTranslation.objects.create(
                session=session, language=language, title=text, description=description
            )
    return session


def _congress(rng: random.Random, world: Office, today: datetime.date) -> Event:
    meeting = (
        Meeting.objects.filter(body__code="COUNCIL", title__contains="World Congress")
        .order_by("-held_on")
        .first()
    )
    council_day = (
        meeting.held_on
        if meeting
        else today.replace(month=6, day=15) + (datetime.timedelta(days=365))
    )
    starts_on = council_day - datetime.timedelta(days=3)
    event = Event.objects.create(
        kind=Event.Kind.WORLD_CONGRESS,
        title=f"World Congress {council_day.year}",
        slug=f"world-congress-{council_day.year}",
        summary="The association's triennial World Congress: members report their "
        "contributions, the Council meets, and three tracks share what works.",
        organiser=world,
        language="en",
        starts_on=starts_on,
        ends_on=council_day,
        time_zone="Africa/Johannesburg",
        format=Event.Format.HYBRID,
        venue="Cape Town International Convention Centre",
        city="Cape Town",
        country_id="ZA",
        online_url="https://congress.example.org/live",
        capacity=1500,
        status=Event.Status.PUBLISHED,
    )
    tracks = {
        name: Track.objects.create(event=event, name=name, description=text)
        for name, text in TRACKS
    }
    rooms = [Room.objects.create(event=event, name=name, capacity=seats) for name, seats in ROOMS]
    staff = User.objects.filter(username="staff").first()
    speakers = [
        Speaker.objects.create(
            event=event,
            name=name,
            organisation=organisation,
            biography=f"{name} leads sustainability work at {organisation}.",
        )
        for name, organisation in SPEAKER_NAMES
    ]
    if staff is not None:
        speakers[-1].user = staff
        speakers[-1].save(update_fields=["user"])
    topics = {name: list(items) for name, items in PARALLEL_TOPICS.items()}
    for offset in range(3):
        day = starts_on + datetime.timedelta(days=offset)
        title = "Opening plenary" if offset == 0 else f"Plenary: the network's day {offset + 1}"
        _session(
            event,
            title,
            day,
            (9, 0),
            (10, 30),
            kind=Session.Kind.PLENARY,
            room=rooms[0],
            speakers=rng.sample(speakers, 2),
        )
        for start, end in (((11, 0), (12, 30)), ((14, 0), (15, 30))):
            # Three parallel sessions, each with speakers of its own.
            chosen = rng.sample(speakers, 6)
            for index, (track_name, track) in enumerate(tracks.items()):
                title = topics[track_name].pop(0) if topics[track_name] else f"{track_name} lab"
                _session(
                    event,
                    title,
                    day,
                    start,
                    end,
                    kind=Session.Kind.PARALLEL,
                    track=track,
                    room=rooms[index + 1],
                    speakers=chosen[2 * index : 2 * index + 2],
                )
        _session(
            event,
            f"Members report: day {offset + 1}",
            day,
            (16, 0),
            (17, 30),
            kind=Session.Kind.PLENARY,
            room=rooms[0],
        )
        if offset == 1:
            _session(
                event,
                "Side meeting of the regional secretariats",
                day,
                (18, 0),
                (19, 0),
                kind=Session.Kind.SIDE_MEETING,
                room=rooms[3],
            )
    _session(
        event,
        "Council of the association",
        council_day,
        (9, 0),
        (13, 0),
        kind=Session.Kind.COUNCIL,
        room=rooms[0],
        meeting=meeting,
        description="The Council meets: reports, the strategic plan, elections.",
        online_url="https://congress.example.org/council",
    )
    _session(
        event,
        "Closing plenary",
        council_day,
        (14, 30),
        (16, 0),
        kind=Session.Kind.PLENARY,
        room=rooms[0],
        speakers=speakers[:2],
    )
    return event


def _conference(rng, office: Office, zone: str, city: str, country: str, starts_on) -> Event:
    region = office.regions.first()
    event = Event.objects.create(
        kind=Event.Kind.MEMBERS_CONFERENCE,
        title=f"Members' conference {region.name if region else office.name} {starts_on.year}",
        slug=f"members-conference-{office.code}-{starts_on.year}",
        summary=f"The members of {region.name if region else office.name} meet: "
        "progress on the campaigns, peer exchange and the region's work programme.",
        organiser=office,
        region=region,
        language="es" if country == "BR" else "en",
        starts_on=starts_on,
        ends_on=starts_on + datetime.timedelta(days=1),
        time_zone=zone,
        format=Event.Format.IN_PERSON,
        venue="City Hall",
        city=city,
        country_id=country,
        capacity=200,
        status=Event.Status.PUBLISHED,
    )
    hall = Room.objects.create(event=event, name="Council Chamber", capacity=200)
    speakers = [
        Speaker.objects.create(event=event, name=name, organisation=organisation)
        for name, organisation in rng.sample(SPEAKER_NAMES, 4)
    ]
    day_one, day_two = event.starts_on, event.ends_on
    _session(
        event,
        "Opening plenary",
        day_one,
        (9, 30),
        (11, 0),
        kind=Session.Kind.PLENARY,
        room=hall,
        speakers=speakers[:2],
    )
    _session(
        event,
        "The region's campaigns: where we stand",
        day_one,
        (11, 30),
        (13, 0),
        kind=Session.Kind.PLENARY,
        room=hall,
        speakers=speakers[2:3],
    )
    _session(
        event,
        "Peer exchange workshop",
        day_one,
        (14, 30),
        (17, 0),
        kind=Session.Kind.WORKSHOP,
        room=hall,
        speakers=speakers[3:],
    )
    _session(
        event,
        "The region's work programme",
        day_two,
        (9, 30),
        (12, 0),
        kind=Session.Kind.PLENARY,
        room=hall,
        speakers=speakers[:1],
    )
    return event


def _online(world: Office, kind, title, slug, starts_on, sessions) -> Event:
    event = Event.objects.create(
        kind=kind,
        title=title,
        slug=slug,
        summary=f"{title}, online.",
        organiser=world,
        language="en",
        starts_on=starts_on,
        ends_on=starts_on + datetime.timedelta(days=len(sessions) - 1),
        time_zone="UTC",
        format=Event.Format.ONLINE,
        online_url=f"https://events.example.org/{slug}",
        capacity=500,
        status=Event.Status.PUBLISHED,
    )
    host = Speaker.objects.create(
        event=event, name="Emily Clarke", organisation="World Secretariat"
    )
    for offset, session_title in enumerate(sessions):
        day = starts_on + datetime.timedelta(days=offset)
        _session(
            event,
            session_title,
            day,
            (13, 0),
            (14, 30),
            kind=Session.Kind.WORKSHOP,
            speakers=[host],
            online_url=event.online_url,
        )
    return event


@transaction.atomic
def build_demo_events(*, seed: int) -> list[Event]:
    rng = random.Random(f"events-{seed}")
    today = timezone.localdate()
    world = Office.objects.world_secretariat()
    if world is None:
        return []
    events = [_congress(rng, world, today)]
    for weeks, (code, zone, city, country) in zip((6, 14), CONFERENCE_REGIONS, strict=True):
        office = Office.objects.filter(code=code).first()
        if office is not None and Region.objects.filter(code=code).exists():
            starts_on = today + datetime.timedelta(weeks=weeks)
            events.append(_conference(rng, office, zone, city, country, starts_on))
    events.append(
        _online(
            world,
            Event.Kind.WEBINAR,
            "Webinar: GHG inventories with the GPC",
            "webinar-gpc-inventories",
            today + datetime.timedelta(days=20),
            ["GHG inventories with the GPC: questions and answers"],
        )
    )
    events.append(
        _online(
            world,
            Event.Kind.TRAINING,
            "Training: ecoBUDGET in practice",
            "training-ecobudget",
            today + datetime.timedelta(days=45),
            ["ecoBUDGET: the master budget", "ecoBUDGET: the budget balance"],
        )
    )
    editor = User.objects.filter(username="editor").first()
    if editor is not None:
        for session in events[0].sessions.order_by("starts_at", "pk")[:3]:
            services.session_star(user=editor, session=session, starred=True)
    return events


def demo_part(*, seed: int, progress: Progress = no_progress) -> str:
    """`localaction demo`'s part (network.demo.register_part): what was built, in words."""
    events = build_demo_events(seed=seed)
    sessions = Session.objects.filter(event__in=events).count()
    return f"Events: {len(events)} events with {sessions} sessions (the World Congress's programme)"
