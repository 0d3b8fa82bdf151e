from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConsultancyConfig(AppConfig):
    """Technical services and consultancy (plan §4.4): the service catalogue,
    the consultants' network, and engagements with clients from request to
    invoice and feedback."""

    name = "localaction.consultancy"
    verbose_name = _("Technical services and consultancy")
