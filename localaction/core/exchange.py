"""Matching members' needs and offers for city-to-city exchange (plan §2.1f,
§3.2.1c): pure functions of the listings, each suggestion with its reasons.

The rules (the exchange pages state them too):

- a need is matched with offers, an offer with needs: the kinds are
  **complementary**, never two needs or two offers;
- they share at least one **theme** (a campaign's code or an instrument's key,
  the keys search uses): required, and each theme shared earns
  `THEME_POINTS`;
- they share a **working language** (ISO 639 codes): `LANGUAGE_POINTS` once,
  whichever and however many they share;
- they **link a developing and an industrialised country**, which the mandate
  asks for: `NORTH_SOUTH_POINTS`. The web layer tells each listing's
  development status from the World Bank income group its country has in the
  finance app's classification in force (`development_of`): low and
  lower-middle income are developing, high income is industrialised, upper
  middle income and an unclassified country are neither (no points either way);
- a listing never matches itself, nor a listing of its own member;
- suggestions come best first: by points, highest first, ties broken by the
  candidate's `key` (its id), so the same listings always give the same order.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

Kind = Literal["need", "offer"]
Development = Literal["developing", "industrialised"]
ReasonCode = Literal["theme", "language", "north-south"]

THEME_POINTS = 3
LANGUAGE_POINTS = 1
NORTH_SOUTH_POINTS = 2

#: The World Bank income groups (finance.models.IncomeGroup's values) and the
#: development status each stands for; the others stand for neither.
DEVELOPMENT_OF_INCOME_GROUP: dict[str, Development] = {
    "low": "developing",
    "lower-middle": "developing",
    "high": "industrialised",
}


def development_of(income_group: str | None) -> Development | None:
    """The development status of a country in this World Bank income group
    (`low`, `lower-middle`, `upper-middle`, `high`), or None for upper middle
    income and for a country without a group."""
    return DEVELOPMENT_OF_INCOME_GROUP.get(income_group or "")


@dataclass(frozen=True)
class Listing:
    """A need or an offer as the matching sees it: `key` its stable id,
    `member` its local government's id."""

    key: int
    member: int
    kind: Kind
    themes: frozenset[str]
    languages: frozenset[str]
    development: Development | None = None


@dataclass(frozen=True)
class Reason:
    """One reason for a suggestion: what it is (`code`), what it is about (the
    themes' keys, the languages' codes, or the two statuses), and its points."""

    code: ReasonCode
    subjects: tuple[str, ...]
    points: int


@dataclass(frozen=True)
class Suggestion:
    """A candidate for a listing, with the reasons it was suggested."""

    candidate: Listing
    reasons: tuple[Reason, ...]

    @property
    def points(self) -> int:
        """The suggestion's score: the sum of its reasons' points."""
        return sum(reason.points for reason in self.reasons)


def complementary(kind: Kind) -> Kind:
    """The kind a listing of this kind is matched with."""
    return "offer" if kind == "need" else "need"


def reasons_for(listing: Listing, candidate: Listing) -> tuple[Reason, ...]:
    """Why `candidate` suits `listing`, one reason per rule met; empty when it
    does not suit at all (the same listing or member, kinds not complementary,
    or no theme shared)."""
    if (
        candidate.key == listing.key
        or candidate.member == listing.member
        or candidate.kind != complementary(listing.kind)
    ):
        return ()
    themes = sorted(listing.themes & candidate.themes)
    if not themes:
        return ()
    reasons = [Reason("theme", (theme,), THEME_POINTS) for theme in themes]
    languages = tuple(sorted(listing.languages & candidate.languages))
    if languages:
        reasons.append(Reason("language", languages, LANGUAGE_POINTS))
    statuses = {listing.development, candidate.development}
    if statuses == {"developing", "industrialised"}:
        assert listing.development is not None and candidate.development is not None
        reasons.append(
            Reason("north-south", (listing.development, candidate.development), NORTH_SOUTH_POINTS)
        )
    return tuple(reasons)


def suggest(
    listing: Listing, candidates: Iterable[Listing], *, limit: int | None = None
) -> list[Suggestion]:
    """The candidates that suit `listing`, best first (points, then key), each
    with its reasons; at most `limit` of them when given."""
    suggestions = []
    for candidate in candidates:
        reasons = reasons_for(listing, candidate)
        if reasons:
            suggestions.append(Suggestion(candidate, reasons))
    suggestions.sort(key=lambda s: (-s.points, s.candidate.key))
    return suggestions if limit is None else suggestions[:limit]
