"""Rich text that is safe to show: what a writer types (on the platform's forms,
through the API or in Wagtail's editor) is cleaned with Wagtail's own
whitelister before it is stored, so that no script, event handler, style or
`javascript:` link ever reaches a page, a PDF or the search index."""

from __future__ import annotations

import re
from functools import cache
from html import unescape

#: What a case study's or publication's text may hold: headings, emphasis,
#: lists, links (http, https, mailto only) and rules.
FEATURES = ["h2", "h3", "h4", "bold", "italic", "ol", "ul", "link", "hr"]


@cache
def _converter():
    # Wagtail's admin converters load models: made on first use, not at import.
    from wagtail.admin.rich_text.converters.editor_html import EditorHTMLConverter

    return EditorHTMLConverter(features=FEATURES)


_TAGS = re.compile(r"<[^>]+>")
_SPACES = re.compile(r"\s+")


def clean_html(html: str) -> str:
    """`html` with only the whitelisted elements and attributes left."""
    if not html or not html.strip():
        return ""
    return _converter().to_database_format(html)


def plain_text(html: str) -> str:
    """The words of rich text, for search and summaries."""
    return _SPACES.sub(" ", unescape(_TAGS.sub(" ", html or ""))).strip()
