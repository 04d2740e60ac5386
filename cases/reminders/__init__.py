"""Reminders about deadlines: the sweep over every clock, the daily digest, and how reminders read."""
