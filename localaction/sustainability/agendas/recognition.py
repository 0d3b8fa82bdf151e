"""The milestones of the Local Agenda methodology that an agenda's records
prove (campaigns.recognition): a baseline review with its stakeholder forum
(or a closed self-assessment for the campaign),
the council's commitment, an evaluation reported to council and community.
Target setting and implementation are proved by the campaign's own targets and
actions (campaigns.evidence). Each rule reads all the members asked for in
one query; the proof is the agenda, keyed by its campaign."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from localaction.campaigns.recognition import Proof, register_rule
from localaction.sustainability.agendas.models import LocalAgenda
from localaction.sustainability.assessments.recognition import proofs as assessment_proofs

BASELINE = "agenda_baseline"
COUNCIL = "agenda_council"
EVALUATION = "agenda_evaluation"

# The seeded milestones of the methodology each rule recognises (by name).
MILESTONES = {
    "Baseline review": BASELINE,
    "Council commitment": COUNCIL,
    "Evaluation and reporting": EVALUATION,
}

Proofs = dict[tuple[int, int | None], Proof]


def _proofs(agendas) -> Proofs:
    return {
        (local_government, campaign): (LocalAgenda, pk)
        for pk, local_government, campaign in agendas.order_by("pk").values_list(
            "pk", "local_government_id", "campaign_id"
        )
    }


def baseline_proofs(ids: list[int]) -> Proofs:
    """Agendas with a completed baseline review and a stakeholder forum (one
    stakeholder at least): the review is done with stakeholders. Where a member
    has none for the campaign, its closed self-assessment for the campaign (the
    LA21 self-assessment, the resilience scorecard) is its baseline review."""
    reviews = _proofs(
        LocalAgenda.objects.filter(
            local_government_id__one_of=ids, baseline_on__isnull=False, stakeholders__isnull=False
        ).distinct()
    )
    return {**assessment_proofs(ids), **reviews}


def council_proofs(ids: list[int]) -> Proofs:
    """Agendas the council adopted."""
    return _proofs(
        LocalAgenda.objects.filter(local_government_id__one_of=ids, council_on__isnull=False)
    )


def evaluation_proofs(ids: list[int]) -> Proofs:
    """Agendas with an evaluation report reported to the council and community."""
    return _proofs(
        LocalAgenda.objects.filter(
            local_government_id__one_of=ids,
            monitoring_reports__is_evaluation=True,
            monitoring_reports__reported_on__isnull=False,
        ).distinct()
    )


def register() -> None:
    register_rule(
        BASELINE,
        _("A baseline review with its stakeholder forum, or a self-assessment closed"),
        baseline_proofs,
    )
    register_rule(COUNCIL, _("A local agenda adopted by the council"), council_proofs)
    register_rule(
        EVALUATION,
        _("A local agenda's evaluation reported to council and community"),
        evaluation_proofs,
    )
