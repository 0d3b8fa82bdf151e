"""The search index's own records: one `Entry` per public item of any domain.

An entry is denormalised on purpose: its title and plain-text body are what
Wagtail's database search backend indexes (SQLite FTS5 on the embedded
default, PostgreSQL full-text search in production), and its facet columns
(kind, language, region, country, year, themes) are what the results are
counted and filtered by, so that a search never joins the domains' tables.
Only what the domains publish becomes an entry (`search/sources.py`); an
item that stops being public loses its entry (`search/services.py`).
"""

from __future__ import annotations

import hashlib

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.search import index

from localaction.network.models import Region

TITLE_LENGTH = 300
URL_LENGTH = 300
#: The length of a filter term (below): longer than any word a query searches
#: for (query.MAX_TERM_CHARS), so that no one can type one.
FILTER_TERM_LENGTH = 41


def filter_term(facet: str, value: object) -> str:
    """The word that stands in the full-text index for one facet value of an
    entry ("kind = case-study", "year = 2017"…): "f" and 40 hex digits.

    Each entry's filter terms are indexed with its text, so a search's
    filters are words of its full-text match: the index intersects them with
    the typed words itself (FTS5's doclists, PostgreSQL's GIN), rather than
    the database reading every entry the words match to drop those the
    filters do not (a common word with a rare year was the slowest search)."""
    return "f" + hashlib.sha1(f"{facet}={value}".encode()).hexdigest()


class Entry(index.Indexed, models.Model):
    """One public item as search finds it: a member, a campaign, a case study…"""

    kind = models.CharField(_("type"), max_length=30)
    key = models.CharField(
        _("key"),
        max_length=100,
        help_text=_("The item's identifier within its type (a code or a primary key)."),
    )
    language = models.CharField(_("language"), max_length=10, blank=True)
    title = models.CharField(_("title"), max_length=TITLE_LENGTH)
    body = models.TextField(_("text"), blank=True)
    url = models.CharField(_("address"), max_length=URL_LENGTH)
    region = models.ForeignKey(
        Region,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("region"),
    )
    country_code = models.CharField(_("country"), max_length=2, blank=True)
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    updated = models.DateTimeField(_("updated"), auto_now=True)
    origin = models.CharField(
        _("origin"),
        max_length=150,
        blank=True,
        db_index=True,
        help_text=_("The object the entry stands for (app.model:pk), to remove it with that."),
    )

    # search/services.py indexes entries itself, in the writer's transaction
    # and in batches on a rebuild, rather than a task per save.
    search_auto_update = False

    search_fields = [
        index.SearchField("title", boost=2),
        index.SearchField("body"),
        index.SearchField("filter_terms"),
        index.FilterField("kind"),
        index.FilterField("language"),
        index.FilterField("region"),
        index.FilterField("country_code"),
        index.FilterField("year"),
    ]

    class Meta:
        ordering = ["kind", "key"]
        verbose_name = _("search entry")
        verbose_name_plural = _("search entries")
        constraints = [
            models.UniqueConstraint(fields=["kind", "key"], name="search_entry_one_per_item")
        ]
        # The facets are counted over the matched ids: each facet column is
        # read through the primary key, and the listing without a query
        # (newest first) has an index of its own.
        indexes = [models.Index(fields=["-updated"], name="search_entry_updated")]

    def __str__(self) -> str:
        return f"{self.kind}: {self.title}"

    def get_absolute_url(self) -> str:
        return self.url

    @property
    def theme_codes(self) -> list[str]:
        return [theme.code for theme in self.themes.all()]

    @property
    def filter_terms(self) -> str:
        """Its facet values as filter terms, for the full-text index."""
        values = [
            ("kind", self.kind),
            ("language", self.language),
            ("region", self.region_id),
            ("country", self.country_code),
            ("year", self.year),
            *(("theme", code) for code in self.theme_codes),
        ]
        return " ".join(filter_term(name, value) for name, value in values if value)


class EntryTheme(models.Model):
    """One theme of an entry (a campaign's or instrument's code, a GPC sector…):
    an entry may have several, and the theme facet counts each."""

    entry = models.ForeignKey(
        Entry, on_delete=models.CASCADE, related_name="themes", verbose_name=_("entry")
    )
    code = models.CharField(_("theme"), max_length=40)

    class Meta:
        ordering = ["code"]
        verbose_name = _("theme of a search entry")
        verbose_name_plural = _("themes of search entries")
        constraints = [
            models.UniqueConstraint(fields=["entry", "code"], name="search_theme_once_per_entry")
        ]
        indexes = [models.Index(fields=["code", "entry"], name="search_theme_code")]

    def __str__(self) -> str:
        return self.code
