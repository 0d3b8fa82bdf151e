"""Local Action: the open platform of a worldwide association of local governments."""
