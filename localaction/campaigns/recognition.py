"""Milestones recognised from data: the rules that say which record proves a
milestone, one registry for every instrument.

A rule has a code (what `Milestone.recognised_from` stores), a label, and a
function that, for a set of local governments, finds the records that prove it:
`{(local government, campaign): (model, pk)}`, where the campaign is None when
the record proves the milestone for whichever campaign (a GHG inventory proves
CCP's baseline as it would any other campaign's). Campaigns register the rules of
their own records (`campaigns.evidence`); the instruments above them (water
accounts, procurement, local agendas, assessments) register theirs from their
`ready()`, so a methodology's milestone can name any of them.

This module imports no model: `Milestone.recognised_from` takes its choices from
here while the models load.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django.db import models
    from django.utils.functional import Promise

# The model and pk of a record that proves a milestone; the model has a
# `local_government` and a page (`get_absolute_url`).
Proof = tuple[type["models.Model"], int]
# What a rule finds: by (local government, campaign or None for whichever campaign).
Proofs = Mapping[tuple[int, int | None], Proof]

# The code of a milestone that people record by hand.
BY_HAND = ""


@dataclass(frozen=True)
class Rule:
    """The data that recognise a milestone."""

    code: str
    label: str | Promise
    proofs: Callable[[list[int]], Proofs]


_RULES: dict[str, Rule] = {}

# Milestone.recognised_from's length.
CODE_LENGTH = 30


def register_rule(code: str, label: str | Promise, proofs: Callable[[list[int]], Proofs]) -> None:
    """Register the records that prove a milestone. `proofs(local_government_ids)`
    reads them for all the ids at once, in a query or two."""
    if not code or len(code) > CODE_LENGTH:
        raise ValueError(f"A rule's code is 1 to {CODE_LENGTH} characters: {code!r}.")
    known = _RULES.get(code)
    if known is not None and known.proofs is not proofs:
        raise ValueError(f"The rule {code!r} is registered already.")
    _RULES[code] = Rule(code, label, proofs)


def rules() -> list[Rule]:
    """Every registered rule, in the order they were registered."""
    return list(_RULES.values())


def choices() -> list[tuple[str, str | Promise]]:
    """The choices of `Milestone.recognised_from`: by hand, then every rule."""
    return [
        (BY_HAND, _("Recorded by hand")),
        *((rule.code, rule.label) for rule in _RULES.values()),
    ]


class Facts:
    """What the data hold about a set of local governments: each rule's proofs,
    read once per rule the milestones at hand name."""

    def __init__(self, local_government_ids: Sequence[int]) -> None:
        self.ids = sorted(set(local_government_ids))
        self._found: dict[str, Proofs] = {}

    def proof(self, code: str, local_government: int, campaign: int | None) -> Proof | None:
        """The record that proves the milestone of rule `code` for the local
        government in the campaign, or None (also for a rule no longer registered)."""
        rule = _RULES.get(code)
        if rule is None:
            return None
        if code not in self._found:
            self._found[code] = rule.proofs(self.ids) if self.ids else {}
        found = self._found[code]
        return found.get((local_government, campaign)) or found.get((local_government, None))
