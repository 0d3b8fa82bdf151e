"""The Charter and By-Laws: recording a new version, and two versions side by side.

A version is recorded once, with the decision that adopted it
(`record_version`); the comparison (`compare`) pairs the lines of two
versions with difflib's SequenceMatcher (Python's standard library), keeping
a few unchanged lines around each change so that a reader sees where it is.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from difflib import SequenceMatcher

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext

from localaction.governance import permissions
from localaction.governance.models import Decision, DocumentVersion, GoverningDocument

CONTEXT_LINES = 3
# Words and the spaces between them, each kept as a piece of its own.
_WORDS = re.compile(r"(\s+)")


@transaction.atomic
def record_version(
    document: GoverningDocument,
    *,
    label: str,
    text: str,
    in_force_from: datetime.date,
    decision: Decision | None,
    summary: str = "",
    by,
) -> DocumentVersion:
    """Record the text of a document as a decision adopted it, in force from a day."""
    if not permissions.can_define_bodies(by):
        raise PermissionDenied(gettext("Only the secretariat records the Charter and By-Laws."))
    version = DocumentVersion(
        document=document,
        label=label.strip(),
        text=text.replace("\r\n", "\n"),
        in_force_from=in_force_from,
        decision=decision,
        summary=summary,
        recorded_by=by,
    )
    version.full_clean()
    version.save()
    return version


@dataclass(frozen=True)
class Line:
    """One row of the comparison: a line of the older version beside one of the
    newer (a number of None: no line on that side), and what happened to it."""

    change: str  # "same", "changed", "removed", "added", "gap"
    old_number: int | None = None
    old_text: str = ""
    new_number: int | None = None
    new_text: str = ""
    skipped: int = 0  # for a gap: how many unchanged lines are not shown

    @property
    def parts(self) -> tuple[list[tuple[bool, str]], list[tuple[bool, str]]]:
        """The old and the new line as pieces (changed?, text): the words a
        changed line lost and gained, marked within it."""
        if self.change != "changed":
            return [(self.change == "removed", self.old_text)], [
                (self.change == "added", self.new_text)
            ]
        old_words, new_words = _WORDS.split(self.old_text), _WORDS.split(self.new_text)
        old_parts: list[tuple[bool, str]] = []
        new_parts: list[tuple[bool, str]] = []
        matcher = SequenceMatcher(None, old_words, new_words, autojunk=False)
        for tag, i1, i2, j1, j2 in matcher.get_opcodes():
            same = tag == "equal"
            if i2 > i1:
                old_parts.append((not same, "".join(old_words[i1:i2])))
            if j2 > j1:
                new_parts.append((not same, "".join(new_words[j1:j2])))
        return old_parts, new_parts


def compare(old: str, new: str, *, context: int = CONTEXT_LINES) -> list[Line]:
    """The rows of a side-by-side view of `old` and `new`, line by line.

    Changed lines are paired in order; lines only in one text face an empty
    cell; runs of unchanged lines longer than twice `context` are shortened
    to `context` lines around each change, with a gap row counting the rest.
    """
    old_lines, new_lines = old.splitlines(), new.splitlines()
    matcher = SequenceMatcher(None, old_lines, new_lines, autojunk=False)
    rows: list[Line] = []
    shown_until = 0  # old-side index after the last row shown
    for group in matcher.get_grouped_opcodes(context):
        first_old = group[0][1]
        if first_old > shown_until:
            rows.append(Line("gap", skipped=first_old - shown_until))
        for tag, i1, i2, j1, j2 in group:
            if tag == "equal":
                rows.extend(
                    Line("same", i + 1, old_lines[i], j + 1, new_lines[j])
                    for i, j in zip(range(i1, i2), range(j1, j2), strict=True)
                )
                continue
            olds, news = list(range(i1, i2)), list(range(j1, j2))
            for k in range(max(len(olds), len(news))):
                i = olds[k] if k < len(olds) else None
                j = news[k] if k < len(news) else None
                change = (
                    "changed"
                    if i is not None and j is not None
                    else "removed"
                    if j is None
                    else "added"
                )
                rows.append(
                    Line(
                        change,
                        None if i is None else i + 1,
                        "" if i is None else old_lines[i],
                        None if j is None else j + 1,
                        "" if j is None else new_lines[j],
                    )
                )
        shown_until = group[-1][2]
    if rows and shown_until < len(old_lines):
        rows.append(Line("gap", skipped=len(old_lines) - shown_until))
    return rows
