from localaction.finance.views import dashboard, invoices, payments, reductions

app_name = "finance"

# Each area routes its own pages beside its views (views/__init__.py).
urlpatterns = [*invoices.urls, *payments.urls, *dashboard.urls, *reductions.urls]
