"""The product's settings as the environment gives them, with the bench's URLs (the product's plus the floor view)."""

from zhuanqiao.settings import *  # noqa: F403

ROOT_URLCONF = "intake_site.urls"
