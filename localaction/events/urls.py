from django.urls import path

from localaction.events import registration_views, views

app_name = "events"

# The registrations' addresses come first: none of them may be read as an
# event's short name (the programme side's `events/<slug>/…`).
urlpatterns = [
    path("events/me/registrations/", registration_views.my_registrations, name="my-registrations"),
    path(
        "events/registrations/<int:pk>/cancel/",
        registration_views.cancel,
        name="registration-cancel",
    ),
    path("events/registrations/<int:pk>/promote/", registration_views.promote, name="promote"),
    path("events/registrations/<int:pk>/badge/", registration_views.badge, name="badge"),
    path("events/me/organising/", registration_views.reports, name="reports"),
    path(
        "events/certificates/<str:code>/",
        registration_views.certificate_verify,
        name="certificate-verify",
    ),
    path(
        "events/certificates/<str:code>/pdf/",
        registration_views.certificate_download,
        name="certificate",
    ),
    path(
        "events/certificates/<str:code>/revoke/",
        registration_views.certificate_revoke,
        name="certificate-revoke",
    ),
    path("events/<slug:slug>/register/", registration_views.register, name="register"),
    path(
        "events/<slug:slug>/sessions/<int:pk>/council/",
        registration_views.council,
        name="council",
    ),
    path(
        "events/<slug:slug>/registrations/",
        registration_views.registrations,
        name="registrations",
    ),
    path(
        "events/<slug:slug>/registrations.<str:file_format>",
        registration_views.registrations_download,
        name="registrations-download",
    ),
    path("events/<slug:slug>/badges/", registration_views.event_badges, name="badges"),
    path("events/<slug:slug>/check-in/", registration_views.check_in, name="check-in"),
    path(
        "events/<slug:slug>/certificates/issue/",
        registration_views.certificates_issue,
        name="certificates-issue",
    ),
    path("events/<slug:slug>/report/", registration_views.event_report, name="report"),
    path(
        "events/<slug:slug>/report.<str:file_format>",
        registration_views.event_report_download,
        name="report-download",
    ),
    # The events' pages, programmes and calendars.
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
