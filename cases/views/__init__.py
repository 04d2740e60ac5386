"""Case pages: thin views over selectors (reads) and services (writes)."""
