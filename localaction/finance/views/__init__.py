"""Pages of the association's finances, one module per area, each routing its
own pages (`urls`): invoices (a member's invoices, the dues run, credit notes),
payments (recording, the bank statement import, matching, reminders and good
standing), and the finance dashboard with budgets and actuals."""
