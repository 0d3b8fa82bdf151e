"""The demo's partnerships (§2.4): the partner organisations the plan names
(the world organisation of local governments, UNEP, the Global Footprint
Network) and a few of the other kinds, with agreements in every state — active
ones whose conditions are all written, one close to its end (so its office is
reminded to renew it), a draft still missing its shares and resources, and
one ended (`localaction demo`). Everything goes through the same services as
the pages; the texts are demo texts written for the platform."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.contrib.auth.models import User
from django.utils import timezone

from localaction.network.demo import Progress, no_progress
from localaction.network.models import Country, Office
from localaction.partnerships import services
from localaction.partnerships.models import Agreement, PartnerOrganisation, Signatory

Kind = PartnerOrganisation.Kind


@dataclass(frozen=True)
class _Partnership:
    partner: str
    kind: str
    country: str | None
    title: str
    agreement: str
    aims: str
    state: str  # active, ending, draft, ended
    years_ago: int


PARTNERSHIPS = (
    _Partnership(
        "United Cities and Local Governments", Kind.LGA, "ES",
        "Local government agency for sustainable development", Agreement.Kind.MOU,
        "Speak for local governments with one voice on sustainable development.",
        "active", 3,
    ),
    _Partnership(
        "United Nations Environment Programme", Kind.UN, "KE",
        "Memorandum of Understanding on urban environment", Agreement.Kind.MOU,
        "Bring local environmental action into the UN's programmes.",
        "ending", 4,
    ),
    _Partnership(
        "Global Footprint Network", Kind.NGO, "US",
        "Ecological Footprint of member cities", Agreement.Kind.CONTRACT,
        "Engage the membership in calculating and monitoring its Ecological Footprint.",
        "active", 2,
    ),
    _Partnership(
        "University of Cape Town, African Centre for Cities", Kind.ACADEMIC, "ZA",
        "Capacity centre for urban sustainability training", Agreement.Kind.LETTER,
        "Offer specialised training to members' officers.",
        "draft", 0,
    ),
    _Partnership(
        "Federal Ministry for the Environment (demo)", Kind.GOVERNMENT, "DE",
        "Support of the climate campaign in Eastern Europe", Agreement.Kind.CONTRACT,
        "Fund members' first GHG inventories.",
        "ended", 6,
    ),
)  # fmt: skip


def build_demo_partnerships(today: datetime.date | None = None) -> tuple[int, int]:
    """(partner organisations, agreements) built; none without the secretariat."""
    today = today or timezone.localdate()
    secretariat = User.objects.filter(username="secretariat").first()
    world = Office.objects.filter(kind=Office.Kind.WORLD).first()
    if secretariat is None or world is None:
        return 0, 0
    agreements = 0
    for made in PARTNERSHIPS:
        partner = services.save_partner(
            PartnerOrganisation(
                name=made.partner,
                kind=made.kind,
                # The demo network holds the countries of its places only.
                country=Country.objects.filter(pk=made.country).first(),
            ),
            by=secretariat,
        )
        started = today.replace(month=1, day=1) - datetime.timedelta(days=365 * made.years_ago)
        agreement = Agreement(
            partner=partner,
            kind=made.agreement,
            title=made.title,
            office=world,
            aims=made.aims,
            objectives="Joint work programme reviewed each year; outcomes reported to "
            "the Executive Committee.",
            signed_on=started - datetime.timedelta(days=30) if made.state != "draft" else None,
            starts_on=started if made.state != "draft" else None,
        )
        if made.state != "draft":
            agreement.shares = (
                "The association involves its members; the partner brings its expertise."
            )
            agreement.resources = "Staff time of both parties; project funds where agreed."
        if made.state == "ending":
            agreement.ends_on = today + datetime.timedelta(days=60)
        elif made.state == "active":
            agreement.ends_on = today + datetime.timedelta(days=365 * 2)
        services.save_agreement(
            agreement,
            by=secretariat,
            signatories=[
                {"name": "Secretary General (demo)", "party": Signatory.Party.ASSOCIATION},
                {"name": f"Director, {made.partner}", "party": Signatory.Party.PARTNER},
            ],
        )
        if made.state in ("active", "ending", "ended"):
            services.activate(agreement, by=secretariat)
        if made.state == "ended":
            services.end(agreement, on=started + datetime.timedelta(days=365 * 3), by=secretariat)
        agreements += 1
    # The agreement close to its end: its office is told to renew it.
    services.expire_and_remind(today)
    return len(PARTNERSHIPS), agreements


def demo_part(*, seed: int, progress: Progress = no_progress) -> str:
    """`localaction demo`'s part (network.demo.register_part): what was built, in words."""
    partners, agreements = build_demo_partnerships()
    return f"{partners} partner organisations and {agreements} agreements" if partners else ""
