"""A rating is the petitioner's explicit choice: nothing is preselected, and no answer is never 满意."""

import pytest
from django.urls import reverse

from cases.forms.actions import RateForm
from cases.forms.intake import RatingForm
from cases.models import Status
from cases.services import PetitionerData, case_rate
from notifications.models import Notification

from ...factories import make_case
from ..handling.conftest import walk

pytestmark = pytest.mark.django_db


@pytest.fixture
def replied(town, people, subject):
    case = make_case(
        grid=town["grid_a"], subject=subject, petitioners=[PetitionerData(name="张三", phone="13912345678")]
    )
    return walk(case, Status.REPLIED, town, people)


def _code(client, case) -> str:
    import re

    client.post(reverse("track-send-code", args=[case.tracking_code]))
    body = Notification.objects.filter(dedupe_key__startswith=f"resident:{case.pk}:code:").latest("pk").body
    return re.search(r"(?<!\d)\d{6}(?!\d)", body).group()


def test_the_rating_form_preselects_no_answer(client, replied):
    client.post(reverse("track"), {"code": replied.tracking_code, "check": "5678"})
    html = client.get(reverse("track-case", args=[replied.tracking_code])).content.decode()

    assert 'type="radio" name="rating"' in html
    assert "checked" not in html.split('data-testid="rate"')[1].split("</form>")[0]
    assert "<select" not in html.split('data-testid="rate"')[1].split("</form>")[0]


def test_pressing_send_without_choosing_records_nothing_and_says_why(client, replied):
    client.post(reverse("track"), {"code": replied.tracking_code, "check": "5678"})
    proof = _code(client, replied)
    page = client.post(
        reverse("track-rate", args=[replied.tracking_code]),
        {"comment": "还行", "version": replied.version, "proof": proof},
    )

    assert page.status_code == 400
    html = page.content.decode()
    assert "请在满意、基本满意、不满意中选择一项" in html
    assert "还行" in html  # the comment typed is kept
    replied.refresh_from_db()
    assert replied.satisfaction == "" and replied.rated_at is None


@pytest.mark.parametrize("form_class", [RatingForm, RateForm])
def test_no_rating_form_defaults_to_satisfied(form_class, replied):
    from cases import actions

    kwargs = {"by_pin": False} if form_class is RatingForm else {"case": replied, "action": actions.RATE}
    form = form_class(data={"comment": "", "version": 1, "proof": "123456"}, **kwargs)

    assert not form.is_valid()
    assert "rating" in form.errors
    assert form.fields["rating"].initial is None


def test_the_service_refuses_a_missing_rating(replied):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as err:
        case_rate(case=replied, rating="", comment="")
    assert "rating" in err.value.message_dict
    replied.refresh_from_db()
    assert replied.satisfaction == ""
