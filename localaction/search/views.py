"""The search page: /search/?q=… with facets, removable filters, highlighted
snippets and pages. Everyone sees the same results: only public items are
ever entries (sources.py), so the page needs no permission of its own.
(NUL characters in parameters are refused before, by the middleware.)"""

from __future__ import annotations

from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from localaction.search import labels
from localaction.search import query as search_query

PARAMETERS = ("q", *search_query.FACETS)


def _link(params: dict[str, str], **changes: str | None) -> str:
    """The query string of `params` with `changes` (None removes a parameter); a
    new filter starts again from page 1."""
    merged = {**{k: v for k, v in params.items() if k != "page"}, **changes}
    return "?" + urlencode({k: v for k, v in merged.items() if v})


def search(request: HttpRequest) -> HttpResponse:
    params = {name: request.GET[name] for name in (*PARAMETERS, "page") if request.GET.get(name)}
    context: dict = {"q": params.get("q", ""), "max_chars": search_query.MAX_QUERY_CHARS}
    status = 200
    if params:
        try:
            query = search_query.parse(params)
        except search_query.QueryError as error:
            # What was typed is the reader's to fix (200, the form again); a
            # filter or page no link of ours makes is a bad request.
            context["error"] = error.message
            status = 200 if error.parameter == "q" else 400
        else:
            result = search_query.run(query)
            facets = labels.labelled(result.facets)
            context.update(
                result=result,
                hits=[
                    {
                        "entry": entry,
                        "title": search_query.highlight(entry.title, query.terms),
                        "snippet": search_query.snippet(entry, query.terms),
                        "kind": labels.KINDS.get(entry.kind, entry.kind),
                    }
                    for entry in result.entries
                ],
                facets=[
                    {
                        "name": name,
                        "label": labels.FACET_NAMES[name],
                        "values": [
                            {
                                "label": label,
                                "count": count,
                                "selected": query.filters.get(name) == value,
                                "link": _link(params, **{name: value}),
                            }
                            for value, label, count in facets[name]
                        ],
                    }
                    for name in search_query.FACETS
                    if facets[name]
                ],
                selected=[
                    {
                        "facet": labels.FACET_NAMES[name],
                        "label": labels.label_of(name, value),
                        "remove": _link(params, **{name: None}),
                    }
                    for name, value in query.filters.items()
                ],
                previous=_link(params, page=str(query.page - 1)) if query.page > 1 else "",
                next=(_link(params, page=str(query.page + 1)) if query.page < result.pages else ""),
            )
    return render(request, "search/search.html", context, status=status)
