"""The sitemap (/sitemap.xml) and robots.txt: what search engines may find.

The sitemap is the search index read another way: every entry is a public
item with its address (sources.py publishes only what is public, and an item
that stops being public loses its entry at once), so unpublished content can
never be listed. The hubs — home, the register, the offices, the network
report, campaigns, knowledge and learning — are listed beside them."""

from __future__ import annotations

from django.contrib.sitemaps import Sitemap
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.views.decorators.http import require_safe

from localaction.search.models import Entry

HUBS = (
    "home",
    "network:directory",
    "network:offices",
    "reports:dashboard",
    "campaigns:campaigns",
    "knowledge:landing",
    "knowledge:case-studies",
    "knowledge:publications",
    "knowledge:recognitions",
    "learning:catalogue",
)


class HubSitemap(Sitemap):
    changefreq = "daily"
    priority = 0.8

    def items(self):
        return list(HUBS)

    def location(self, item: str) -> str:
        return reverse(item)


class EntrySitemap(Sitemap):
    """Every search entry: members, campaigns, network reports, case studies,
    publications, courses…, 10,000 to a page of the sitemap."""

    limit = 10_000
    changefreq = "weekly"

    def items(self):
        return Entry.objects.order_by("pk").only("url", "updated")

    def location(self, entry: Entry) -> str:
        return entry.url

    def lastmod(self, entry: Entry):
        return entry.updated


SITEMAPS = {"hubs": HubSitemap, "items": EntrySitemap}

#: The back office, the API and personal pages are not for search engines.
DISALLOWED = ("/accounts/", "/admin/", "/api/", "/cms/", "/documents/", "/search/")


@require_safe
def robots(request: HttpRequest) -> HttpResponse:
    lines = ["User-agent: *", *(f"Disallow: {path}" for path in DISALLOWED)]
    lines.append(f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}")
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
