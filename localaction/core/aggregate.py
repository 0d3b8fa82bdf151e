"""Network aggregation rules.

The first rule: no double counting. When a local government and one that
contains it (its parent, grandparent, …) are both counted, the larger one
already covers the smaller one's territory and people, so only the outermost
counts.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping


def outermost(counted: Iterable[int], parent_of: Mapping[int, int | None]) -> set[int]:
    """Those of `counted` that no other counted local government contains.

    `parent_of` maps each local government to its parent (None at the top)
    and must reach every ancestor of the counted ones. A cycle of parents,
    which the register forbids, stops the walk rather than looping forever.
    """
    counted = set(counted)
    kept: set[int] = set()
    for node in counted:
        seen = {node}
        ancestor = parent_of.get(node)
        while ancestor is not None and ancestor not in seen and ancestor not in counted:
            seen.add(ancestor)
            ancestor = parent_of.get(ancestor)
        if ancestor is None or ancestor in seen:
            kept.add(node)
    return kept
