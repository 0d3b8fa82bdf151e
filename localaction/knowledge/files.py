"""What an uploaded publication file must be: a PDF — by its first bytes, not
only its name — within the documents' size limit (settings
WAGTAILDOCS_MAX_UPLOAD_SIZE)."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext

PDF_MAGIC = b"%PDF-"


def pdf_refusal(upload) -> str | None:
    """Why `upload` (a file object with a name and a size) is not accepted as a
    publication's PDF, or None."""
    name = getattr(upload, "name", "") or ""
    limit = settings.WAGTAILDOCS_MAX_UPLOAD_SIZE
    size = getattr(upload, "size", None)
    if size is not None and limit and size > limit:
        return gettext("“%(name)s” is %(size)s; files may be at most %(limit)s.") % {
            "name": name,
            "size": filesizeformat(size),
            "limit": filesizeformat(limit),
        }
    if not name.lower().endswith(".pdf"):
        return gettext("“%(name)s” is not a PDF: publication files are PDF only.") % {"name": name}
    position = upload.tell() if hasattr(upload, "tell") else 0
    upload.seek(0)
    head = upload.read(1024)
    upload.seek(position)
    if PDF_MAGIC not in head[:1024]:
        return gettext("“%(name)s” is named .pdf but its content is not a PDF; it was refused.") % {
            "name": name
        }
    return None


def check_pdf(upload) -> None:
    refusal = pdf_refusal(upload)
    if refusal:
        raise ValidationError({"file": refusal})
