from django.urls import path

from localaction.events import views

app_name = "events"

urlpatterns: list = []

# Programme side: the events' pages, programmes and calendars.
urlpatterns += [
    path("events/", views.event_list, name="list"),
    path("events/new/", views.event_new, name="new"),
    path("events/me/", views.mine, name="mine"),
    path("events/me/calendar/reset/", views.calendar_reset, name="calendar-reset"),
    path("events/calendar/<str:token>.ics", views.person_calendar, name="person-calendar"),
    path("events/<slug:slug>/", views.event_detail, name="event"),
    path("events/<slug:slug>/edit/", views.event_edit, name="edit"),
    path("events/<slug:slug>/publish/", views.event_publish, name="publish"),
    path("events/<slug:slug>/cancel/", views.event_cancel, name="cancel"),
    path("events/<slug:slug>/calendar.ics", views.event_calendar, name="calendar"),
    path("events/<slug:slug>/programme/", views.programme, name="programme"),
    path("events/<slug:slug>/programme/manage/", views.programme_manage, name="manage"),
    path("events/<slug:slug>/sessions/new/", views.session_edit, name="session-new"),
    path("events/<slug:slug>/sessions/<int:pk>/edit/", views.session_edit, name="session-edit"),
    path("events/<slug:slug>/sessions/<int:pk>/star/", views.session_star, name="star"),
    path(
        "events/<slug:slug>/sessions/<int:session>/translations/new/",
        views.translation_edit,
        name="translation-new",
    ),
    path(
        "events/<slug:slug>/sessions/<int:session>/translations/<int:pk>/edit/",
        views.translation_edit,
        name="translation-edit",
    ),
    path("events/<slug:slug>/<str:part>/new/", views.part_edit, name="part-new"),
    path("events/<slug:slug>/<str:part>/<int:pk>/edit/", views.part_edit, name="part-edit"),
    path("events/<slug:slug>/<str:part>/<int:pk>/delete/", views.part_delete, name="part-delete"),
]
