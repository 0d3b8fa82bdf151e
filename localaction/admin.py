from django.contrib.admin import AdminSite
from django.utils.translation import gettext_lazy as _

from localaction.accounts.access import access_of


class LocalActionAdminSite(AdminSite):
    """The Django admin, open to the secretariat (not to Django's `is_staff` flag)."""

    site_header = _("Local Action administration")
    site_title = _("Local Action")
    index_title = _("Secretariat")

    def has_permission(self, request) -> bool:
        return request.user.is_active and access_of(request.user).is_secretariat
