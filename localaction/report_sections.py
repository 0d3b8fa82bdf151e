"""The sections of the network report that the domains contribute (the
Movement's instruments, the Agency's knowledge and learning): each registers
the network's figures of a year, the partial that shows them, its own network
page, and the records whose changes change them (so that a published report
knows when it is out of date). The report (reports.figures) shows every
registered section in order, on the page and in the PDF.

This module imports no model: the domains register from their `ready()`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from django.db import models
    from django.utils.functional import Promise


@dataclass(frozen=True)
class Section:
    """One domain's part of the network report."""

    key: str  # also the HTML id of the section: report-<key>
    name: str | Promise
    figures: Callable[[int], Any]  # the network's figures of a report year
    template: str  # the partial; it receives the figures as `figures`
    page: str  # the URL name of the domain's network page ("" if it has none)
    # What changes the figures: (model, field) whose row count and latest value
    # a published report compares.
    stamps: tuple[tuple[type[models.Model], str], ...] = ()
    order: int = 100


_SECTIONS: dict[str, Section] = {}


def register_section(section: Section) -> None:
    """Add a domain's section (once per key)."""
    known = _SECTIONS.get(section.key)
    if known is not None and known != section:
        raise ValueError(f"The report section {section.key!r} is registered already.")
    _SECTIONS[section.key] = section


def sections() -> list[Section]:
    """Every registered section, in order."""
    return sorted(_SECTIONS.values(), key=lambda section: (section.order, section.key))
