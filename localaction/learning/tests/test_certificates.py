"""The certificate's PDF says who completed what, when, with its code, and its
QR code encodes the public verification page's address."""

from __future__ import annotations

import io

import pytest
import segno
from pypdf import PdfReader

from localaction.learning.certificates import certificate_html, certificate_pdf, qr_code
from localaction.learning.models import Certificate
from localaction.learning.tests.conftest import complete

pytestmark = pytest.mark.django_db


def test_the_pdf_names_learner_course_date_and_code(built, enrolment, cast, settings):
    settings.SITE_URL = "https://learn.example.org"
    cast.editor.first_name, cast.editor.last_name = "Maria", "Santos"
    cast.editor.save()
    complete(built, enrolment)
    certificate = Certificate.objects.get()
    text = " ".join(
        page.extract_text() for page in PdfReader(io.BytesIO(certificate_pdf(certificate))).pages
    )
    assert "Maria Santos" in text
    assert "Your first GHG inventory" in text
    assert certificate.code in text
    assert str(certificate.issued_at.year) in text
    url = f"https://learn.example.org/learning/certificates/{certificate.code}/"
    assert url in text
    # The QR code is segno's code of exactly that address, embedded in the page.
    assert qr_code(url).matrix == segno.make(url, error="m", micro=False).matrix
    assert segno.make(url, error="m", micro=False).svg_data_uri(scale=4, dark="#1b2a2f") in (
        certificate_html(certificate)
    )
