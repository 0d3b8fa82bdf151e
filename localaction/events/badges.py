"""Badges as PDF (WeasyPrint): the person's name, organisation and category,
the event, and a QR code (segno, an SVG data URI: printing makes no request)
of the badge code, which a handheld scanner types into the check-in page.
One badge on an A6 page, or an event's badges four to an A4 page."""

from __future__ import annotations

from collections.abc import Iterable

import segno
from django.conf import settings
from django.template.loader import render_to_string
from weasyprint import HTML

from localaction.events.models import Event, Registration
from localaction.pdf import LocalOnlyFetcher, quiet_svg_styles


def badge_qr(code: str) -> str:
    """The badge code's QR code as an SVG data URI (error correction M)."""
    return segno.make(code, error="m", micro=False).svg_data_uri(scale=4, dark="#1b2a2f")


def badges_html(event: Event, registrations: Iterable[Registration], *, sheet: bool) -> str:
    return render_to_string(
        "events/badges_pdf.html",
        {
            "event": event,
            "sheet": sheet,
            "badges": [
                {"registration": registration, "qr": badge_qr(registration.badge_code)}
                for registration in registrations
            ],
        },
    )


def badges_pdf(event: Event, registrations: Iterable[Registration], *, sheet: bool) -> bytes:
    """The badges of `registrations`: each on its own A6 page, or (`sheet`) four
    to an A4 page, to cut."""
    document = HTML(
        string=badges_html(event, registrations, sheet=sheet),
        base_url=settings.SITE_URL,
        url_fetcher=LocalOnlyFetcher(),
    )
    with quiet_svg_styles():
        return document.write_pdf()
