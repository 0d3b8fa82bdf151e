"""The events' API: events and their programmes (read-only, api_programme.py);
a person's registrations and an event's registrations for its organisers
(registration_api.py), through the same services as the pages."""

from rest_framework.routers import SimpleRouter

from localaction.events.api_programme import EventViewSet
from localaction.events.registration_api import EventRegistrationViewSet, MyRegistrationViewSet

router = SimpleRouter()
# The registrations first: `events/me/…` is no event's short name.
router.register("events/me/registrations", MyRegistrationViewSet, basename="event-my-registration")
router.register(
    r"events/(?P<slug>[-\w]+)/registrations",
    EventRegistrationViewSet,
    basename="event-registration",
)
router.register("events", EventViewSet, basename="events-event")

urlpatterns = router.urls
