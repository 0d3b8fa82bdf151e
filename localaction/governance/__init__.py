"""The association's governance (§2.2): governing bodies, their seats and the
mandates that fill them, meetings and decisions, the Charter and By-Laws."""
