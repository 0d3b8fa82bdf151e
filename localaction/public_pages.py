"""Public pages as anonymous visitors see them, rendered once per version of the data.

A crowd of visitors who are not signed in all see the same home page,
directory, profiles and report (in their language): `@public_page` keeps each
such page in the shared cache under its address, its language and the stamp of
the data it shows, and serves it from there until the data change (a new stamp)
or PAGE_SECONDS pass. Workers keep the stamp fresh at every heartbeat
(`reports.tasks.refresh_stamp`), so a visitor served from the cache costs no
database query.

What is never cached, and why:

- anything for a signed-in person, or for a visitor who carries a session or
  messages (the page would show what belongs to them): such requests are
  rendered as usual, and so are methods other than GET and HEAD;
- a response that is not a plain 200 HTML page, sets a cookie of its own, adds
  a message, or says it must not be kept (`Cache-Control: no-cache, no-store,
  private`, e.g. a report whose newer figures are being prepared);
- the CSRF token of the language form: the page is kept with a placeholder, and
  each visitor's own token (`get_token`, which also sets their cookie) is put in
  as the page is served.

The stamp comes from the app that knows every table the pages read (the
reports: `reports.figures.current_version`), registered at start
(`versioned_by`), so this module imports no app. In development (`DEBUG`)
nothing is cached: templates change under the developer's hands.
"""

from __future__ import annotations

import hashlib
import re
import threading
from collections import OrderedDict
from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.utils.cache import patch_vary_headers
from django.utils.translation import get_language

# How long a page is kept at most, whatever the stamp says: what no stamp sees
# (a milestone renamed, say) shows within this time.
PAGE_SECONDS = 5 * 60
# The token Django's {% csrf_token %} writes, kept out of the cache.
_TOKEN = re.compile(rb'(name="csrfmiddlewaretoken" value=")([^"]*)(")')
_PLACEHOLDER = b"\x00csrf-token-of-this-visitor\x00"
_NOT_KEPT = ("no-cache", "no-store", "private", "max-age=0")
# Headers of the view's own response that are kept with the page.
_KEPT_HEADERS = ("Content-Type", "Content-Language")

# The pages this process served last, so that serving one again reads no page
# from the shared cache (a report page is 200 kB, stored compressed); each is
# served only while the shared cache still holds it (has_key reads no page).
RECENT_PAGES = 32
_recent: OrderedDict[str, tuple[bytes, dict[str, str]]] = OrderedDict()
_recent_lock = threading.Lock()  # threaded servers share the module

_versions: list[Callable[[], str]] = []


def versioned_by(version: Callable[[], str]) -> None:
    """Make `version()` — a stamp that changes whenever data shown on public
    pages change — part of every page's key (called once per request)."""
    if version not in _versions:
        _versions.append(version)


def _release() -> str:
    # Pages link the collected, hashed static files: a new release (a new
    # manifest) must not serve pages that link the previous one's files.
    return getattr(staticfiles_storage, "manifest_hash", "") or ""


def _is_anonymous_visit(request: HttpRequest) -> bool:
    """A GET or HEAD from a visitor with no session and no messages waiting.

    Without a session cookie nobody is signed in, so `request.user` (read last)
    costs no query."""
    return (
        request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "messages" not in request.COOKIES
        and not request.user.is_authenticated
    )


def page_key(request: HttpRequest) -> str:
    """The cache key of the page this request asks for, as its visitors see it now."""
    query = sorted((name, value) for name in request.GET for value in request.GET.getlist(name))
    address = f"{request.scheme}://{request.get_host()}{request.path}?{query!r}"
    stamps = "|".join(version() for version in _versions)
    digest = hashlib.sha256(
        f"{address}|{get_language()}|{stamps}|{_release()}".encode()
    ).hexdigest()[:40]
    return f"public-page:{digest}"


def _may_keep(request: HttpRequest, response: HttpResponse) -> bool:
    cache_control = response.get("Cache-Control", "").lower()
    return (
        response.status_code == 200
        and not response.streaming
        and response.get("Content-Type", "").startswith("text/html")
        and not response.cookies
        and not any(directive in cache_control for directive in _NOT_KEPT)
        and not len(messages.get_messages(request))
        and not getattr(getattr(request, "session", None), "modified", False)
    )


def _kept_page(key: str) -> tuple[bytes, dict[str, str]] | None:
    recent = _recent.get(key)
    if recent is not None and cache.has_key(key):
        return recent
    kept = cache.get(key)
    with _recent_lock:
        if kept is None:
            _recent.pop(key, None)
        else:
            _recent[key] = kept
            while len(_recent) > RECENT_PAGES:
                _recent.popitem(last=False)
    return kept


def _with_token(request: HttpRequest, content: bytes) -> bytes:
    if _PLACEHOLDER not in content:
        return content
    return content.replace(_PLACEHOLDER, get_token(request).encode())


def public_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Serve anonymous visitors `view`'s page from the shared cache while the
    data it shows are unchanged (see the module's docstring)."""

    @wraps(view)
    def served(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if settings.DEBUG or not _is_anonymous_visit(request):
            return view(request, *args, **kwargs)
        key = page_key(request)
        kept = _kept_page(key)
        if kept is None:
            response = view(request, *args, **kwargs)
            if _may_keep(request, response):
                stored = _TOKEN.sub(rb"\1" + _PLACEHOLDER + rb"\3", response.content)
                headers = {name: response[name] for name in _KEPT_HEADERS if name in response}
                cache.set(key, (stored, headers), PAGE_SECONDS)
        else:
            content, headers = kept
            response = HttpResponse(_with_token(request, content), headers=headers)
        # What a visitor sees depends on their cookies (language, session) and
        # on the languages their browser asks for.
        patch_vary_headers(response, ("Cookie", "Accept-Language"))
        return response

    return served
