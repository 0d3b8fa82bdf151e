def ready() -> None:
    """Registrations of this instrument (demo part, profile sections, sources)."""
    from localaction.network.demo import register_part
    from localaction.network.sections import member_profile
    from localaction.sustainability.tbl.profile import tbl_section

    member_profile.register(
        "tbl-reports", "sustainability/tbl/_profile_section.html", tbl_section, order=60
    )
    register_part("tbl", "localaction.sustainability.tbl.demo.demo_part", order=102)
