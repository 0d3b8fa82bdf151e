"""The sections a lower page shows for the domains above it.

A member's profile page shows, beside the register's own facts, what each
domain above the register keeps about the member (inventories its GHG
inventories, campaigns its campaigns, targets and action plans, governance
its seats); an office's page shows what the office runs (regional
development its arrangements, prospects and priority regions). Each domain
adds its section from its AppConfig.ready() to the page's registry —
`member_profile` or `office_page` — and the network app, lower in the
layers, never imports them; the page only shows what was registered (as the
work page lists the queues of network/work.py).

A section's `context(user, obj)` gives what its template shows that person
about `obj` (the local government, or the office), or None when there is
nothing to show them; its template reads it as `section`, beside the page's
own variables (`lg` on a profile, `office` on an office's page).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Generic, TypeVar

from localaction.network.models import LocalGovernment, Office

T = TypeVar("T")


@dataclass(frozen=True)
class Section(Generic[T]):
    key: str
    template: str
    context: Callable[[object, T], dict | None]
    order: int = 100


@dataclass(frozen=True)
class Shown:
    """A section as one person sees it on one page."""

    template: str
    section: dict


class Sections(Generic[T]):
    """The sections registered for one kind of page, shown in order."""

    def __init__(self) -> None:
        self._sections: dict[str, Section[T]] = {}

    def register(
        self,
        key: str,
        template: str,
        context: Callable[[object, T], dict | None],
        *,
        order: int = 100,
    ) -> None:
        """Add (or replace, by `key`) a section to every page of this kind."""
        self._sections[key] = Section(key, template, context, order)

    def shown(self, user, obj: T) -> list[Shown]:
        """The registered sections, in order (then by key), with what each shows
        this person; those with nothing to show them are left out."""
        shown = []
        for section in sorted(self._sections.values(), key=lambda s: (s.order, s.key)):
            context = section.context(user, obj)
            if context is not None:
                shown.append(Shown(section.template, context))
        return shown


#: A member's profile page (`network:local-government`).
member_profile: Sections[LocalGovernment] = Sections()
#: An office's page (`network:office`).
office_page: Sections[Office] = Sections()
