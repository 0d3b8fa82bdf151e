"""GPC names in the reader's language: every sector and subsector is in the
catalogues, and pages and reports show them translated."""

import pytest
from django.template import Context, Template
from django.utils import translation

from localaction.core import gpc
from localaction.inventories.gpc_names import NAMES, gpc_name, sector_choices, sector_label


def test_every_sector_and_subsector_name_is_listed_for_the_catalogues():
    assert {part.name for part in (*gpc.SECTORS, *gpc.SUBSECTORS)} == set(NAMES)


@pytest.mark.parametrize(
    ("language", "name"),
    [
        ("en", "Stationary energy"),
        ("es", "Energía estacionaria"),
        ("fr", "Énergie stationnaire"),
        ("pt", "Energia estacionária"),
    ],
)
def test_a_sector_is_named_in_the_active_language(language, name):
    with translation.override(language):
        assert gpc_name(gpc.sector("I")) == name
        assert sector_label(gpc.sector("I")) == f"I {name}"
        assert sector_choices()[0] == ("I", f"I {name}")


def test_templates_name_sectors_and_subsectors_and_leave_an_unknown_reference_alone():
    template = Template(
        "{% load gpc %}{{ sector|gpc_name }} · {{ subsector|gpc_name }} · "
        "{{ 'II'|gpc_sector_name }} · {{ 'IX'|gpc_sector_name }}"
    )
    context = Context({"sector": gpc.sector("III"), "subsector": gpc.subsector("II.1")})
    with translation.override("fr"):
        assert template.render(context) == "Déchets · Transport routier · Transport · IX"
