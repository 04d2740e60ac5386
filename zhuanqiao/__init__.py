"""Project wiring for the Zhuanqiao petition portal; no business logic lives here."""

from .celery import app as celery_app

__all__ = ("celery_app",)
