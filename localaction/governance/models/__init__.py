"""The governance app's models, one module per part of §2.2 (each module's
docstring says what its services must keep true)."""

from localaction.governance.models.bodies import (
    Body,
    Mandate,
    Seat,
    term_end,
)

__all__ = [
    "Body",
    "Mandate",
    "Seat",
    "term_end",
]
