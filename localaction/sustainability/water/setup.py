def ready() -> None:
    """Registrations of water accounts: demo part, profile section, the figure
    source `water_use_per_person`, milestones recognised from data."""
    from localaction.network.demo import register_part
    from localaction.sustainability.water import figures, profile, recognition  # noqa: F401

    recognition.register()
    register_part("water", "localaction.sustainability.water.demo.demo_part", order=103)
