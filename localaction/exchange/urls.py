from django.urls import path

from localaction.exchange import views

app_name = "exchange"

urlpatterns = [
    path("exchange/", views.index, name="index"),
    path("exchange/listings/new/", views.listing_new, name="listing-new"),
    path("exchange/listings/<int:pk>/", views.listing, name="listing"),
    path("exchange/listings/<int:pk>/edit/", views.listing_edit, name="listing-edit"),
    path("exchange/exchanges/", views.exchanges, name="exchanges"),
    path("exchange/exchanges/new/", views.exchange_new, name="exchange-new"),
    path("exchange/exchanges/<int:pk>/", views.exchange, name="exchange"),
    path("exchange/exchanges/<int:pk>/accept/", views.exchange_accept, name="accept"),
    path("exchange/exchanges/<int:pk>/status/", views.exchange_status, name="status"),
    path("exchange/exchanges/<int:pk>/activities/", views.activity_add, name="activity-add"),
    path("exchange/exchanges/<int:pk>/follow-ups/", views.follow_up_add, name="follow-up-add"),
    path(
        "exchange/exchanges/<int:pk>/follow-ups/<int:follow_up>/done/",
        views.follow_up_done,
        name="follow-up-done",
    ),
    path("exchange/exchanges/<int:pk>/outcomes/", views.outcomes, name="outcomes"),
]
