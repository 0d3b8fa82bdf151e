"""Pages of the elections, one module per area, each routing its own pages
(`urls`): elections (the list, one election's page, preparing one and its
administration), nominations (nominating, answering, withdrawing), voting
(the ballot and the receipt, the voting representative), and results (the
count, the counted ballots, the electorate and their files).

Refusals follow the platform's rule: a page about something a person may not
read is a 404 (its existence is not told); an action they may not take is a
403; bad input is a 400 with the service's message."""
