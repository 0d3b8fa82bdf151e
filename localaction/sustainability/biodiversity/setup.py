def ready() -> None:
    """Registrations of the biodiversity network (demo part, profile section)."""
    from localaction.network.demo import register_part
    from localaction.sustainability.biodiversity import profile  # noqa: F401

    register_part(
        "biodiversity", "localaction.sustainability.biodiversity.demo.demo_part", order=111
    )
