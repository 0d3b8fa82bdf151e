from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from localaction.campaigns import api as campaigns_api
from localaction.inventories import api as inventories_api
from localaction.network import api as network_api
from localaction.network import views as network_views
from localaction.public_pages import public_page
from localaction.search.sitemaps import SITEMAPS, robots

urlpatterns = [
    path("", public_page(network_views.home), name="home"),
    path("", include("localaction.network.urls")),
    path("", include("localaction.accounts.team_urls")),
    path("", include("localaction.inventories.urls")),
    path("", include("localaction.campaigns.urls")),
    path("", include("localaction.reports.urls")),
    path("", include("localaction.background.urls")),
    path("", include("localaction.finance.urls")),
    path("", include("localaction.governance.urls")),
    path("", include("localaction.elections.urls")),
    path("", include("localaction.strategy.urls")),
    path("", include("localaction.partnerships.urls")),
    path("", include("localaction.advocacy.urls")),
    path("", include("localaction.development.urls")),
    path("", include("localaction.programmes.urls")),
    path("", include("localaction.results.urls")),
    path("", include("localaction.sustainability.ecobudget.urls")),
    path("", include("localaction.sustainability.footprints.urls")),
    path("", include("localaction.sustainability.tbl.urls")),
    path("", include("localaction.sustainability.assessments.urls")),
    path("", include("localaction.sustainability.resilience.urls")),
    path("", include("localaction.sustainability.biodiversity.urls")),
    path("", include("localaction.sustainability.agendas.urls")),
    path("", include("localaction.sustainability.water.urls")),
    path("", include("localaction.sustainability.procurement.urls")),
    path("", include("localaction.learning.urls")),
    path("", include("localaction.events.urls")),
    path("", include("localaction.exchange.urls")),
    path("", include("localaction.projects.urls")),
    path("", include("localaction.consultancy.urls")),
    path("", include("localaction.search.urls")),
    path("", include("localaction.knowledge.urls")),
    path("robots.txt", robots, name="robots"),
    path("sitemap.xml", sitemap_views.index, {"sitemaps": SITEMAPS}, name="sitemap"),
    path(
        "sitemap-<section>.xml",
        sitemap_views.sitemap,
        {"sitemaps": SITEMAPS},
        name="django.contrib.sitemaps.views.sitemap",
    ),
    path("accounts/", include("django.contrib.auth.urls")),
    path("accounts/", include("localaction.accounts.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    # Wagtail's editorial back office (the secretariat's), and its documents,
    # each served only to whom the content holding it is visible
    # (knowledge/wagtail_hooks.py).
    path("cms/", include("wagtail.admin.urls")),
    path("documents/", include("wagtail.documents.urls")),
    path("api/", include(network_api.router.urls)),
    path("api/", include(inventories_api.router.urls)),
    path("api/", include(campaigns_api.router.urls)),
    path("api/", include("localaction.reports.api")),
    path("api/", include("localaction.accounts.api")),
    path("api/", include("localaction.finance.api")),
    path("api/", include("localaction.governance.api")),
    path("api/", include("localaction.elections.api")),
    path("api/", include("localaction.strategy.api")),
    path("api/", include("localaction.partnerships.api")),
    path("api/", include("localaction.advocacy.api")),
    path("api/", include("localaction.development.api")),
    path("api/", include("localaction.programmes.api")),
    path("api/", include("localaction.results.api")),
    path("api/", include("localaction.sustainability.ecobudget.api")),
    path("api/", include("localaction.sustainability.footprints.api")),
    path("api/", include("localaction.sustainability.tbl.api")),
    path("api/", include("localaction.sustainability.assessments.api")),
    path("api/", include("localaction.sustainability.resilience.api")),
    path("api/", include("localaction.sustainability.biodiversity.api")),
    path("api/", include("localaction.sustainability.agendas.api")),
    path("api/", include("localaction.sustainability.water.api")),
    path("api/", include("localaction.sustainability.procurement.api")),
    path("api/", include("localaction.learning.api")),
    path("api/", include("localaction.knowledge.api")),
    path("api/", include("localaction.events.api")),
    path("api/", include("localaction.exchange.api")),
    path("api/", include("localaction.projects.api")),
    path("api/", include("localaction.consultancy.api")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # The split view serves Swagger UI's start-up script as a file of its own (?script):
    # the Content-Security-Policy allows no script written into a page.
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
]
