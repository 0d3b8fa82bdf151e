"""The biodiversity pages: a member's biodiversity page (its commitments),
the form that records one, and the network's directory (`/biodiversity/`)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from localaction import charts
from localaction.forms import show_refusal
from localaction.network.permissions import visible_local_government_or_404
from localaction.sustainability.biodiversity import cbi, network, services
from localaction.sustainability.biodiversity.forms import CommitmentForm
from localaction.sustainability.biodiversity.models import BiodiversityCommitment
from localaction.sustainability.biodiversity.permissions import (
    can_edit_biodiversity,
    commitments_visible_to,
)


def member(request, code: str):
    local_government = visible_local_government_or_404(request.user, code)
    commitments = commitments_visible_to(request.user).filter(local_government=local_government)
    rows = cbi.cbi_rows(request.user, local_government)
    benchmark = cbi.network_benchmark()
    latest = rows[-1] if rows else None
    return render(
        request,
        "sustainability/biodiversity/member.html",
        {
            "lg": local_government,
            "commitments": commitments.order_by("-adopted_on"),
            "can_edit": can_edit_biodiversity(request.user, local_government),
            "cbi_rows": rows,
            "cbi_chart": _cbi_chart(local_government, rows),
            "benchmark": benchmark,
            "quartile": (
                benchmark.quartile_of(latest.total)
                if benchmark and latest and latest.total is not None
                else None
            ),
        },
    )


def _cbi_chart(local_government, rows) -> str | None:
    """The CBI's parts and total over the years (points)."""
    if not rows:
        return None
    names = (_("Native biodiversity"), _("Ecosystem services"), _("Governance and management"))
    series = [
        charts.Series(
            str(name),
            [(row.year, row.parts[index]) for row in rows if row.parts[index] is not None],
            style="line" if len(rows) > 1 else "markers",
        )
        for index, name in enumerate(names)
    ]
    series.append(
        charts.Series(
            _("Total"),
            [(row.year, row.total) for row in rows if row.total is not None],
            style="dashed" if len(rows) > 1 else "markers",
        )
    )
    return charts.line_chart(
        series,
        title=_("City Biodiversity Index of %(name)s") % {"name": local_government.name},
        description=_(
            "Points of the three parts (native biodiversity of 40, ecosystem services of 16, "
            "governance and management of 36) and the total of 92, by year of assessment."
        ),
        unit=_("points"),
        chart_id="cbi",
    )


@login_required
def commitment_edit(request, code: str, pk: int | None = None):
    """Record a commitment, or change one (its status when it is fulfilled or withdrawn)."""
    local_government = visible_local_government_or_404(request.user, code)
    if not can_edit_biodiversity(request.user, local_government):
        raise PermissionDenied
    commitment = None
    initial = {}
    if pk is not None:
        commitment = get_object_or_404(
            BiodiversityCommitment, local_government=local_government, pk=pk
        )
        initial = {
            field: getattr(commitment, field)
            for field in (
                "kind",
                "title",
                "statement",
                "adopted_on",
                "council_decision",
                "decision_url",
                "areas",
                "status",
            )
        }
    form = CommitmentForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.commitment_save(
                local_government=local_government, commitment=commitment, **form.cleaned_data
            )
        except ValidationError as error:
            show_refusal(form, error)
        else:
            return redirect("biodiversity:member", local_government.code)
    return render(
        request,
        "sustainability/biodiversity/commitment_form.html",
        {"lg": local_government, "form": form, "commitment": commitment},
        status=400 if request.method == "POST" else 200,
    )


def directory(request):
    """The network's directory: members with a standing commitment, by region."""
    return render(
        request,
        "sustainability/biodiversity/network.html",
        {
            "regions": network.directory(),
            "figures": network.network_figures(),
            "totals": sorted(
                cbi.latest_totals().values(),
                key=lambda pair: (-pair[1], pair[0].local_government.name),
            ),
        },
    )
