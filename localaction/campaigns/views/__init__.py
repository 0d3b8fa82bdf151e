"""Pages of the campaigns app, one module per area: campaigns and milestones,
a member's commitments (targets, forecast, plans, actions), and files."""
