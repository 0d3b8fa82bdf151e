"""One search over the entries: the query as bounded words, the matched
entries from the full-text index Wagtail keeps, and the page, total and facet
counts computed over them.

The full-text index is Wagtail's database search backend's own table
(`wagtailsearch_indexentry`: FTS5 on SQLite, tsvectors on PostgreSQL), kept
by `search/services.py`. Wagtail's own query compiler ranks on SQLite with a
correlated subquery per matched row and matches on PostgreSQL a concatenated
vector no index covers. Here the filters are words of the match (each
entry's facet values are indexed as filter terms, models.filter_term), the
match reads the index newest first and stops at MATCH_LIMIT matches (so a
word found in every entry costs no more than a rarer one; PostgreSQL, whose
GIN index has no order, searches windows of the newest rows first), and the
page, the total and every facet (each counted under the other facets'
filters) are counted over those at most MATCH_LIMIT + 1 rows (`localaction
bench search` times it at 100,000 entries).

The text typed never reaches the SQL as syntax: it becomes at most
MAX_TERMS words of letters and digits, each quoted for FTS5 or passed to
plainto_tsquery, so `"`, `*`, `NEAR(`, `AND OR`, `-`… are only words or nothing.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.models import Count, Max, Q
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext, ngettext
from wagtail.search.models import IndexEntry

from localaction.network.models import Region
from localaction.search.models import Entry, EntryTheme, filter_term

MAX_QUERY_CHARS = 200
MAX_TERMS = 8
MAX_TERM_CHARS = 40
PAGE_SIZE = 20
MAX_PAGE = 50
#: The most matches ranked and counted: the newest, when more match.
MATCH_LIMIT = MAX_PAGE * PAGE_SIZE
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
    #: Whether more entries match than MATCH_LIMIT (the newest of which are
    #: ranked and counted).
    more: bool = False

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


# The facet columns of a match (an entry e and its region r), as _Match holds them.
_COLUMNS = "e.id, e.kind, r.code AS region_code, e.country_code, e.language, e.year"


def _filter_terms(filters: Mapping[str, str]) -> dict[str, str]:
    """The filter term (models.filter_term) each filter asks the index for,
    by facet; a region is indexed by its id, which no term of an unknown code
    matches."""
    terms = {}
    for name, value in filters.items():
        if name == "region":
            found = Region.objects.filter(code=value).values_list("pk", flat=True).first()
            terms[name] = filter_term(name, found if found is not None else f"unknown:{value}")
        else:
            terms[name] = filter_term(name, int(value) if name == "year" else value)
    return terms


def _matched_sql(
    terms: tuple[str, ...],
    filters: Mapping[str, str],  # facet: its filter term (_filter_terms)
    *,
    leave_out: str | None = None,
    after: int = 0,
    ranked: bool = True,
):
    """SQL of the newest MATCH_LIMIT + 1 entries matching all the words and
    the filters (but `leave_out`'s), newest first: id, facet columns and score
    (higher is better; 0 unless `ranked`). On PostgreSQL, `after` leaves out the index rows up to
    that id (a window on the newest, see _matched()).

    The filters are filter terms of the match (models.filter_term), so the
    full-text index intersects them with the words. The newest first, and no
    more: however common the words, the work is bounded (a word in every entry
    costs what a word in MATCH_LIMIT does). Beyond the limit the page says
    "more than", and ranks and counts those."""
    content_type = ContentType.objects.get_for_model(Entry).pk
    table = IndexEntry._meta.db_table
    entries = Entry._meta.db_table
    regions = Region._meta.db_table
    words = [*terms, *(term for name, term in filters.items() if name != leave_out)]
    if connection.vendor == "postgresql":
        # The match is the expression the GIN index of migration 0001 covers,
        # its tsquery written out so the planner estimates how many rows it
        # matches. The index rows are wide (Wagtail keeps the text beside the
        # vectors): the newest ids are found first, and only those rows are
        # read again to rank them (the facet counts need no score) and join
        # their entries.
        words = " ".join(words)
        if ranked:
            score = "ts_rank(ie.title, q) * 2 + ts_rank(COALESCE(ie.body, ''::tsvector), q)"
            rows = f"JOIN {table} ie ON ie.id = m.id CROSS JOIN plainto_tsquery(%s) q(q) "
            first = [words]
        else:
            score, rows, first = "0.0", "", []
        return (
            f"SELECT {_COLUMNS}, {score} AS score "
            f"FROM (SELECT id, object_id FROM {table} "
            f"WHERE (title || COALESCE(body, ''::tsvector)) @@ plainto_tsquery(%s) "
            f"AND content_type_id = %s AND id > %s "
            f"ORDER BY id DESC LIMIT {MATCH_LIMIT + 1}) m {rows}"
            f"JOIN {entries} e ON e.id = m.object_id::bigint "
            f"LEFT JOIN {regions} r ON r.id = e.region_id "
            f"ORDER BY m.id DESC",
            [words, content_type, after, *first],
        )
    # FTS5: every word quoted (a phrase of one word), all of them in the
    # title or the body, read newest first (rowid descending) and stopped at
    # the limit; bm25 is lower for better matches, its weights follow the
    # columns (autocomplete, body, title).
    match = "{title body} : (" + " AND ".join(f'"{word}"' for word in words) + ")"
    fts = f"{table}_fts"
    return (
        f"SELECT {_COLUMNS}, -bm25({fts}, 0.0, 1.0, 2.0) AS score "
        f"FROM {fts} CROSS JOIN {table} ie ON ie.id = {fts}.rowid "
        f"CROSS JOIN {entries} e ON e.id = CAST(ie.object_id AS INTEGER) "
        f"LEFT JOIN {regions} r ON r.id = e.region_id "
        f"WHERE {fts} MATCH %s AND ie.content_type_id = %s "
        f"ORDER BY {fts}.rowid DESC LIMIT {MATCH_LIMIT + 1}",
        [match, content_type],
    )


#: PostgreSQL's first window on the newest index rows (see _matched()).
FIRST_WINDOW = 10_000


def _newest() -> int:
    """The newest index row's id on PostgreSQL (its windows' end); 0 on SQLite."""
    if connection.vendor != "postgresql":
        return 0
    return IndexEntry.objects.aggregate(newest=Max("pk"))["newest"] or 0


@dataclass(frozen=True)
class _Match:
    id: int
    kind: str
    region: str | None
    country: str
    language: str
    year: int | None
    score: float


def _matched(
    terms: tuple[str, ...],
    filters: Mapping[str, str],  # facet: its filter term (_filter_terms)
    *,
    newest: int,
    leave_out: str | None = None,
    ranked: bool = True,
) -> list[_Match]:
    """The newest MATCH_LIMIT + 1 entries matching the words and the filters.

    PostgreSQL's GIN index finds matches in no order: the newest of a common
    word are the last few of tens of thousands of wide rows read. A window on
    the newest ids (after `newest` - FIRST_WINDOW) bounds that: when more
    than MATCH_LIMIT match within it, the newest of all lie in it — the same
    answer as the whole index gives. Otherwise the matches found tell how
    dense they are, and one wider window, a fifth wider than that density
    needs, is searched (or the whole index). SQLite's FTS5 reads its matches
    newest first and stops: one search, on the whole index."""
    window = FIRST_WINDOW
    while True:
        after = max(0, newest - window)
        sql, params = _matched_sql(terms, filters, leave_out=leave_out, after=after, ranked=ranked)
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
        if len(rows) > MATCH_LIMIT or after == 0:
            return [_Match(*row) for row in rows]
        window = window * (MATCH_LIMIT + 1) * 6 // (5 * len(rows)) if rows else newest


def run(query: Query) -> Result:
    """The query's page of entries, its total and its facets: the matches under
    every filter (the page and the total), and, for each facet filtered on,
    the matches under the others (its counts offer the other values)."""
    newest = _newest()
    filters = _filter_terms(query.filters)
    hits = _matched(query.terms, filters, newest=newest)
    counted = dict.fromkeys(FACETS, hits)
    for name in filters:
        counted[name] = _matched(query.terms, filters, newest=newest, leave_out=name, ranked=False)
    facets: dict[str, dict[str, int]] = {}
    for name, matches in counted.items():
        if name == "theme":
            ids = [match.id for match in matches[:MATCH_LIMIT]]
            themes = EntryTheme.objects.filter(entry__in=ids).values_list("code")
            facets[name] = dict(themes.annotate(n=Count("pk")).order_by())
        else:
            values = (getattr(match, name) for match in matches[:MATCH_LIMIT])
            facets[name] = dict(Counter(str(value) for value in values if value not in (None, "")))
    ranked = sorted(hits[:MATCH_LIMIT], key=lambda match: (-match.score, -match.id))
    page = [match.id for match in ranked[query.offset : query.offset + PAGE_SIZE]]
    by_id = Entry.objects.select_related("region").prefetch_related("themes").in_bulk(page)
    return Result(
        query=query,
        total=min(len(hits), MATCH_LIMIT),
        more=len(hits) > MATCH_LIMIT,
        entries=[by_id[pk] for pk in page if pk in by_id],
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
