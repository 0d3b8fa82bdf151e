"""The member profile's section of local agendas (registered from setup.py):
published agendas for everyone, every agenda for those inside the member."""

from __future__ import annotations

from localaction.network.models import LocalGovernment
from localaction.sustainability.agendas.permissions import agendas_visible_to


def agendas_section(user, local_government: LocalGovernment) -> dict | None:
    agendas = list(
        agendas_visible_to(user)
        .filter(local_government=local_government)
        .select_related("campaign")
        .order_by("campaign__name")
    )
    return {"agendas": agendas} if agendas else None
