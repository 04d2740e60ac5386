"""Reminders about deadlines and the notification outbox: in-app, e-mail and SMS."""
