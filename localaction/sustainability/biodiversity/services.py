"""Writing biodiversity commitments: one service for the page, the API and the demo."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from localaction.network.models import LocalGovernment
from localaction.sustainability.biodiversity.models import BiodiversityCommitment


@transaction.atomic
def commitment_save(
    *,
    local_government: LocalGovernment,
    kind: str,
    title: str,
    adopted_on: datetime.date,
    council_decision: str,
    areas: list[str],
    status: str = BiodiversityCommitment.Status.ACTIVE,
    statement: str = "",
    decision_url: str = "",
    commitment: BiodiversityCommitment | None = None,
) -> BiodiversityCommitment:
    """Record (or change) a member's commitment; refused with the field named
    if it is incomplete, dated in the future or repeats a standing one."""
    if commitment is None:
        commitment = BiodiversityCommitment(local_government=local_government)
    elif commitment.local_government_id != local_government.pk:
        raise ValidationError(_("This commitment is another member's."))
    if adopted_on > datetime.date.today():
        raise ValidationError({"adopted_on": _("A commitment cannot be adopted in the future.")})
    commitment.kind, commitment.title, commitment.statement = kind, title, statement
    commitment.adopted_on, commitment.council_decision = adopted_on, council_decision
    commitment.decision_url, commitment.areas, commitment.status = decision_url, list(areas), status
    if status != BiodiversityCommitment.Status.WITHDRAWN:
        repeated = (
            BiodiversityCommitment.objects.filter(local_government=local_government, kind=kind)
            .exclude(status=BiodiversityCommitment.Status.WITHDRAWN)
            .exclude(pk=commitment.pk)
        )
        if repeated.exists():
            raise ValidationError(
                {"kind": _("The member already has this commitment; change that one instead.")}
            )
    commitment.full_clean(validate_constraints=False)
    commitment.save()
    return commitment
