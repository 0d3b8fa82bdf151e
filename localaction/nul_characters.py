"""No text with a NUL character (0x00) reaches the database: PostgreSQL's text
cannot hold one, so a lookup or a save with it fails there as a server error
(a form's select or an API's slug field looked up by such a value, say),
while SQLite stores it. Refused at the doors instead, with a 400 naming the
parameter or field: a page's query string and form here (`RefuseNulCharacters`,
a middleware); the API's bodies as they are parsed and its query strings as
they are read (`localaction.api`: its parsers, `refuse_nul_parameters`), both
after the API has authenticated the request — an anonymous request for what
needs a login is told that first (401), whatever it carries.
"""

from __future__ import annotations

from collections.abc import Mapping

from django.http import HttpResponseBadRequest
from django.http.request import QueryDict
from django.utils.translation import gettext

NUL = "\x00"
API_PREFIX = "/api/"


def first_nul(data: object, path: str = "") -> str | None:
    """The name (dotted path) of the first text in `data` that holds a NUL
    character — JSON data or a QueryDict — or None. JSON's nesting is bounded
    before it is parsed (API_MAX_JSON_DEPTH), so the walk is too."""
    if isinstance(data, QueryDict):
        for name, values in data.lists():
            if NUL in name or any(isinstance(value, str) and NUL in value for value in values):
                return name.replace(NUL, "\\0")
        return None
    if isinstance(data, str):
        return (path or "body") if NUL in data else None
    if isinstance(data, Mapping):
        for key, value in data.items():
            here = f"{path}.{key}" if path else str(key)
            if NUL in str(key):
                return here.replace(NUL, "\\0")
            found = first_nul(value, here)
            if found is not None:
                return found
    elif isinstance(data, list):
        for index, value in enumerate(data):
            found = first_nul(value, f"{path}[{index}]")
            if found is not None:
                return found
    return None


def message() -> str:
    return gettext("Text may not contain the NUL character (0x00).")


class RefuseNulCharacters:
    """A 400 for a page's query string or form with a NUL character (the API
    checks its own, after authentication)."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request):
        if request.path.startswith(API_PREFIX):
            return self.get_response(request)
        where = first_nul(request.GET)
        if (
            where is None
            and request.method == "POST"
            and request.content_type in ("application/x-www-form-urlencoded", "multipart/form-data")
        ):
            where = first_nul(request.POST)
        if where is None:
            return self.get_response(request)
        return HttpResponseBadRequest(
            f"{where}: {message()}", content_type="text/plain; charset=utf-8"
        )
