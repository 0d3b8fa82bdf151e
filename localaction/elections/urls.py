from localaction.elections.views import elections, nominations, results, voting

app_name = "elections"

# Each area routes its own pages beside its views (views/__init__.py).
urlpatterns = [*elections.urls, *nominations.urls, *voting.urls, *results.urls]
