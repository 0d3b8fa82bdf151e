"""Badges as PDF (WeasyPrint): the person's name, organisation and category,
the event, and a QR code (segno, an SVG data URI: printing makes no request)
of the badge code, which a handheld scanner types into the check-in page.
One badge on an A6 page, or an event's badges four to an A4 page."""

from __future__ import annotations

from collections.abc import Iterable

from django.template.loader import render_to_string

from localaction.events.models import Event, Registration
from localaction.pdf import qr_data_uri, write_pdf


def badges_html(event: Event, registrations: Iterable[Registration], *, sheet: bool) -> str:
    return render_to_string(
        "events/badges_pdf.html",
        {
            "event": event,
            "sheet": sheet,
            "badges": [
                {"registration": registration, "qr": qr_data_uri(registration.badge_code)}
                for registration in registrations
            ],
        },
    )


def badges_pdf(event: Event, registrations: Iterable[Registration], *, sheet: bool) -> bytes:
    """The badges of `registrations`: each on its own A6 page, or (`sheet`) four
    to an A4 page, to cut."""
    return write_pdf(badges_html(event, registrations, sheet=sheet))
