def ready() -> None:
    """Registrations of resilience (demo part, profile section)."""
    from localaction.network.demo import register_part
    from localaction.sustainability.resilience import profile  # noqa: F401

    register_part("resilience", "localaction.sustainability.resilience.demo.demo_part", order=110)
