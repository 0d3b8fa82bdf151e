from django.urls import path

from localaction.accounts import team_views as views

app_name = "team"

urlpatterns = [
    path("accounts/invitations/<str:token>/", views.invitation, name="accept"),
]
# The same pages for a local government's team and an office's.
for prefix, of in [
    ("members/<str:code>/team/", "local-government"),
    ("offices/<slug:code>/team/", "office"),
]:
    urlpatterns += [
        path(prefix, views.team, {"of": of}, name=of),
        path(f"{prefix}invite/", views.team_invite, {"of": of}, name=f"{of}-invite"),
        path(
            f"{prefix}invitations/<int:pk>/withdraw/",
            views.team_invitation_withdraw,
            {"of": of},
            name=f"{of}-invitation-withdraw",
        ),
        path(
            f"{prefix}roles/<int:pk>/remove/",
            views.team_role_remove,
            {"of": of},
            name=f"{of}-role-remove",
        ),
        path(
            f"{prefix}roles/<int:pk>/change/",
            views.team_role_change,
            {"of": of},
            name=f"{of}-role-change",
        ),
    ]
