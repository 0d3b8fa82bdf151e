from localaction.strategy.views import urls

app_name = "strategy"

urlpatterns = urls
