from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    """Research, development and pilot projects (plan §4.3): funders and
    budgets, offices, partners and pilot members, work packages and
    deliverables, the methodologies and tools they produce, and the funding
    pipeline of proposals."""

    name = "localaction.projects"
    verbose_name = _("Research and pilot projects")
