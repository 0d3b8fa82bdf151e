"""The plan's results: indicators of its goals, their values and the dashboard."""
