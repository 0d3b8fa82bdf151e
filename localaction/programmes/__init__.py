"""Annual work programmes: how an office implements the strategic plan (§2.2)."""
