from localaction.governance.views import bodies, decisions, documents, meetings

app_name = "governance"

# Each area routes its own pages beside its views (views/__init__.py).
urlpatterns = [*bodies.urls, *meetings.urls, *decisions.urls, *documents.urls]
