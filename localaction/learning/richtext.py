"""Rich text of courses and lessons, cleaned by Wagtail's whitelister on every
save: only the elements and attributes of its rules survive (paragraphs,
headings, lists, emphasis, links with http(s)/mailto/tel addresses, images),
so no script, style, event handler or javascript: address reaches a page,
whether the text came from Wagtail's editor, the admin, the API or a command.
"""

from __future__ import annotations

from bs4 import Tag
from wagtail.whitelist import Whitelister

# Elements whose content is code or a frame, not text: dropped whole (the
# whitelister would keep a script's text as visible words).
DROPPED = frozenset({"script", "style", "iframe", "object", "embed", "template", "noscript"})


class LessonWhitelister(Whitelister):
    def clean_tag_node(self, doc, tag: Tag) -> None:
        if tag.name in DROPPED:
            tag.decompose()
            return
        super().clean_tag_node(doc, tag)


def clean_rich_text(html: str) -> str:
    """`html` with only what the whitelist allows."""
    if not html:
        return html
    return LessonWhitelister().clean(html)
