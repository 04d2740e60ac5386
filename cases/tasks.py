"""Celery tasks of the cases app: thin, they take ids and load fresh state."""

from celery import shared_task
from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from .intake.validators import MOBILE_RE
from .models import Case
from .sms import send_sms


@shared_task(autoretry_for=(OSError,), retry_backoff=30, retry_kwargs={"max_retries": 5})
def send_registration_sms(case_id: int) -> bool:
    """Tell a resident their tracking code. Carries no one else's data; safe to run twice."""
    case = Case.objects.filter(pk=case_id).first()
    if case is None or not MOBILE_RE.match(case.contact_phone or ""):
        return False
    with translation.override(settings.LANGUAGE_CODE):
        text = _(
            "[Zhuanqiao petitions] We received your matter on %(date)s. Tracking code %(code)s. "
            "Track it at %(url)s with the last four digits of this phone."
        ) % {
            "date": case.received_at.astimezone().strftime("%Y-%m-%d"),
            "code": case.tracking_code,
            "url": settings.SITE_URL + reverse("track"),
        }
    return send_sms(case.contact_phone, text).ok
