app_name = "events"

urlpatterns: list = []

# --- Registrations (events-registration) ---------------------------------------------
from django.urls import path  # noqa: E402

from localaction.events import registration_views  # noqa: E402

urlpatterns += [
    path("events/me/registrations/", registration_views.my_registrations, name="my-registrations"),
    path("events/registrations/<int:pk>/cancel/", registration_views.cancel, name="cancel"),
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
]
