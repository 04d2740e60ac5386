"""Every periodic task the beat sends must be one the worker knows, or it fails silently in production."""

import pytest
from django.conf import settings

from zhuanqiao.celery import app


@pytest.mark.parametrize("entry", sorted(settings.CELERY_BEAT_SCHEDULE))
def test_each_beat_entry_names_a_registered_task(entry):
    app.loader.import_default_modules()  # what a worker does at start: autodiscover every app's tasks
    assert settings.CELERY_BEAT_SCHEDULE[entry]["task"] in app.tasks


def test_the_dashboard_rollup_is_refreshed_periodically():
    tasks = {e["task"] for e in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "dashboard.tasks.refresh_dashboard_rollup" in tasks
