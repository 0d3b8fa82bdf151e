from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExchangeConfig(AppConfig):
    """City-to-city exchange (plan §2.1f, §3.2.1c): members' needs and offers
    by theme, the suggested matches with their reasons, and the exchanges
    (peer visits, twinning, mentoring) that follow."""

    name = "localaction.exchange"
    verbose_name = _("City-to-city exchange")
