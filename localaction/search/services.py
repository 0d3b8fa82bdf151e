"""Keeping the index in step with what the domains publish.

`upsert(entry)` and `remove(origin)` write one entry and its index row in the
caller's transaction; `sync(obj)` asks the sources watching obj's model what
it now is; the signal handlers (apps.py) call `sync` once the transaction
that saved or deleted obj has committed, so a rolled-back write never reaches
search. `rebuild()` indexes everything the sources publish now and removes
every other entry: running it twice leaves the same index.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from itertools import islice

from django.db import connection, models, transaction
from django.db.models import prefetch_related_objects
from django.utils import timezone
from wagtail.search.backends import get_search_backends
from wagtail.search.models import IndexEntry

from localaction.search.models import TITLE_LENGTH, URL_LENGTH, Entry, EntryTheme
from localaction.search.sources import Source, checked, origin_of, sources, sources_watching

BATCH = 1000
FIELDS = ("language", "title", "body", "url", "region", "country_code", "year", "origin")

Progress = Callable[[int], None]


def _fields(entry: dict) -> dict:
    obj = entry.get("object")
    return {
        "language": entry.get("language") or "",
        "title": str(entry["title"])[:TITLE_LENGTH],
        "body": entry.get("body") or "",
        "url": str(entry["url"])[:URL_LENGTH],
        "region_id": entry.get("region_id"),
        "country_code": (entry.get("country_code") or "").upper(),
        "year": entry.get("year"),
        **({"origin": origin_of(obj)} if obj is not None else {}),
    }


def _themes(entry: dict) -> list[str]:
    return sorted({str(code)[:40] for code in entry.get("themes") or [] if code})


def _index(entries: list[Entry]) -> None:
    for backend in get_search_backends():
        backend.add_bulk(Entry, entries)


def _unindex(entries: Iterable[Entry]) -> None:
    for backend in get_search_backends():
        for entry in entries:
            backend.delete(entry)


@transaction.atomic
def upsert(entry: dict, *, origin: models.Model | None = None) -> Entry:
    """Write one entry dict (sources.py) and index it; `origin` is the object
    it stands for when the dict does not say."""
    entry = checked(entry)
    fields = _fields(entry)
    if "origin" not in fields and origin is not None:
        fields["origin"] = origin_of(origin)
    record, _ = Entry.objects.update_or_create(
        kind=entry["kind"], key=str(entry["key"]), defaults=fields
    )
    themes = _themes(entry)
    if record.theme_codes != themes:
        record.themes.all().delete()
        EntryTheme.objects.bulk_create(EntryTheme(entry=record, code=code) for code in themes)
    _index([record])
    return record


@transaction.atomic
def remove(origin: str) -> int:
    """Remove the entries that stand for the object labelled `origin`; how many."""
    doomed = list(Entry.objects.filter(origin=origin))
    _unindex(doomed)
    Entry.objects.filter(pk__in=[entry.pk for entry in doomed]).delete()
    return len(doomed)


def sync(obj: models.Model, *, origin: str) -> None:
    """Bring the entries `obj` (labelled `origin` when it was saved or deleted)
    touches up to date: each source watching its model says what the item is
    now; None removes the entries standing for obj. A deleted obj's item is
    gone (None), or, when obj only concerned it, written anew."""
    for source in sources_watching(type(obj)):
        entry = source.entry_for(obj)
        if entry is None:
            remove(origin)
        else:
            upsert(entry, origin=obj if obj.pk is not None else None)


@dataclass
class Rebuilt:
    indexed: int
    removed: int
    seconds: float


def _batches(items: Iterable[dict], size: int) -> Iterator[list[dict]]:
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


def index_batch(batch: list[dict]) -> list[Entry]:
    """Write and index a batch of entry dicts (new or changed), in one transaction."""
    batch = [checked(entry) for entry in batch]
    with transaction.atomic():
        wanted = {(entry["kind"], str(entry["key"])): entry for entry in batch}
        existing = {
            (record.kind, record.key): record
            for record in Entry.objects.filter(
                kind__in={kind for kind, _ in wanted}, key__in={key for _, key in wanted}
            )
        }
        records = []
        for (kind, key), entry in wanted.items():
            record = existing.get((kind, key)) or Entry(kind=kind, key=key)
            for name, value in _fields(entry).items():
                setattr(record, name, value)
            records.append(record)
        new = [record for record in records if record.pk is None]
        Entry.objects.bulk_create(new, batch_size=BATCH)
        changed = [record for record in records if record not in new]
        now = timezone.now()
        for record in changed:
            record.updated = now
        Entry.objects.bulk_update(changed, [*FIELDS, "updated"], batch_size=BATCH)
        EntryTheme.objects.filter(entry__in=changed).delete()
        EntryTheme.objects.bulk_create(
            (
                EntryTheme(entry=record, code=code)
                for record in records
                for code in _themes(wanted[(record.kind, record.key)])
            ),
            batch_size=BATCH,
        )
        prefetch_related_objects(records, "themes")  # their filter terms
        _index(records)
    return records


def rebuild(*, progress: Progress | None = None, only: list[Source] | None = None) -> Rebuilt:
    """Index every entry the sources publish now, in batches, and remove every
    entry no source publishes any more (of every kind, or of `only`'s)."""
    started, since = time.perf_counter(), timezone.now()
    indexed = 0
    kinds: set[str] = set()
    for source in only or sources():
        for batch in _batches(source.entries(), BATCH):
            records = index_batch(batch)
            indexed += len(records)
            kinds.update(record.kind for record in records)
            if progress:
                progress(len(records))
    # Every entry written above was stamped now: the others are no source's.
    stale = Entry.objects.filter(updated__lt=since)
    if only is not None:
        stale = stale.filter(kind__in=kinds)
    removed = 0
    for ids in _batches(stale.values_list("pk", flat=True).iterator(), BATCH):
        with transaction.atomic():
            doomed = list(Entry.objects.filter(pk__in=ids))
            _unindex(doomed)
            removed += Entry.objects.filter(pk__in=ids).delete()[1].get(Entry._meta.label, 0)
    tidy()
    return Rebuilt(indexed=indexed, removed=removed, seconds=time.perf_counter() - started)


def tidy() -> None:
    """After many entries are written: on PostgreSQL, the index's tables
    vacuumed and analysed (Wagtail writes each index row twice, and until the
    dead versions are vacuumed its GIN index leads every search to them too);
    on SQLite, analysed. Left to autovacuum inside a transaction (the demo's)."""
    if connection.in_atomic_block:
        return
    tables = [IndexEntry._meta.db_table, Entry._meta.db_table, EntryTheme._meta.db_table]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("VACUUM ANALYZE " + ", ".join(tables))
        else:
            cursor.execute("ANALYZE")


def remove_kinds(kinds: list[str]) -> int:
    """Remove every entry of these kinds (and its index rows), in batches."""
    removed = 0
    ids = Entry.objects.filter(kind__in=kinds).values_list("pk", flat=True)
    for batch in _batches(ids.iterator(), BATCH):
        with transaction.atomic():
            _unindex(Entry.objects.filter(pk__in=batch))
            removed += Entry.objects.filter(pk__in=batch).delete()[1].get(Entry._meta.label, 0)
    return removed
