"""The count and what it rests on: the results (turnout, quorum, the count with
its stages, ties and their seed, who was elected), the list of counted
ballots by receipt code, and the frozen electorate for the scrutineers — each
also as a file (CSV and XLSX through localaction/tables.py, and JSON).

Results and counted ballots are public once the results are published;
scrutineers and administrators read them as soon as the count is made. The
electorate is for scrutineers and administrators only; it says who could
vote, never who did.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from decimal import Decimal

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import URLPattern, path
from django.utils.formats import number_format
from django.utils.text import slugify
from django.utils.translation import gettext as _

from localaction.elections import count, permissions
from localaction.elections.models import Ballot, Election
from localaction.elections.views.elections import readable_election
from localaction.tables import CONTENT_TYPES, FORMATS, Sheet, write_table, write_workbook

BALLOTS_PER_PAGE = 100


def _results_election(request, pk: int) -> Election:
    election = readable_election(request, pk)
    if not permissions.can_read_results(request.user, election):
        raise Http404
    return election


def _file_format(request) -> str | None:
    chosen = request.GET.get("format")
    if chosen is None:
        return None
    if chosen not in (*FORMATS, "json"):
        raise Http404
    return chosen


def _download(election: Election, what: str, file_format: str) -> HttpResponse:
    response = HttpResponse(content_type=CONTENT_TYPES[file_format])
    name = f"{slugify(election.title) or 'election'}-{what}.{file_format}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


# The results as tables


def _stage_label(stage: dict) -> str:
    names = {
        "first-preferences": _("First preferences"),
        "surplus": _("Surplus of %(name)s"),
        "exclusion": _("Exclusion of %(name)s"),
    }
    return names[stage["kind"]]


def result_tables(result: dict) -> tuple[list[str], list[list[object]]]:
    """The count as one table: for a block vote a candidate's votes and whether
    elected; for a ranked count the result sheet — stage 1's votes, then for
    each later stage the change and the votes at its end, and the rows of
    non-transferable papers, votes lost to rounding and the total."""
    names = result["candidates"]
    tally = result["count"]
    if tally is None:
        return [], []
    elected = set(tally["elected"])
    if tally["method"] == "block":
        columns = [_("Candidate"), _("Votes"), _("Elected")]
        rows = [
            [names[c], tally["votes"][c], _("yes") if c in elected else ""]
            for c in tally["candidates"]
        ]
        return columns, rows
    stages = tally["stages"]
    columns = [_("Candidate"), _("Stage %(number)s: votes") % {"number": 1}]
    for stage in stages[1:]:
        label = _stage_label(stage) % {"name": names.get(stage["subject"], "")}
        columns += [
            _("Stage %(number)s (%(what)s): change") % {"number": stage["number"], "what": label},
            _("Stage %(number)s: votes") % {"number": stage["number"]},
        ]
    rows: list[list[object]] = []
    for candidate in tally["candidates"]:
        cells: list[object] = [names[candidate], _number(stages[0]["votes"][candidate])]
        done = False
        for stage in stages[1:]:
            if done:
                cells += [None, None]
            else:
                cells += [
                    _number(stage["changes"].get(candidate)),
                    _number(stage["votes"][candidate]),
                ]
                done = stage["subject"] == candidate
        rows.append(cells)
    non_transferable = lost = 0.0
    rows_nt: list[object] = [_("Non-transferable"), 0.0]
    rows_lost: list[object] = [_("Lost to rounding"), 0.0]
    rows_total: list[object] = [_("Total"), sum(_number(v) for v in stages[0]["votes"].values())]
    for stage in stages[1:]:
        non_transferable += _number(stage["non_transferable"])
        lost += _number(stage["lost_to_rounding"])
        votes = sum(_number(v) for v in stage["votes"].values())
        rows_nt += [_number(stage["non_transferable"]), round(non_transferable, 5)]
        rows_lost += [_number(stage["lost_to_rounding"]), round(lost, 5)]
        rows_total += [None, round(votes + non_transferable + lost, 5)]
    return columns, [*rows, rows_nt, rows_lost, rows_total]


def _shown(cell: object) -> object:
    """A cell of the count as a page shows it: whole votes without decimals,
    fractions of votes with up to five places (rule 48(3)), in the reader's
    number format."""
    if isinstance(cell, float):
        value = Decimal(f"{cell:.5f}").normalize()
        return number_format(value.quantize(Decimal(1)) if value == value.to_integral() else value)
    return cell


def _number(text: str | int | None) -> float | None:
    return None if text is None else float(text)


def _summary_rows(election: Election, result: dict) -> list[list[object]]:
    turnout = result["turnout"]
    names = result["candidates"]
    tally = result["count"]
    rows: list[list[object]] = [
        [_("Election"), election.title],
        [_("Body"), str(election.body)],
        [_("Seats"), result["seats"]],
        [_("Counting method"), election.get_method_display()],
        [_("Electorate"), turnout["electorate"]],
        [_("Ballots cast"), turnout["voted"]],
        [_("Turnout"), float(turnout["share"])],
        [_("Quorum (ballots required)"), turnout["required"]],
        [_("Quorum met"), _("yes") if turnout["met"] else _("no")],
        [_("Ballots set aside (every choice withdrew)"), result["set_aside"]],
    ]
    if tally:
        if "quota" in tally:
            rows.append([_("Quota"), tally["quota"]])
        rows.append([_("Rules"), tally["rules"]])
        rows.append([_("Seed of the lot"), tally["seed"]])
        rows += [[_("Elected"), names[c]] for c in tally["elected"]]
    return rows


def results(request, pk: int):
    """The results page, and its files (?format=csv, xlsx or json)."""
    election = _results_election(request, pk)
    result = election.result
    file_format = _file_format(request)
    columns, rows = result_tables(result)
    if file_format == "json":
        response = _download(election, "results", "json")
        response.write(json.dumps({"election": election.title, **result}, indent=2))
        return response
    if file_format == "xlsx":
        response = _download(election, "results", "xlsx")
        summary = Sheet(_("Result"), [_("Item"), _("Value")], _summary_rows(election, result))
        sheets = [summary] + ([Sheet(_("Count"), columns, rows)] if columns else [])
        write_workbook(sheets, target=response)
        return response
    if file_format == "csv":
        response = _download(election, "results", "csv")
        if columns:
            write_table(rows, columns=columns, format="csv", target=response)
        else:
            write_table(
                _summary_rows(election, result),
                columns=[_("Item"), _("Value")],
                format="csv",
                target=response,
            )
        return response
    tally = result["count"]
    names = result["candidates"]
    shown_rows = [[_shown(cell) for cell in row] for row in rows]
    ties = []
    if tally:
        found = tally.get("ties", []) + [t for s in tally.get("stages", []) for t in s["ties"]]
        ties = [
            {
                **tie,
                "between": [names[c] for c in tie["between"]],
                "chosen": [names[c] for c in tie["chosen"]],
            }
            for tie in found
        ]
    return render(
        request,
        "elections/results.html",
        {
            "election": election,
            "result": result,
            "tally": tally,
            "columns": columns,
            "rows": shown_rows,
            "elected": [names[str(pk)] for pk in count.elected(result)],
            "ties": ties,
            "summary": _summary_rows(election, result),
        },
    )


# The counted ballots


def _choices(ballot_ranking: Sequence[int], names: dict) -> list[str]:
    return [names.get(str(pk), str(pk)) for pk in ballot_ranking]


def ballots(request, pk: int):
    """The counted ballots by receipt code, for voters to find theirs and for
    anyone to count again; ?receipt= finds one, ?format= gives them all."""
    election = _results_election(request, pk)
    names = election.result["candidates"]
    file_format = _file_format(request)
    listed = Ballot.objects.filter(election=election).order_by("receipt")
    if file_format == "json":
        response = _download(election, "ballots", "json")
        response.write(
            json.dumps(
                {
                    "election": election.title,
                    "method": election.result["method"],
                    "candidates": names,
                    "ballots": [
                        {"receipt": receipt, "choices": [str(pk) for pk in ranking]}
                        for receipt, ranking in listed.values_list("receipt", "ranking")
                    ],
                },
                indent=1,
            )
        )
        return response
    if file_format:
        response = _download(election, "ballots", file_format)
        write_table(
            (
                [receipt, " > ".join(_choices(ranking, names))]
                for receipt, ranking in listed.values_list("receipt", "ranking")
            ),
            columns=[_("Receipt code"), _("Choices")],
            format=file_format,
            target=response,
        )
        return response
    receipt = request.GET.get("receipt", "").strip().upper()
    found = None
    if receipt:
        found = listed.filter(receipt=receipt).first()
    page = Paginator(listed.values_list("receipt", "ranking"), BALLOTS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "elections/ballots.html",
        {
            "election": election,
            "page": page,
            "rows": [(code, _choices(ranking, names)) for code, ranking in page],
            "receipt": receipt,
            "found": found,
            "found_choices": _choices(found.ranking, names) if found else [],
            "ranked": election.is_ranked,
        },
        status=404 if receipt and found is None else 200,
    )


# The electorate


@login_required
def electorate(request, pk: int):
    """The frozen electorate, for scrutineers and administrators (and its files)."""
    election = readable_election(request, pk)
    if not permissions.scrutinises(request.user, election):
        raise PermissionDenied
    electors = election.electors.select_related("local_government__country").order_by(
        "local_government__name", "local_government__code"
    )
    file_format = _file_format(request)
    if file_format and file_format != "json":
        response = _download(election, "electorate", file_format)
        write_table(
            (
                [
                    e.local_government.code,
                    e.local_government.name,
                    e.local_government.country.name,
                    e.category,
                ]
                for e in electors
            ),
            columns=[_("Code"), _("Member"), _("Country"), _("Membership category")],
            format=file_format,
            target=response,
        )
        return response
    if file_format == "json":
        raise Http404
    return render(
        request,
        "elections/electorate.html",
        {
            "election": election,
            "page": Paginator(electors, 200).get_page(request.GET.get("page")),
            "total": electors.count(),
        },
    )


urls: list[URLPattern] = [
    path("elections/<int:pk>/results/", results, name="results"),
    path("elections/<int:pk>/ballots/", ballots, name="ballots"),
    path("elections/<int:pk>/electorate/", electorate, name="electorate"),
]
