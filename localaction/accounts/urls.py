from django.urls import path

from localaction.accounts import views

app_name = "accounts"
urlpatterns = [
    path("me/", views.profile, name="profile"),
    path("me/token/", views.token_renew, name="token-renew"),
    path("me/notifications/", views.notification_preferences, name="notification-preferences"),
    path("notifications/", views.notification_list, name="notifications"),
    path("notifications/read/", views.notifications_read, name="notifications-read"),
    path("notifications/<int:pk>/", views.notification_open, name="notification"),
]
