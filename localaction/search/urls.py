from django.urls import path

from localaction.search import api, views

app_name = "search"

urlpatterns = [
    path("search/", views.search, name="search"),
    path("api/search/", api.SearchView.as_view(), name="api-search"),
]
