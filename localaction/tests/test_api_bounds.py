"""No request parameter or body reaches the database or a recursive function
unbounded (issue 11, probe finding 8): a limit beyond its bound is brought
within it on every list endpoint, number filters refuse what is not a whole
number within a bigint with a 400 naming the parameter, and JSON bodies are
refused above a size or a nesting depth — each a 400, never a 500."""

from __future__ import annotations

import json
import re

import pytest
from django.test import Client, override_settings
from django.urls import reverse

from localaction.api import Pagination, json_depth
from localaction.tests.test_api_permissions import API_VIEWS

HUGE = "99999999999999999999"  # more than a bigint holds


def _list_endpoints() -> list[str]:
    """The paginated list endpoints without path parameters: /api/<name>/."""
    routes = set()
    for route, view in API_VIEWS:
        path = "/" + route.replace("^", "").removesuffix("$")
        if re.fullmatch(r"/api/[a-z-]+/", path) and getattr(view, "pagination_class", None):
            routes.add(path)
    return sorted(routes)


LISTS = _list_endpoints()


def test_every_list_endpoint_is_checked():
    assert {"/api/regions/", "/api/actions/", "/api/local-governments/"} <= set(LISTS)
    assert len(LISTS) >= 12


@pytest.mark.parametrize("path", LISTS)
@pytest.mark.parametrize("who", ["anonymous", "secretariat"])
def test_a_huge_limit_or_offset_is_brought_within_bounds(client_as, path, who):
    client = client_as(who)
    huge_limit = client.get(path, {"limit": HUGE})
    huge_offset = client.get(path, {"offset": HUGE})
    nonsense = client.get(path, {"limit": "-1e30", "offset": "1.5"})

    for response in (huge_limit, huge_offset, nonsense):
        assert response.status_code in (200, 401), (path, response.content[:200])
    if who == "secretariat":
        assert huge_offset.json()["results"] == []
        assert len(nonsense.json()["results"]) <= Pagination.default_limit


def test_the_limit_stops_at_the_maximum(client_as, cast, monkeypatch):
    monkeypatch.setattr(Pagination, "max_limit", 100)
    response = client_as("anonymous").get("/api/countries/", {"limit": HUGE})

    assert len(response.json()["results"]) == 100
    assert response.json()["count"] > 100


@pytest.mark.parametrize("value", ["1e30", "-1.79e308", HUGE, "-" + HUGE, "2.5", "nan", "1e400"])
@pytest.mark.parametrize(
    ("path", "parameter"), [("/api/actions/", "plan"), ("/api/inventories/", "year")]
)
def test_a_number_filter_refuses_what_no_column_holds(client, cast, path, parameter, value):
    response = client.get(path, {parameter: value})

    assert response.status_code == 400
    assert list(response.json()) == [parameter]


@pytest.mark.parametrize(("path", "parameter"), [("/api/actions/", "plan")])
def test_a_whole_number_filter_still_filters(client, cast, path, parameter):
    assert client.get(path, {parameter: "12"}).json()["count"] == 0
    assert client.get(path, {parameter: "12.0"}).status_code == 200


# Bodies


def _nested(depth: int) -> str:
    return "[" * depth + "]" * depth


@pytest.mark.parametrize("depth", [33, 1_000, 100_000])
@pytest.mark.parametrize("path", ["/api/auth/token/", "/api/regions/"])
def test_deeply_nested_json_is_refused(client_as, path, depth):
    response = client_as("secretariat").post(path, _nested(depth), content_type="application/json")

    assert response.status_code == 400
    assert "deeper than 32 levels" in response.json()["detail"]


def test_json_nested_within_the_limit_is_parsed(client_as):
    body = {"code": "x", "name": [[[["not", {"a": "name"}]]]]}
    response = client_as("secretariat").post(
        "/api/regions/", json.dumps(body), content_type="application/json"
    )

    assert response.status_code == 400  # the fields are wrong, not the body
    assert list(response.json()) == ["name"]


@override_settings(API_MAX_BODY_BYTES=1000)
@pytest.mark.parametrize("content_type", ["application/json", "application/x-www-form-urlencoded"])
def test_a_body_above_the_size_limit_is_refused(client_as, content_type):
    body = (
        json.dumps({"code": "x", "name": "y" * 2000})
        if content_type == "application/json"
        else "code=x&name=" + "y" * 2000
    )
    response = client_as("secretariat").post("/api/regions/", body, content_type=content_type)

    assert response.status_code == 400
    assert response.json() == {"detail": "The request body is larger than 1000 bytes."}


def test_the_token_endpoint_refuses_deep_json_before_checking_credentials(db):
    response = Client().post(reverse("api-token"), _nested(50_000), content_type="application/json")

    assert response.status_code == 400


@pytest.mark.parametrize(
    ("body", "depth"),
    [
        (b"{}", 1),
        (b"[]", 1),
        (b"1", 0),
        (b'{"a": [1, {"b": "[[[[{{{"}]}', 3),
        (b'["\\"[[[", [[]]]', 3),
        (b'{"a": "\\\\", "b": [[]]}', 3),
    ],
)
def test_json_depth_counts_brackets_outside_strings(body, depth):
    assert json_depth(body) == depth
