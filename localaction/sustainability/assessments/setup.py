def ready() -> None:
    """Registrations of self-assessments (demo part, profile section, milestone rule)."""
    from localaction.campaigns.recognition import register_rule
    from localaction.network.demo import register_part
    from localaction.network.sections import member_profile
    from localaction.sustainability.assessments import recognition
    from localaction.sustainability.assessments.profile import assessments_section

    member_profile.register(
        "assessments",
        "sustainability/assessments/_profile_section.html",
        assessments_section,
        order=65,
    )
    register_part("assessments", "localaction.sustainability.assessments.demo.demo_part", order=103)
    register_rule(recognition.RULE, recognition.LABEL, recognition.proofs)
