from django.contrib.admin.apps import AdminConfig as DjangoAdminConfig


class AdminConfig(DjangoAdminConfig):
    default_site = "localaction.admin.LocalActionAdminSite"

    def ready(self):
        super().ready()
        # The project's own system checks register with its one AppConfig.
        from localaction import checks  # noqa: F401
