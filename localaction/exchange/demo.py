"""The demo's city-to-city exchange: about twenty-five needs and offers of
members across the regions, on the instruments' and campaigns' themes, in
their working languages; and five exchanges between them (peer visits,
twinning, mentoring) at every stage, with their activities, outcomes and
follow-up — among them exchanges between a developing and an industrialised
country (by the World Bank income groups the finance app ships).

Everything is written through services.py, as the pages write it, by the
demo's secretariat, except the other members' acceptance, recorded directly
(their editors accept on the exchange's page; the demo has none for them).
Deterministic for a seed.
"""

from __future__ import annotations

import datetime
import random

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from localaction.accounts.models import Role
from localaction.campaigns.models import Campaign
from localaction.exchange import services
from localaction.exchange.models import Exchange, Listing
from localaction.network.demo import Progress, no_progress
from localaction.network.models import LocalGovernment, Office

# (kind, title, themes, description)
LISTINGS = [
    ("need", "Setting up our first GHG inventory", ["ghg-inventory"],
     "We have energy bills and transport counts but no inventory yet; we look for a city "
     "that has reported to the GPC BASIC level to walk us through boundaries and scopes."),
    ("offer", "Coaching on GPC BASIC inventories", ["ghg-inventory", "targets"],
     "Our climate unit has reported five inventories and can coach another team through "
     "its first, remotely or in a visit."),
    ("need", "Reducing water losses in the network", ["water"],
     "A third of our drinking water is lost in the pipes; we need help to plan leak "
     "detection and pipe renewal."),
    ("offer", "Leak detection programme, ten years on", ["water"],
     "We brought losses from 28% to 9% and can share the tender documents, the district "
     "metering plan and the lessons learnt."),
    ("need", "Introducing ecoBUDGET in the council", ["ecobudget"],
     "Our council agreed to try ecoBUDGET; we need a mentor for the first budget cycle."),
    ("offer", "Three budget cycles of ecoBUDGET", ["ecobudget", "tbl"],
     "We can host a peer visit to show how the environmental master budget passes the "
     "council and how the balance is reported."),
    ("need", "Green criteria for our tenders", ["procurement"],
     "We want to add environmental criteria to our vehicle and food tenders."),
    ("offer", "Sustainable procurement criteria in practice", ["procurement"],
     "Our procurement office uses the criteria library for eight product groups and can "
     "share its tender texts and savings figures."),
    ("need", "Measuring our ecological footprint", ["footprint"],
     "We need help to estimate the city's footprint for the World Congress round."),
    ("offer", "Footprint study methods", ["footprint", "tbl"],
     "We did our own footprint study with the university and can explain the data we used."),
    ("need", "A resilience scorecard with our districts", ["resilience"],
     "We plan to run the scorecard with the districts and need a facilitator's experience."),
    ("offer", "Running the resilience scorecard workshops", ["resilience", "assessments"],
     "We ran the scorecard twice with all departments and can share our workshop plan."),
    ("need", "Starting a biodiversity index", ["biodiversity"],
     "We want to compute the City Biodiversity Index for the first time."),
    ("offer", "City Biodiversity Index: our data sources", ["biodiversity"],
     "We computed the index three times and can show which surveys feed each indicator."),
    ("need", "A local agenda forum that lasts", ["agendas"],
     "Our stakeholder forum met twice and stopped; we need advice to keep it going."),
    ("offer", "Twenty years of a local agenda forum", ["agendas", "assessments"],
     "Our forum meets four times a year; we can host a delegation at one of its sessions."),
    ("need", "Targets the council can adopt", ["targets"],
     "We need help to turn our inventory into a base-year target and a forecast."),
    ("offer", "From inventory to target and forecast", ["targets", "ghg-inventory"],
     "We can share how we set our base-year target and the forecast behind it."),
    ("need", "Triple Bottom Line reporting", ["tbl"],
     "Our finance department wants to publish a TBL report next year."),
    ("offer", "Water accounts with the utility", ["water"],
     "We keep water accounts jointly with our utility and can share the data agreement."),
    ("need", "Rainwater harvesting in schools", ["water"],
     "We want to start rainwater harvesting in twenty schools and need design examples."),
    ("offer", "Self-assessment with the LA21 questionnaire", ["assessments"],
     "We answered the LA21 self-assessment with our partners and can guide a first round."),
    ("need", "Energy management in public buildings", ["ghg-inventory", "procurement"],
     "We want to monitor energy in our 200 public buildings and buy efficient equipment."),
    ("offer", "Energy management of municipal buildings", ["ghg-inventory"],
     "Our energy management unit monitors 350 buildings and can host a peer visit."),
    ("need", "Climate campaign milestones", ["ghg-inventory", "targets"],
     "We joined the climate campaign and need help to reach the first milestones."),
]  # fmt: skip

LANGUAGES = {"es", "fr", "pt", "en", "de", "sw", "ar", "zh", "ja", "ko"}

# (kind, title, proposer role, partner role, status, activities, outcomes, follow-ups)
EXCHANGES = [
    (Exchange.Kind.MENTORING, "Mentoring a first GHG inventory", "mentee", "mentor",
     Exchange.Status.COMPLETED,
     ["Kick-off call on boundaries and data", "Two-day visit of the mentor's climate unit",
      "Review of the draft inventory"],
     "The mentee reported its first inventory at GPC BASIC level; the two cities agreed to "
     "compare their transport data each year.",
     [("Share the transport survey method", 60, True), ("Joint webinar for the region", 120,
                                                        False)]),
    (Exchange.Kind.PEER_VISIT, "Peer visit on leak detection", "visitor", "host",
     Exchange.Status.UNDER_WAY,
     ["Visit of the district metering areas", "Workshop with the utility's engineers"],
     "The visitors drafted a leak detection tender on the host's model.",
     [("Send the tender documents", 30, True), ("Report losses after a year", 365, False)]),
    (Exchange.Kind.TWINNING, "Twinning on ecoBUDGET", "partner", "partner",
     Exchange.Status.AGREED, ["Exchange of budget documents", "Joint call of the two councils"],
     "Both councils agreed to set their first shared indicator: energy use of buildings.",
     [("Agree the shared indicator's unit", 45, False)]),
    (Exchange.Kind.MENTORING, "Mentoring on green procurement", "mentee", "mentor",
     Exchange.Status.PROPOSED, ["First call to agree the mentoring plan"], "", []),
    (Exchange.Kind.PEER_VISIT, "Peer visit to a local agenda forum", "visitor", "host",
     Exchange.Status.CANCELLED, ["Preparatory call with the forum's secretary"],
     "Cancelled after the forum's session was postponed; the visit may be proposed again.",
     []),
]  # fmt: skip


def _secretariat() -> User:
    role = (
        Role.objects.filter(office__kind=Office.Kind.WORLD, user__is_active=True)
        .select_related("user")
        .order_by("user__username")
        .first()
    )
    if role is None:
        raise LookupError("The demo's exchange is written by the secretariat: none found.")
    return role.user


def _by_development(members: list[LocalGovernment]) -> dict[str | None, list[LocalGovernment]]:
    development = services.development_by_country({m.country_id for m in members})
    groups: dict[str | None, list[LocalGovernment]] = {}
    for member in members:
        groups.setdefault(development.get(member.country_id), []).append(member)
    return groups


@transaction.atomic
def build_demo_exchange(*, seed: int, progress: Progress = no_progress) -> tuple[int, int]:
    """(listings, exchanges) built."""
    rng = random.Random(seed * 31 + 13)
    by = _secretariat()
    members = list(LocalGovernment.objects.published().select_related("country").order_by("code"))
    groups = _by_development(members)
    developing = groups.get("developing", [])
    industrialised = groups.get("industrialised", [])
    campaigns = list(Campaign.objects.order_by("code").values_list("code", flat=True))
    today = timezone.localdate()
    listings: list[Listing] = []
    for index, (kind, title, themes, description) in enumerate(progress(LISTINGS, "Listings")):
        # Needs mostly from developing countries, offers mostly from industrialised
        # ones, and some the other way round: the matching weighs their links.
        pool = (developing if kind == "need" else industrialised) if index % 4 else members
        member = rng.choice(pool or members)
        languages = [code for code in member.languages if code in LANGUAGES][:2] or ["en"]
        if "en" not in languages and rng.random() < 0.6:
            languages.append("en")
        if campaigns and rng.random() < 0.3:
            themes = [*themes, rng.choice(campaigns)]
        listings.append(
            services.listing_publish(
                member=member,
                by=by,
                kind=kind,
                title=title,
                description=description,
                themes=themes,
                languages=languages,
                contact_name=f"Exchange desk of {member.name}"[:200],
                contact_email=f"exchange@{member.code.lower()}.example.org",
                is_open=index != len(LISTINGS) - 1 or rng.random() < 0.5,
            )
        )
    Listing.objects.filter(pk__in=[item.pk for item in listings]).update(
        published_on=today - datetime.timedelta(days=rng.randint(0, 200))
    )
    needs = [item for item in listings if item.kind == Listing.Kind.NEED]
    made = 0
    for number, spec in enumerate(progress(EXCHANGES, "Exchanges")):
        kind, title, proposer_role, partner_role, status, activities, outcomes, follow_ups = spec
        need = needs[number % len(needs)]
        suggested = services.suggestions_for(need, limit=1)
        offer = suggested[0].listing if suggested else None
        proposer = need.member
        if offer is not None:
            partner = offer.member
        else:
            others = [m for m in industrialised if m.pk != proposer.pk]
            partner = rng.choice(others or [m for m in members if m.pk != proposer.pk])
        starts = today - datetime.timedelta(days=120 - 30 * number)
        exchange = services.exchange_propose(
            by=by,
            proposer=proposer,
            participants=[(proposer, proposer_role), (partner, partner_role)],
            kind=kind,
            title=title,
            description=need.description,
            starts_on=starts,
            ends_on=starts + datetime.timedelta(days=180),
            need=need,
            offer=offer,
        )
        if status != Exchange.Status.PROPOSED:
            exchange.participants.update(accepted_at=timezone.now(), accepted_by=by)
            exchange.status = Exchange.Status.AGREED
            exchange.save(update_fields=["status"])
        steps = {
            Exchange.Status.UNDER_WAY: [Exchange.Status.UNDER_WAY],
            Exchange.Status.COMPLETED: [Exchange.Status.UNDER_WAY, Exchange.Status.COMPLETED],
            Exchange.Status.CANCELLED: [Exchange.Status.CANCELLED],
        }.get(status, [])
        for day, what in enumerate(activities):
            services.activity_add(
                exchange, by=by, on=starts + datetime.timedelta(days=20 * day + 5), what=what
            )
        for what, days, done in follow_ups:
            item = services.follow_up_add(
                exchange, by=by, what=what, due_on=starts + datetime.timedelta(days=days)
            )
            if done:
                services.follow_up_done(item, by=by, on=starts + datetime.timedelta(days=days - 5))
        if outcomes:
            services.outcomes_set(exchange, by=by, outcomes=outcomes)
        for step in steps:
            services.exchange_set_status(exchange, by=by, status=step)
        made += 1
    return len(listings), made


def demo_part(*, seed: int, progress: Progress = no_progress) -> str:
    """`localaction demo`'s part (network.demo.register_part): what was built, in words."""
    listings, exchanges = build_demo_exchange(seed=seed, progress=progress)
    return f"City-to-city exchange: {listings} needs and offers, {exchanges} exchanges"
