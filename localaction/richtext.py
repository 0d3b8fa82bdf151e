"""Rich text that is safe to show, for every app that stores it (case studies,
publications, courses, lessons).

What a writer types — on the platform's forms, through the API, in Wagtail's
editor, the admin or a command — is cleaned with Wagtail's whitelister when it
is saved, and again when it is shown: only paragraphs, headings, emphasis,
lists, rules, links to http(s), mailto and tel addresses and images survive,
so no script, style, event handler, frame or `javascript:` link ever reaches a
page, a PDF or the search index."""

from __future__ import annotations

import re
from html import unescape

from bs4 import Tag
from wagtail.whitelist import Whitelister

#: Elements whose content is code or a frame, not text: dropped whole (the
#: whitelister alone would keep a script's text as visible words).
DROPPED = frozenset({"script", "style", "iframe", "object", "embed", "template", "noscript"})


class _Whitelister(Whitelister):
    def clean_tag_node(self, doc, tag: Tag) -> None:
        if tag.name in DROPPED:
            tag.decompose()
            return
        super().clean_tag_node(doc, tag)


_TAGS = re.compile(r"<[^>]+>")
_SPACES = re.compile(r"\s+")


def clean(html: str) -> str:
    """`html` with only the whitelisted elements and attributes left."""
    if not html or not html.strip():
        return ""
    return _Whitelister().clean(html)


def plain_text(html: str) -> str:
    """The words of rich text, for search and summaries."""
    return _SPACES.sub(" ", unescape(_TAGS.sub(" ", html or ""))).strip()
