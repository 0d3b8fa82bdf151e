"""The network's local agendas: counted by campaign and region, each member
once, from published agendas of published members started by the year's end."""

from __future__ import annotations

from datetime import date

from django.template.loader import render_to_string

from localaction.sustainability.agendas import services
from localaction.sustainability.agendas.network import network_agendas
from localaction.sustainability.tests.agendas.conftest import join


def test_figures_by_campaign_and_region(cast, full_agenda):
    # Nairobi: an agenda of another campaign, forum and baseline only.
    resilient = join(
        cast.nairobi, full_agenda.campaign.__class__.objects.get(code="resilient-communities")
    )
    nairobi = services.agenda_create(
        local_government=cast.nairobi,
        campaign=resilient.campaign,
        title="Nairobi resilience",
        started_on=date(2023, 1, 10),
        is_published=True,
    )
    services.stakeholder_save(agenda=nairobi, name="Kibera youth", kind="youth")
    services.agenda_update(agenda=nairobi, baseline_on=date(2023, 6, 1))
    # Freiburg's second agenda, unpublished: not counted.
    join(cast.freiburg, resilient.campaign)
    services.agenda_create(
        local_government=cast.freiburg,
        campaign=resilient.campaign,
        title="Draft",
        started_on=date(2023, 1, 1),
    )

    figures = network_agendas(2024)
    assert (figures.agendas, figures.members) == (2, 2)
    by_campaign = {row.code: (row.agendas, row.reached) for row in figures.campaigns}
    assert by_campaign == {
        "local-agenda-21": (1, (1, 1, 1, 1, 1)),
        "resilient-communities": (1, (1, 0, 0, 0, 0)),
    }
    by_region = {row.code: (row.agendas, row.members, row.council) for row in figures.regions}
    assert by_region == {"europe": (1, 1, 1), "africa": (1, 1, 0)}
    assert figures.agendas == sum(row.agendas for row in figures.regions)
    # Before Nairobi started, only Freiburg's agenda counts.
    assert network_agendas(2022).agendas == 1


def test_an_unpublished_member_is_not_counted(cast, full_agenda):
    cast.freiburg.is_published = False
    cast.freiburg.save()
    assert network_agendas(2024).agendas == 0


def test_the_partial_renders_the_figures(cast, full_agenda):
    html = render_to_string(
        "sustainability/agendas/_network_report.html", {"figures": network_agendas(2024)}
    )
    assert "Local Agenda 21" in html and "Europe" in html
    assert '<th scope="col" class="number">3. Council commitment</th>' in html
