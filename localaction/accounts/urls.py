from django.urls import path

from localaction.accounts import views

app_name = "accounts"
urlpatterns = [
    path("me/", views.profile, name="profile"),
    path("me/token/", views.token_renew, name="token-renew"),
]
