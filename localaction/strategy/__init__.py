"""The Strategic Plan as data: its parts, areas and lettered goals (§1–§4 of
the Cape Town Plan), drafted, compared and adopted by a decision."""
