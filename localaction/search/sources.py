"""What search indexes: a registry of sources, one per domain that publishes.

A source is a module with three names:

- `entries()` — an iterable of entry dicts, one for every item the domain
  publishes now (what `localaction search rebuild` indexes);
- `entry_for(obj)` — the entry dict of the item `obj` is (or concerns), or
  None when that item is not public (any more): draft, withdrawn, unpublished;
- `WATCHED` — the models whose saves and deletions change entries: after the
  transaction commits, `entry_for` is asked again about the saved object
  (`search/services.py`).

An entry dict has the keys

    kind          str   the type facet, e.g. "member", "campaign", "case-study"
    key           str   the item's identifier within its kind (unique with kind)
    language      str   the language of the content ("en", "es"…; "" if none)
    title         str   plain text, at most 300 characters
    body          str   plain text (no HTML: it is escaped on the page)
    url           str   the item's page
    region_id     int | None
    country_code  str   ISO 3166-1 alpha-2, or ""
    themes        list[str]  theme codes (campaign or methodology codes, GPC sectors…)
    year          int | None

and, optionally, `object`: the model instance the entry stands for. Search
remembers it, so that when that object is deleted, or `entry_for` answers
None about it, its entry goes at once. Without it, the object passed to
`entry_for` is taken as the item (right whenever a source watches its items'
own model).

Adding a source is one line in SOURCES: its module's dotted path. The module
is imported when search is ready, so a source may import its domain freely
(search is the top layer).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from types import ModuleType

from django.apps import apps
from django.db import models
from django.utils.module_loading import import_module

#: The sources' modules, in the order a rebuild indexes them.
SOURCES = [
    "localaction.search.sources_builtin.members",
    "localaction.search.sources_builtin.campaigns",
    "localaction.search.sources_builtin.reports",
    "localaction.search.sources_builtin.engagements",
    "localaction.knowledge.search",
    "localaction.learning.search",
    "localaction.events.search",
    "localaction.projects.search",
    "localaction.consultancy.search",
]

KEYS = frozenset(
    {
        "kind",
        "key",
        "language",
        "title",
        "body",
        "url",
        "region_id",
        "country_code",
        "themes",
        "year",
        "object",
    }
)
REQUIRED = frozenset({"kind", "key", "title", "url"})


@dataclass(frozen=True)
class Source:
    name: str
    module: ModuleType

    def entries(self) -> Iterable[dict]:
        return self.module.entries()

    def entry_for(self, obj: models.Model) -> dict | None:
        return self.module.entry_for(obj)

    @property
    def watched(self) -> tuple[type[models.Model], ...]:
        return tuple(
            apps.get_model(model) if isinstance(model, str) else model
            for model in self.module.WATCHED
        )


def sources() -> list[Source]:
    """Every registered source, importing its module."""
    return [Source(name, import_module(name)) for name in SOURCES]


def sources_watching(model: type[models.Model]) -> Iterator[Source]:
    for source in sources():
        if any(issubclass(model, watched) for watched in source.watched):
            yield source


def origin_of(obj: models.Model) -> str:
    """The label an entry keeps of the object it stands for: app.model:pk."""
    return f"{obj._meta.label_lower}:{obj.pk}"


class EntryError(ValueError):
    pass


def checked(entry: dict) -> dict:
    """The entry dict with its keys and types checked; EntryError saying what is wrong."""
    if unknown := set(entry) - KEYS:
        raise EntryError(f"unknown keys {sorted(unknown)} in the entry {entry.get('key')!r}")
    if missing := REQUIRED - {key for key in entry if entry[key] not in (None, "")}:
        raise EntryError(f"the entry {entry.get('key')!r} lacks {sorted(missing)}")
    themes = entry.get("themes") or []
    if isinstance(themes, str) or not all(isinstance(theme, str) for theme in themes):
        raise EntryError(f"the themes of {entry['key']!r} must be a list of codes")
    year = entry.get("year")
    if year is not None and not (isinstance(year, int) and 0 < year < 10_000):
        raise EntryError(f"the year of {entry['key']!r} must be a whole year, not {year!r}")
    return entry
