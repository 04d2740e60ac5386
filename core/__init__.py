"""Shared arithmetic with no models and no app imports: calendar, validation, forms, conditional updates."""
