"""A course's certificate as a PDF (WeasyPrint): the learner, the course, the
date, the verification code, and a QR code (segno, embedded as an SVG data
URI, so printing makes no request) that opens the public verification page."""

from __future__ import annotations

import segno
from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse

from localaction.learning.models import Certificate
from localaction.pdf import write_pdf


def verification_url(certificate: Certificate) -> str:
    """The public page that says whether the certificate is valid or revoked."""
    return settings.SITE_URL.rstrip("/") + reverse("learning:verify", args=[certificate.code])


def qr_code(url: str) -> segno.QRCode:
    """The QR code of `url` (error correction M: readable with a smudge on paper)."""
    return segno.make(url, error="m", micro=False)


def certificate_html(certificate: Certificate) -> str:
    url = verification_url(certificate)
    enrolment = certificate.enrolment
    return render_to_string(
        "learning/certificate_pdf.html",
        {
            "certificate": certificate,
            "learner": enrolment.user.get_full_name() or enrolment.user.username,
            "course": enrolment.course,
            "url": url,
            "qr": qr_code(url).svg_data_uri(scale=4, dark="#1b2a2f"),
        },
    )


def certificate_pdf(certificate: Certificate) -> bytes:
    return write_pdf(certificate_html(certificate))
