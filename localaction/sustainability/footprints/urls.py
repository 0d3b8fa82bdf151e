app_name = "footprints"

urlpatterns: list = []
