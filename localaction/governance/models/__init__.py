"""The governance app's models, one module per part of §2.2 (each module's
docstring says what its services must keep true)."""

from localaction.governance.models.bodies import Body, Mandate, Seat, term_end
from localaction.governance.models.charter import DocumentVersion, GoverningDocument
from localaction.governance.models.meetings import (
    AgendaDocument,
    AgendaItem,
    Attendance,
    Decision,
    DecisionNumberSeries,
    Meeting,
    MembershipApproval,
    Quorum,
)

__all__ = [
    "AgendaDocument",
    "AgendaItem",
    "Attendance",
    "Body",
    "Decision",
    "DecisionNumberSeries",
    "DocumentVersion",
    "GoverningDocument",
    "Mandate",
    "Meeting",
    "MembershipApproval",
    "Quorum",
    "Seat",
    "term_end",
]
