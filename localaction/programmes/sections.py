"""What an office runs, on its page (registered with `network.sections.office_page`
from ProgrammesConfig.ready): its work programme of this year — the version in
force (approved), else the draft — with its activities, for whom may read it
(`permissions`: whole for its staff and the secretariat, summarised for anyone
once approved and public)."""

from __future__ import annotations

from django.utils import timezone

from localaction.network.models import Office
from localaction.network.sections import office_page
from localaction.programmes import permissions
from localaction.programmes.models import WorkProgramme


def programme_section(user, office: Office) -> dict | None:
    readable = permissions.summaries_readable_by(
        user,
        WorkProgramme.objects.filter(office=office, year=timezone.localdate().year).exclude(
            status=WorkProgramme.Status.SUPERSEDED
        ),
    )
    # The approved version first: a draft revision is shown only while none is.
    programme = readable.order_by("status").first()  # "approved" before "draft"
    if programme is None:
        return None
    return {
        "programme": programme,
        "activities": list(programme.activities.prefetch_related("goals__area")),
    }


office_page.register("programmes", "programmes/_office_programme.html", programme_section, order=10)
