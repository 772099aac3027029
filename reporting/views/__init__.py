"""Views, one module per part: reports (the board, a unit's report, evidence), commune_reports
(the commune's report to the province), submission (the submit / return pages both share),
province (dashboard, statistics), documents (background PDFs), notifications, calendar, home,
registrations (the commune's registration list with its chasing, in the awards namespace)."""
