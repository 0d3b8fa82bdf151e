"""Certificates of attendance as PDF (WeasyPrint): the person, the event and
its days, the verification code and a QR code (segno) of the public
verification page, as the training centre's certificates."""

from __future__ import annotations

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse

from localaction.events.models import Registration
from localaction.pdf import qr_data_uri, write_pdf


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
            "qr": qr_data_uri(url),
        },
    )


def certificate_pdf(registration: Registration) -> bytes:
    return write_pdf(certificate_html(registration))
