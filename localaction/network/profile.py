"""The sections a member's profile page shows beside the register's own facts.

Each domain above the register adds its section from its AppConfig.ready():
inventories the member's GHG inventories, campaigns its campaigns, targets
and action plans. The network app, lower in the layers, never imports them;
the profile page only shows what was registered (as the work page lists the
queues of network/work.py).

A section's `context(user, local_government)` gives what its template shows
that person, or None when there is nothing to show them; its template reads
it as `section`, beside the page's `lg`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from localaction.network.models import LocalGovernment

SectionContext = Callable[[object, LocalGovernment], dict | None]


@dataclass(frozen=True)
class Section:
    key: str
    template: str
    context: SectionContext
    order: int = 100


@dataclass(frozen=True)
class Shown:
    """A section as one person sees it on one profile."""

    template: str
    section: dict


_SECTIONS: dict[str, Section] = {}


def register(key: str, template: str, context: SectionContext, *, order: int = 100) -> None:
    """Add (or replace, by `key`) a section to every member's profile page."""
    _SECTIONS[key] = Section(key, template, context, order)


def sections_for(user, local_government: LocalGovernment) -> list[Shown]:
    """The registered sections, in order, with what each shows this person."""
    shown = []
    for section in sorted(_SECTIONS.values(), key=lambda section: (section.order, section.key)):
        context = section.context(user, local_government)
        if context is not None:
            shown.append(Shown(section.template, context))
    return shown
