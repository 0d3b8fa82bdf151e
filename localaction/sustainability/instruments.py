"""The instruments the Movement's members manage with, by key: what a course
teaches, a project produces or a city-to-city exchange is about. The keys are
search facets and stored values, so they never change; the labels translate."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

INSTRUMENTS = {
    "ghg-inventory": _("GHG inventory (GPC)"),
    "targets": _("Targets and forecasts"),
    "ecobudget": _("ecoBUDGET"),
    "footprint": _("Ecological Footprint"),
    "tbl": _("Triple Bottom Line reporting"),
    "assessments": _("Self-assessments"),
    "resilience": _("Resilience scorecard"),
    "biodiversity": _("City Biodiversity Index"),
    "agendas": _("Local agendas"),
    "water": _("Water accounts"),
    "procurement": _("Sustainable procurement"),
}


def validate_instruments(value) -> None:
    if not isinstance(value, list) or not all(isinstance(key, str) for key in value):
        raise ValidationError(_("Instruments are a list of keys."))
    unknown = sorted(set(value) - set(INSTRUMENTS))
    if unknown:
        raise ValidationError(
            _("Unknown instrument: %(keys)s (known: %(known)s).")
            % {"keys": ", ".join(unknown), "known": ", ".join(INSTRUMENTS)}
        )
