"""One search over the entries: the query as bounded words, the matched ids
from the full-text index Wagtail keeps, and the page, total and facet counts
computed by the database in one statement over those ids.

The full-text index is Wagtail's database search backend's own table
(`wagtailsearch_indexentry`: FTS5 on SQLite, tsvectors on PostgreSQL), kept
by `search/services.py`. Wagtail's own query compiler ranks on SQLite with a
correlated subquery per matched row and matches on PostgreSQL a concatenated
vector no index covers; here the match runs once, its ids are materialised,
and the page, the total and every facet (each counted under the other
facets' filters) are GROUP BYs over them — what keeps the bench's p95 under
100 ms at 100,000 entries (`localaction bench search`).

The text typed never reaches the SQL as syntax: it becomes at most
MAX_TERMS words of letters and digits, each quoted for FTS5 or passed to
plainto_tsquery, so `"`, `*`, `NEAR(`, `AND OR`, `-`… are only words or nothing.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.models import Count, Q
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext, ngettext
from wagtail.search.models import IndexEntry

from localaction.search.models import Entry, EntryTheme

MAX_QUERY_CHARS = 200
MAX_TERMS = 8
MAX_TERM_CHARS = 40
PAGE_SIZE = 20
MAX_PAGE = 50
FACETS = ("kind", "region", "country", "theme", "language", "year")
_WORD = re.compile(r"\w+", re.UNICODE)
_CODE = re.compile(r"^[\w-]{1,40}$")


class QueryError(ValueError):
    """A query that cannot be searched, with the message the person reads."""

    def __init__(self, message: str, *, parameter: str = "q"):
        super().__init__(message)
        self.message = message
        self.parameter = parameter


@dataclass(frozen=True)
class Query:
    text: str
    terms: tuple[str, ...]
    filters: Mapping[str, str] = field(default_factory=dict)
    page: int = 1
    dropped_terms: int = 0

    @property
    def offset(self) -> int:
        return (self.page - 1) * PAGE_SIZE


def _fold(text: str) -> str:
    """Lower case without accents, as FTS5's unicode61 tokenizer compares."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def parse(params: Mapping[str, str]) -> Query:
    """The query of a request's parameters (q, kind, region, country, theme,
    language, year, page); QueryError saying what is wrong."""
    text = (params.get("q") or "").strip()
    if not text:
        raise QueryError(gettext("Type one or more words to search for."))
    if len(text) > MAX_QUERY_CHARS:
        raise QueryError(
            gettext("The search is %(length)d characters long; at most %(limit)d are searched.")
            % {"length": len(text), "limit": MAX_QUERY_CHARS}
        )
    words: list[str] = []
    for word in _WORD.findall(text):
        word = word.replace("_", "")[:MAX_TERM_CHARS]
        if word and word.casefold() not in (w.casefold() for w in words):
            words.append(word)
    if not words:
        raise QueryError(gettext("The search holds no words (letters or digits) to look for."))
    filters = {}
    for name in FACETS:
        value = (params.get(name) or "").strip()
        if not value:
            continue
        if name == "year":
            if not value.isdigit() or not 0 < int(value) < 10_000:
                raise QueryError(
                    gettext("The year must be a whole year, such as 2024."), parameter=name
                )
        elif name == "country":
            if not re.fullmatch(r"[A-Za-z]{2}", value):
                raise QueryError(
                    gettext("The country is a two-letter ISO code, such as DE."), parameter=name
                )
            value = value.upper()
        elif not _CODE.match(value):
            raise QueryError(
                gettext("“%(name)s” takes a code of letters, digits and hyphens.") % {"name": name},
                parameter=name,
            )
        filters[name] = value
    page_text = (params.get("page") or "1").strip()
    if not page_text.isdigit() or not 1 <= int(page_text) <= MAX_PAGE:
        raise QueryError(
            gettext("The page is a whole number from 1 to %(limit)d.") % {"limit": MAX_PAGE},
            parameter="page",
        )
    return Query(
        text=text,
        terms=tuple(words[:MAX_TERMS]),
        filters=filters,
        page=int(page_text),
        dropped_terms=max(0, len(words) - MAX_TERMS),
    )


@dataclass
class Result:
    query: Query
    total: int
    entries: list[Entry]
    facets: dict[str, dict[str, int]]

    @property
    def pages(self) -> int:
        return min(MAX_PAGE, max(1, -(-self.total // PAGE_SIZE)))

    @property
    def notice(self) -> str:
        if not self.query.dropped_terms:
            return ""
        return ngettext(
            "Only the first %(limit)d words were searched; %(count)d more was left out.",
            "Only the first %(limit)d words were searched; %(count)d more were left out.",
            self.query.dropped_terms,
        ) % {"limit": MAX_TERMS, "count": self.query.dropped_terms}


# The facet columns of the matched rows; the theme is a join of its own.
_COLUMNS = {
    "kind": "h.kind",
    "region": "h.region_code",
    "country": "h.country_code",
    "language": "h.language",
    "year": "h.year",
}


def _condition(name: str, value: str) -> tuple[str, list]:
    if name == "theme":
        return (
            f"EXISTS (SELECT 1 FROM {EntryTheme._meta.db_table} ft "
            "WHERE ft.entry_id = h.id AND ft.code = %s)",
            [value],
        )
    if name == "year":
        return "h.year = %s", [int(value)]
    return f"{_COLUMNS[name]} = %s", [value]


def _where(filters: Mapping[str, str], *, leave_out: str | None = None) -> tuple[str, list]:
    parts, params = ["1 = 1"], []
    for name, value in filters.items():
        if name != leave_out:
            sql, more = _condition(name, value)
            parts.append(sql)
            params.extend(more)
    return " AND ".join(parts), params


def _matched_sql(terms: tuple[str, ...]) -> tuple[str, list]:
    """SQL of (id, score) for every entry matching all terms; higher scores first."""
    content_type = ContentType.objects.get_for_model(Entry).pk
    table = IndexEntry._meta.db_table
    if connection.vendor == "postgresql":
        # The expression is the one the GIN index of migration 0001 covers.
        return (
            f"SELECT ie.object_id::bigint AS id, "
            f"ts_rank(ie.title, q.q) * 2 + ts_rank(COALESCE(ie.body, ''::tsvector), q.q) AS score "
            f"FROM {table} ie, plainto_tsquery(%s) q(q) "
            f"WHERE (ie.title || COALESCE(ie.body, ''::tsvector)) @@ q.q "
            f"AND ie.content_type_id = %s",
            [" ".join(terms), content_type],
        )
    # FTS5: every term quoted (a phrase of one word), all of them in the
    # title or the body; bm25 is lower for better matches, its weights follow
    # the columns (autocomplete, body, title).
    match = "{title body} : (" + " AND ".join(f'"{term}"' for term in terms) + ")"
    return (
        f"SELECT CAST(ie.object_id AS INTEGER) AS id, -bm25({table}_fts, 0.0, 1.0, 2.0) AS score "
        f"FROM {table}_fts JOIN {table} ie ON ie.id = {table}_fts.rowid "
        f"WHERE {table}_fts MATCH %s AND ie.content_type_id = %s",
        [match, content_type],
    )


def run(query: Query) -> Result:
    """The query's page of entries, its total and its facets, in one statement."""
    matched, params = _matched_sql(query.terms)
    entries, themes = Entry._meta.db_table, EntryTheme._meta.db_table
    region_table = Entry._meta.get_field("region").related_model._meta.db_table
    materialized = "MATERIALIZED " if connection.vendor in ("postgresql", "sqlite") else ""
    sql = (
        f"WITH matched AS {materialized}({matched}), "
        f"hits AS {materialized}(SELECT m.id, m.score, e.kind, r.code AS region_code, "
        f"e.country_code, e.language, e.year FROM matched m "
        f"JOIN {entries} e ON e.id = m.id LEFT JOIN {region_table} r ON r.id = e.region_id) "
    )
    parts = []
    where, more = _where(query.filters)
    parts.append(
        "SELECT * FROM (SELECT 'hit' AS facet, CAST(h.id AS TEXT) AS value, 0 AS n, "
        f"h.score AS score FROM hits h WHERE {where} ORDER BY h.score DESC, h.id DESC "
        f"LIMIT {PAGE_SIZE} OFFSET {query.offset}) page"
    )
    params += more
    parts.append(f"SELECT 'total', NULL, COUNT(*), 0.0 FROM hits h WHERE {where}")
    params += more
    for name in FACETS:
        where, more = _where(query.filters, leave_out=name)
        if name == "theme":
            parts.append(
                f"SELECT 'theme', t.code, COUNT(*), 0.0 FROM hits h "
                f"JOIN {themes} t ON t.entry_id = h.id WHERE {where} GROUP BY t.code"
            )
        else:
            column = _COLUMNS[name]
            parts.append(
                f"SELECT '{name}', CAST({column} AS TEXT), COUNT(*), 0.0 FROM hits h "
                f"WHERE {where} AND {column} IS NOT NULL AND CAST({column} AS TEXT) <> '' "
                f"GROUP BY {column}"
            )
        params += more
    sql += " UNION ALL ".join(parts)
    hits: list[int] = []
    total = 0
    facets: dict[str, dict[str, int]] = {name: {} for name in FACETS}
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for facet, value, n, _score in cursor.fetchall():
            if facet == "hit":
                hits.append(int(value))
            elif facet == "total":
                total = n
            else:
                facets[facet][value] = n
    by_id = Entry.objects.select_related("region").prefetch_related("themes").in_bulk(hits)
    return Result(
        query=query,
        total=total,
        entries=[by_id[pk] for pk in hits if pk in by_id],
        facets=facets,
    )


def baseline(query: Query) -> tuple[int, list[int], dict[str, list]]:
    """The same search as a plain scan (every term icontains the title or the
    body, the filters, the page, the total and every facet counted): the
    bench's baseline."""
    found = Entry.objects.all()
    for term in query.terms:
        found = found.filter(Q(title__icontains=term) | Q(body__icontains=term))
    lookups = {
        "kind": "kind",
        "region": "region__code",
        "country": "country_code",
        "theme": "themes__code",
        "language": "language",
        "year": "year",
    }
    for name, value in query.filters.items():
        found = found.filter(**{lookups[name]: value})
    facets = {
        name: list(found.values(lookups[name]).order_by().annotate(n=Count("pk", distinct=True)))
        for name in FACETS
    }
    page = list(found.order_by("-pk").values_list("pk", flat=True)[:PAGE_SIZE])
    return found.count(), page, facets


# Snippets


SNIPPET_CHARS = 240


def _marks(text: str, terms: tuple[str, ...]) -> list[tuple[int, int]]:
    """Spans of the words of `text` that a term matches, case and accents
    aside: the word itself, or, for terms of four letters or more, a word
    that begins with all but its last letter (PostgreSQL's stemming finds
    "cities" for "city")."""
    folded = tuple(_fold(term) for term in terms)
    return [
        (m.start(), m.end()) for m in _WORD.finditer(text) if _matches(_fold(m.group()), folded)
    ]


def _matches(word: str, terms: tuple[str, ...]) -> bool:
    return any(word == term or (len(term) >= 4 and word.startswith(term[:-1])) for term in terms)


def highlight(text: str, terms: tuple[str, ...], *, length: int | None = None) -> SafeString:
    """`text` escaped, the words matching the terms wrapped in <mark>; cut to
    about `length` characters around the first match when given. Nothing of
    the text is ever markup: each piece is escaped before it is marked."""
    marks = _marks(text, terms)
    start, end = 0, len(text)
    if length is not None and len(text) > length:
        first = marks[0][0] if marks else 0
        start = max(0, first - length // 3)
        end = min(len(text), start + length)
        marks = [(a, b) for a, b in marks if a >= start and b <= end]
    pieces, cursor = [], start
    for a, b in marks:
        pieces.append(escape(text[cursor:a]))
        pieces.append(f"<mark>{escape(text[a:b])}</mark>")
        cursor = b
    pieces.append(escape(text[cursor:end]))
    return mark_safe(
        ("… " if start > 0 else "") + "".join(pieces) + (" …" if end < len(text) else "")
    )


def snippet(entry: Entry, terms: tuple[str, ...]) -> SafeString:
    return highlight(" ".join(entry.body.split()), terms, length=SNIPPET_CHARS)
