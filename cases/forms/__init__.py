"""Forms of the case pages: intake, one per case action, and the queue's filters."""
