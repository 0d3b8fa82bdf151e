"""The network's ecoBUDGET page and its open data: public, from adopted balances
of published members (network.py states the rules)."""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from localaction.charts import bar_chart
from localaction.core.quantities import YEAR
from localaction.sustainability.ecobudget.network import (
    COLUMNS,
    budget_years,
    network_ecobudget,
    network_rows,
)
from localaction.tables import CONTENT_TYPES, FORMATS, write_table


def _year(request, years: list[int]) -> int | None:
    text = request.GET.get("year", "")
    if not text:
        return years[0] if years else None
    if not text.isdigit() or not YEAR.accepts(int(text)):
        raise Http404
    return int(text)


def network_page(request):
    years = budget_years()
    year = _year(request, years)
    figures = network_ecobudget(year) if year is not None else None
    chart = None
    if figures is not None:
        counted = [row for row in figures.indicators if row.budgeting]
        if counted:
            chart = bar_chart(
                [row.name for row in counted],
                [row.budgeting for row in counted],
                title=_("Members budgeting each standard indicator in %(year)s") % {"year": year},
                description="; ".join(f"{row.name}: {row.budgeting}" for row in counted),
                unit=_("members"),
                chart_id="ecobudget-members",
            )
    return render(
        request,
        "sustainability/ecobudget/network.html",
        {"years": years, "year": year, "figures": figures, "chart": chart},
    )


def network_download(request, year: int, file_format: str):
    if file_format not in FORMATS or not YEAR.accepts(year):
        raise Http404
    response = HttpResponse(content_type=CONTENT_TYPES[file_format])
    response["Content-Disposition"] = f'attachment; filename="ecobudget-{year}.{file_format}"'
    write_table(
        network_rows(network_ecobudget(year)), columns=COLUMNS, format=file_format, target=response
    )
    return response
