"""Needs and offers for the tests: Nairobi (Kenya, lower-middle income:
developing) needs help with its water accounts; Freiburg (Germany, high
income: industrialised) offers them — the World Bank groups the finance app
ships with its migrations."""

from __future__ import annotations

import datetime

import pytest

from localaction.exchange import services
from localaction.exchange.models import Exchange, Listing


def publish(member, by, *, kind, themes=("water",), languages=("en",), **fields) -> Listing:
    return services.listing_publish(
        member=member,
        by=by,
        kind=kind,
        title=fields.pop("title", f"{kind} of {member.name}"),
        description=fields.pop("description", "What it is about."),
        themes=list(themes),
        languages=list(languages),
        contact_name=fields.pop("contact_name", "Exchange desk"),
        contact_email=fields.pop("contact_email", "desk@example.org"),
        **fields,
    )


@pytest.fixture
def need(cast) -> Listing:
    return publish(cast.nairobi, cast.outsider, kind="need", title="Water accounts for Nairobi",
                   languages=("en", "sw"))  # fmt: skip


@pytest.fixture
def offer(cast) -> Listing:
    return publish(cast.freiburg, cast.editor, kind="offer", title="Our water accounts",
                   languages=("de", "en"))  # fmt: skip


def propose(cast, need=None, offer=None, **fields) -> Exchange:
    """Freiburg (its editor) proposes to mentor Nairobi."""
    return services.exchange_propose(
        by=fields.pop("by", cast.editor),
        proposer=cast.freiburg,
        participants=fields.pop(
            "participants", [(cast.freiburg, "mentor"), (cast.nairobi, "mentee")]
        ),
        kind=fields.pop("kind", Exchange.Kind.MENTORING),
        title=fields.pop("title", "Water accounts mentoring"),
        starts_on=fields.pop("starts_on", datetime.date(2026, 3, 1)),
        ends_on=fields.pop("ends_on", datetime.date(2026, 9, 30)),
        need=need,
        offer=offer,
        **fields,
    )


@pytest.fixture
def proposed(cast, need, offer) -> Exchange:
    return propose(cast, need=need, offer=offer)


@pytest.fixture
def agreed(cast, proposed) -> Exchange:
    return services.exchange_accept(proposed, by=cast.outsider)
