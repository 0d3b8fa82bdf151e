"""Lesson videos: MP4 or WebM only, recognised by their content (not by their
name or the uploader's content type), and at most LEARNING_VIDEO_MAX_BYTES."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

DEFAULT_MAX_BYTES = 200 * 2**20
EBML = b"\x1a\x45\xdf\xa3"  # WebM (Matroska) files begin with this header


def max_bytes() -> int:
    return int(getattr(settings, "LEARNING_VIDEO_MAX_BYTES", DEFAULT_MAX_BYTES))


def sniff(head: bytes) -> str | None:
    """The video's content type from its first bytes, or None if neither MP4 nor WebM."""
    if len(head) >= 12 and head[4:8] == b"ftyp":
        return "video/mp4"
    if head.startswith(EBML) and b"webm" in head[:64]:
        return "video/webm"
    return None


def validate_video(file) -> str:
    """The content type of an uploaded video, or a ValidationError saying why it is refused."""
    limit = max_bytes()
    if file.size > limit:
        raise ValidationError(
            _("The video is %(size)s; at most %(limit)s are accepted.")
            % {"size": filesizeformat(file.size), "limit": filesizeformat(limit)}
        )
    file.seek(0)
    head = file.read(64)
    file.seek(0)
    kind = sniff(head)
    if kind is None:
        raise ValidationError(_("Only MP4 or WebM videos are accepted; this file is neither."))
    name = getattr(file, "name", "") or ""
    expected = {"video/mp4": (".mp4", ".m4v"), "video/webm": (".webm",)}[kind]
    if not name.lower().endswith(expected):
        raise ValidationError(
            _("The file's name says otherwise than its content (%(kind)s).") % {"kind": kind}
        )
    return kind
