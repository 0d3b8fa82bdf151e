def ready() -> None:
    """Registrations of this instrument (demo part, profile sections, sources)."""
