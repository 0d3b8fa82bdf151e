"""The knowledge app's registrations: its demo part, its section of a member's
profile and of the network report, its queue on the work page, and the
scheduled publishing the workers run."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _


def ready() -> None:
    from localaction.background.tasks import on_beat
    from localaction.knowledge import scheduling, work
    from localaction.knowledge.models import Recognition
    from localaction.knowledge.network import network_recognitions
    from localaction.knowledge.profile import knowledge_section
    from localaction.network.demo import register_part
    from localaction.network.sections import member_profile
    from localaction.report_sections import Section, register_section

    register_part("knowledge", "localaction.knowledge.demo.demo_part", order=110)
    member_profile.register(
        "knowledge", "knowledge/_profile_section.html", knowledge_section, order=90
    )
    register_section(
        Section(
            "recognition",
            _("Recognition"),
            network_recognitions,
            "knowledge/_network_report.html",
            "knowledge:recognitions",
            stamps=((Recognition, "created_at"),),
            order=110,
        )
    )
    work.register_queue()
    on_beat(scheduling.publish_when_due)
