def ready() -> None:
    """Registrations of water accounts (demo part, profile section, figure source,
    milestones recognised from data)."""
