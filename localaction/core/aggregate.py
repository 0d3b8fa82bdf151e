"""Network aggregation rules.

Which inventories count for a report year: each local government's latest
published inventory whose year lies in the window Y − window … Y.

No double counting: when a local government and one that contains it (its
parent, grandparent, …) are both counted, the larger one already covers the
smaller one's territory and people, so only the outermost counts; the
contained one is left out with the container named as the reason.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

# A report year counts inventories of that year and the three before it.
DEFAULT_WINDOW = 3


def latest_in_window(
    inventories: Iterable[tuple[int, int, int]], *, year: int, window: int = DEFAULT_WINDOW
) -> dict[int, tuple[int, int]]:
    """For each local government, its latest inventory in `year − window … year`.

    `inventories` are (local government, inventory, inventory year) triples;
    the result maps a local government to (inventory, year).
    """
    if window < 0:
        raise ValueError(f"A window is zero or more years, not {window}.")
    latest: dict[int, tuple[int, int]] = {}
    for local_government, inventory, inventory_year in inventories:
        if not year - window <= inventory_year <= year:
            continue
        known = latest.get(local_government)
        if known is None or inventory_year > known[1]:
            latest[local_government] = (inventory, inventory_year)
    return latest


def containers(counted: Iterable[int], parent_of: Mapping[int, int | None]) -> dict[int, int]:
    """Each counted local government that another counted one contains, mapped to
    its nearest counted container.

    `parent_of` maps each local government to its parent (None at the top)
    and must reach every ancestor of the counted ones. A cycle of parents,
    which the register forbids, stops the walk rather than looping forever.
    """
    counted = set(counted)
    contained: dict[int, int] = {}
    for node in counted:
        seen = {node}
        ancestor = parent_of.get(node)
        while ancestor is not None and ancestor not in seen and ancestor not in counted:
            seen.add(ancestor)
            ancestor = parent_of.get(ancestor)
        if ancestor is not None and ancestor not in seen:
            contained[node] = ancestor
    return contained


def outermost(counted: Iterable[int], parent_of: Mapping[int, int | None]) -> set[int]:
    """Those of `counted` that no other counted local government contains."""
    counted = set(counted)
    return counted - containers(counted, parent_of).keys()
