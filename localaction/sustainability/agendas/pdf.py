"""A local agenda as a PDF for the council (WeasyPrint): every part, with the
milestones reached. Printed with the platform's local-only fetcher
(localaction/pdf.py), so printing makes no request. Contacts are never printed:
a council paper circulates."""

from __future__ import annotations

from django.conf import settings
from django.template.loader import render_to_string
from weasyprint import HTML

from localaction.pdf import LocalOnlyFetcher, quiet_svg_styles
from localaction.sustainability.agendas.models import LocalAgenda


def agenda_html(agenda: LocalAgenda, context: dict) -> str:
    return render_to_string(
        "sustainability/agendas/agenda_pdf.html",
        {**context, "agenda": agenda, "lg": agenda.local_government, "site_url": settings.SITE_URL},
    )


def agenda_pdf(agenda: LocalAgenda, context: dict) -> bytes:
    """The agenda as PDF bytes; `context` is the agenda page's (views.agenda_context)."""
    document = HTML(
        string=agenda_html(agenda, context),
        base_url=settings.SITE_URL,
        url_fetcher=LocalOnlyFetcher(),
    )
    with quiet_svg_styles():
        return document.write_pdf()
