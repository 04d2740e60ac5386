"""A real Celery worker on the real Redis: a task queued after commit is delivered.

Runs whenever REDIS_URL is configured (CI configures it); the worker shares the test database,
so it needs PostgreSQL, which CI also provides.
"""

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.core import mail
from django.db import connection

from grids.models import Role
from notifications.models import Notification
from notifications.services import queue_delivery

from ..factories import make_staff

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.skipif(not settings.REDIS_URL, reason="no Redis configured (REDIS_URL)")


@pytest.fixture
def worker_broker():
    """A Redis database of its own, so no other worker on this machine takes the test's task."""
    from zhuanqiao.celery import app

    from ..conftest import _use_broker

    url = settings.REDIS_URL.rsplit("/", 1)[0] + "/14"
    saved = _use_broker(app, url, eager=False)
    yield url
    _use_broker(app, *saved)


@pytest.fixture
def worker(worker_broker, transactional_db, tmp_path):
    if connection.vendor != "postgresql":
        pytest.fail("the worker test needs DATABASE_URL on PostgreSQL next to REDIS_URL")
    db = connection.settings_dict
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        "REDIS_URL": worker_broker,
        "TESTING": "1",
        "EMAIL_URL": "consolemail://",
    }
    log_path = tmp_path / "celery-worker.log"
    log = open(log_path, "w")  # noqa: SIM115
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "zhuanqiao",
            "worker",
            "--pool=solo",
            "--loglevel=info",
            "-n",
            "test@%h",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    process.log_path = log_path
    yield process
    process.terminate()
    process.wait(timeout=20)
    log.close()


def test_a_task_queued_after_commit_is_delivered_by_a_real_worker(worker):
    user = make_staff(Role.PETITION_OFFICE, username="office", email="office@zhuanqiao.example")
    from django.db import transaction

    with transaction.atomic():
        note = Notification.objects.create(
            channel=Notification.Channel.EMAIL, kind=Notification.Kind.DIGEST, recipient=user, title="测试", body="正文"
        )
        queue_delivery([note.pk])

    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        note.refresh_from_db()
        if note.state == Notification.State.SENT:
            break
        assert worker.poll() is None, worker.log_path.read_text()[-3000:]
        time.sleep(0.5)
    assert note.state == Notification.State.SENT, worker.log_path.read_text()[-3000:]
    assert note.attempts == 1
    assert mail.outbox == []  # the worker sent it, not this process
