from rest_framework.routers import SimpleRouter

router = SimpleRouter()

# --- Programme side: events and their programmes, read-only ---------------------------
from localaction.events.api_programme import EventViewSet  # noqa: E402

router.register("events", EventViewSet, basename="events-event")

urlpatterns = router.urls
