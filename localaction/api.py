"""What every endpoint of the REST API shares: its permission default,
pagination and the body parsers (settings name them; `localaction.openapi`
holds the schema's side and the router).

The API fails closed. Settings make `DenyAll` the default permission, so an
endpoint answers only once its view states whom it serves
(`tests/test_api_permissions.py` walks every URL and holds each view to it).
A permission class names the methods anyone may use, signed in or not, in
`anonymous_methods`; the schema documents those operations without required
authentication, and every other one as requiring it.

No request parameter or body reaches the database or a recursive function
unbounded: a limit or offset beyond its bound is brought within it, number
filters (`network.filters.IntegerFilter`) refuse what no column holds with a
400 naming the parameter, and a JSON body is refused (400) above
`API_MAX_BODY_BYTES` or nested deeper than `API_MAX_JSON_DEPTH`.
"""

from __future__ import annotations

import io
import re

import numpy as np
from django.conf import settings
from django.utils.translation import gettext
from rest_framework import parsers
from rest_framework.exceptions import ParseError, ValidationError
from rest_framework.filters import BaseFilterBackend
from rest_framework.pagination import LimitOffsetPagination
from rest_framework.permissions import SAFE_METHODS, AllowAny, BasePermission

from localaction.nul_characters import first_nul
from localaction.nul_characters import message as nul_message


class DenyAll(BasePermission):
    """The default for a view that does not say whom it serves: no one."""

    message = "This endpoint states no permission, so it serves no one."

    def has_permission(self, request, view) -> bool:
        return False


class PublicRead(BasePermission):
    """Anyone reads; nobody writes (for views without writes of their own)."""

    anonymous_methods = SAFE_METHODS

    def has_permission(self, request, view) -> bool:
        return request.method in SAFE_METHODS


class Public(AllowAny):
    """Anyone, signed in or not, for every method the view has."""

    anonymous_methods = ("GET", "HEAD", "OPTIONS", "POST", "PUT", "PATCH", "DELETE")


class Pagination(LimitOffsetPagination):
    """`?limit=&offset=`: a limit that is not a positive whole number is the
    default (PAGE_SIZE), one above MAX_LIMIT is MAX_LIMIT; an offset past the
    end gives an empty page, one that is not a whole number 0 (DRF's rules,
    with the ceiling DRF leaves open)."""

    max_limit = 500


# Bodies


def _max_body_bytes() -> int:
    return settings.API_MAX_BODY_BYTES


def read_bounded(stream) -> bytes:
    """The request body, refused (400) above API_MAX_BODY_BYTES. The web
    server's and Django's DATA_UPLOAD_MAX_MEMORY_SIZE do not see a body DRF
    parses as a stream."""
    limit = _max_body_bytes()
    body = stream.read(limit + 1)
    if len(body) > limit:
        raise ParseError(
            gettext("The request body is larger than %(limit)d bytes.") % {"limit": limit}
        )
    return body


# A JSON string, escapes included: brackets inside strings do not nest.
_JSON_STRING = re.compile(rb'"(?:[^"\\]|\\.)*"', re.DOTALL)
_OPENING = np.frombuffer(b"[{", dtype=np.uint8)
_CLOSING = np.frombuffer(b"]}", dtype=np.uint8)


def json_depth(body: bytes) -> int:
    """How deeply the arrays and objects of a JSON text nest, counted without
    parsing it (the parser and every function that walks the result recurse
    once a level). Linear in the size of the body."""
    brackets = np.frombuffer(_JSON_STRING.sub(b'""', body), dtype=np.uint8)
    steps = np.isin(brackets, _OPENING).astype(np.int64) - np.isin(brackets, _CLOSING)
    return int(np.cumsum(steps).max(initial=0))


class JSONParser(parsers.JSONParser):
    """DRF's JSON parser within the body bounds."""

    def parse(self, stream, media_type=None, parser_context=None):
        body = read_bounded(stream)
        limit = settings.API_MAX_JSON_DEPTH
        if json_depth(body) > limit:
            raise ParseError(
                gettext("The JSON body nests arrays and objects deeper than %(limit)d levels.")
                % {"limit": limit}
            )
        return _without_nul(super().parse(io.BytesIO(body), media_type, parser_context))


class FormParser(parsers.FormParser):
    """DRF's form parser within the body size bound."""

    def parse(self, stream, media_type=None, parser_context=None):
        return _without_nul(
            super().parse(io.BytesIO(read_bounded(stream)), media_type, parser_context)
        )


class MultiPartParser(parsers.MultiPartParser):
    """DRF's multipart parser, its fields without NUL characters (files are bytes)."""

    def parse(self, stream, media_type=None, parser_context=None):
        parsed = super().parse(stream, media_type, parser_context)
        _without_nul(parsed.data)
        return parsed


def refuse_nul_parameters(request) -> None:
    """A 400 naming the query parameter that holds a NUL character
    (localaction.nul_characters): for the views that read their parameters
    themselves; the others' filters run `RefuseNulParameters`."""
    where = first_nul(request.query_params)
    if where is not None:
        raise ValidationError({where: [nul_message()]})


class RefuseNulParameters(BaseFilterBackend):
    """The first filter backend: no query parameter with a NUL character reaches
    a filter (a lookup by code, a search) — after authentication, as filters run."""

    def filter_queryset(self, request, queryset, view):
        refuse_nul_parameters(request)
        return queryset


def _without_nul(data):
    """`data`, refused (400, naming the field) when a text in it holds a NUL
    character, which PostgreSQL cannot store (localaction.nul_characters)."""
    where = first_nul(data)
    if where is not None:
        raise ParseError({where: [nul_message()]})
    return data
