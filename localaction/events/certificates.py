"""Certificates of attendance as PDF (WeasyPrint): the person, the event and
its days, the verification code and a QR code (segno) of the public
verification page, as the training centre's certificates."""

from __future__ import annotations

import segno
from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from weasyprint import HTML

from localaction.events.models import Registration
from localaction.pdf import LocalOnlyFetcher, quiet_svg_styles


def verification_url(registration: Registration) -> str:
    return settings.SITE_URL.rstrip("/") + reverse(
        "events:certificate-verify", args=[registration.certificate_code]
    )


def certificate_html(registration: Registration) -> str:
    url = verification_url(registration)
    return render_to_string(
        "events/certificate_pdf.html",
        {
            "registration": registration,
            "event": registration.event,
            "url": url,
            "qr": segno.make(url, error="m", micro=False).svg_data_uri(scale=4, dark="#1b2a2f"),
        },
    )


def certificate_pdf(registration: Registration) -> bytes:
    document = HTML(
        string=certificate_html(registration),
        base_url=settings.SITE_URL,
        url_fetcher=LocalOnlyFetcher(),
    )
    with quiet_svg_styles():
        return document.write_pdf()
