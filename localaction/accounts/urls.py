from django.urls import path

from localaction.accounts import views

app_name = "accounts"
urlpatterns = [
    path("me/", views.profile, name="profile"),
    path("me/tokens/new/", views.token_new, name="token-new"),
    path("me/tokens/rotate/", views.token_rotate_view, name="token-rotate"),
    path("me/tokens/revoke/", views.token_revoke_view, name="token-revoke"),
    path("me/notifications/", views.notification_preferences, name="notification-preferences"),
    path("notifications/", views.notification_list, name="notifications"),
    path("notifications/read/", views.notifications_read, name="notifications-read"),
    path("notifications/<int:pk>/", views.notification_open, name="notification"),
]
