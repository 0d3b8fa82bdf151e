from rest_framework.routers import SimpleRouter

router = SimpleRouter()

# --- Registrations (events-registration) ---------------------------------------------
from localaction.events.registration_api import (  # noqa: E402
    EventRegistrationViewSet,
    MyRegistrationViewSet,
)

router.register("events/me/registrations", MyRegistrationViewSet, basename="event-my-registration")
router.register(
    r"events/(?P<slug>[-\w]+)/registrations",
    EventRegistrationViewSet,
    basename="event-registration",
)

urlpatterns = router.urls
