"""The Celery application: Redis as broker when REDIS_URL is set, in-process otherwise."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhuanqiao.settings")

app = Celery("zhuanqiao")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
