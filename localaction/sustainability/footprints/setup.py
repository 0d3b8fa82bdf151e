def ready() -> None:
    """Registrations of this instrument (demo part, profile sections, sources)."""
    from localaction.network.demo import register_part
    from localaction.sustainability.footprints import figures, profile  # noqa: F401

    register_part("footprints", "localaction.sustainability.footprints.demo.demo_part", order=101)
