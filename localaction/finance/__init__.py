"""The Association's finances (Strategic Plan §2.7): membership dues, invoices,
payments, exchange rates and budgets."""
