from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    """Research, development and pilot projects (plan §4.3): funders and
    budgets, offices, partners and pilot members, work packages and
    deliverables, the methodologies and tools they produce, and the funding
    pipeline of proposals; its registrations (the demo's part, the office
    page's and the member profile's sections) are made here."""

    name = "localaction.projects"
    verbose_name = _("Research and pilot projects")

    def ready(self) -> None:
        from localaction.network.demo import register_part
        from localaction.network.sections import member_profile, office_page
        from localaction.projects import sections

        register_part(
            "projects",
            "localaction.projects.demo.demo_part",
            order=135,
            logins="localaction.projects.demo.demo_logins",
        )
        office_page.register(
            "projects", "projects/_office_section.html", sections.office_section, order=90
        )
        member_profile.register(
            "projects", "projects/_member_section.html", sections.member_section, order=90
        )
