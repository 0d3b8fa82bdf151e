"""Pages of the Association's governance, one module per area, each routing its
own pages (`urls`): the bodies (index and a page per body with its holders
and vacancies), meetings (agenda, documents, attendance, quorum, and the
keepers' forms), the decisions log, and the Charter and By-Laws with their
versions side by side."""
