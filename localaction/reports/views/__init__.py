"""Pages of the network report: the dashboard and publications, and open data files."""
