"""Online elections to the governing bodies' seats (§2.2): nominations, the
electorate of members in good standing, secret ballots and their count."""
