"""Risk screening: the review schedule, reviews as events, how items end, reminders once, the dashboard's warnings."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from grids.models import Role
from notifications.models import Notification
from prevention.models import RiskEvent, RiskItem, RiskLevel, RiskReminder
from prevention.services import prevention_reminders_sweep, risk_end, risk_register, risk_review

from ..factories import make_staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def worker(town):
    return make_staff(Role.GRID_WORKER, community=town["community_a"], grid=town["grid_a"])


def _risk(town, by, **overrides):
    fields = {
        "by": by,
        "title": "水泵房上的鸽棚",
        "description": "鸽子粪便羽毛影响邻居",
        "kind": RiskItem.Kind.DISPUTE,
        "level": RiskLevel.MEDIUM,
        "community": town["community_a"],
        "grid": town["grid_a"],
        "follower": by,
    }
    fields.update(overrides)
    return risk_register(**fields)


def test_a_high_or_major_risk_without_a_next_review_date_is_refused(town, worker):
    for level in (RiskLevel.HIGH, RiskLevel.MAJOR):
        with pytest.raises(ValidationError) as err:
            _risk(town, worker, level=level, next_review_on=None)
        assert "next_review_on" in err.value.message_dict
    assert RiskItem.objects.count() == 0


def test_a_low_or_medium_risk_gets_the_schedules_date_and_a_review_later_than_it_is_refused(town, worker, settings):
    item = _risk(town, worker, level=RiskLevel.LOW)
    assert item.next_review_on == timezone.localdate() + datetime.timedelta(days=settings.RISK_REVIEW_DAYS["low"])
    with pytest.raises(ValidationError):
        _risk(town, worker, level=RiskLevel.HIGH, next_review_on=timezone.localdate() + datetime.timedelta(days=60))


def test_a_review_records_its_notes_and_level_change_and_a_stale_page_is_refused(town, worker):
    item = _risk(town, worker)
    soon = timezone.localdate() + datetime.timedelta(days=3)
    item = risk_review(item=item, by=worker, expected_version=1, note="多次上门劝导", level="high", next_review_on=soon)
    assert item.level == RiskLevel.HIGH and item.version == 2
    event = item.events.get(kind=RiskEvent.Kind.REVIEWED)
    assert (event.old_level, event.new_level, event.note) == ("medium", "high", "多次上门劝导")
    with pytest.raises(ValidationError):
        risk_review(item=item, by=worker, expected_version=1, note="again", level="low", next_review_on=None)


def test_an_item_ends_defused_or_as_a_mediation_recorded_and_then_takes_no_more_reviews(town, worker):
    item = _risk(town, worker)
    item = risk_end(item=item, by=worker, expected_version=1, outcome=RiskItem.Outcome.MEDIATION, note="转人民调解")
    assert item.status == RiskItem.Status.CLOSED and item.next_review_on is None
    with pytest.raises(ValidationError):
        risk_review(item=item, by=worker, expected_version=item.version, note="x", level="low", next_review_on=None)


def test_a_due_review_reminds_its_follower_exactly_once_however_often_the_sweep_runs(town, worker):
    item = _risk(town, worker, level=RiskLevel.HIGH, next_review_on=timezone.localdate())
    first = prevention_reminders_sweep()
    second = prevention_reminders_sweep()
    later = prevention_reminders_sweep(today=timezone.localdate() + datetime.timedelta(days=2))
    assert (first.reviews, second.reviews, later.reviews) == (1, 0, 0)
    assert RiskReminder.objects.filter(item=item).count() == 1
    bell = Notification.objects.filter(recipient=worker, channel=Notification.Channel.IN_APP)
    assert bell.count() == 1


def test_the_reminder_reads_as_a_review_due_in_the_bell(town, worker, client):
    _risk(town, worker, level=RiskLevel.MAJOR, next_review_on=timezone.localdate())
    prevention_reminders_sweep()
    client.force_login(worker)
    body = client.get(reverse("notifications"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Screening item due for review: 水泵房上的鸽棚" in body


def test_high_and_major_risks_show_on_the_dashboards_early_warnings_linked_to_the_list(town, worker, client):
    _risk(town, worker, level=RiskLevel.HIGH, next_review_on=timezone.localdate())
    _risk(town, worker, level=RiskLevel.LOW)
    client.force_login(make_staff(Role.PETITION_OFFICE))
    body = client.get(reverse("dashboard:dashboard"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'data-testid="risk-warnings"' in body
    assert "High: 1" in body and "Major: 0" in body
    listed = client.get(reverse("prevention:risks") + "?level=high&status=open").content.decode()
    assert "水泵房上的鸽棚" in listed


def test_a_misconduct_matter_never_reaches_the_staff_member_or_department_it_is_about(town, worker, client):
    accused = make_staff(Role.GRID_WORKER, community=town["community_a"], grid=town["grid_a"])
    colleague = make_staff(Role.DEPARTMENT_OFFICER, department=town["dept_a"])
    item = _risk(
        town,
        worker,
        kind=RiskItem.Kind.MISCONDUCT,
        title="网格员收受好处",
        accused_user=accused,
        accused_department=town["dept_a"],
    )
    for user in (accused, colleague):
        client.force_login(user)
        assert "网格员收受好处" not in client.get(reverse("prevention:risks")).content.decode()
        assert client.get(reverse("prevention:risk", args=[item.pk])).status_code == 404
    client.force_login(worker)
    assert "网格员收受好处" in client.get(reverse("prevention:risks")).content.decode()
    with pytest.raises(ValidationError):
        _risk(town, worker, kind=RiskItem.Kind.MISCONDUCT, follower=accused, accused_user=accused)


def test_another_communitys_worker_does_not_see_the_register(town, worker, client):
    item = _risk(town, worker)
    client.force_login(make_staff(Role.GRID_WORKER, community=town["community_b"], grid=town["grid_b"]))
    assert client.get(reverse("prevention:risk", args=[item.pk])).status_code == 404
    assert "水泵房上的鸽棚" not in client.get(reverse("prevention:risks")).content.decode()


def test_the_form_refuses_a_high_risk_without_date_and_hostile_text_is_kept_escaped(town, worker, client):
    client.force_login(worker)
    data = {
        "title": "<script>alert(1)</script>",
        "description": "x" * 4001,
        "kind": "dispute",
        "level": "high",
        "community": town["community_a"].pk,
        "follower": worker.pk,
    }
    response = client.post(reverse("prevention:risk-new"), data, HTTP_ACCEPT_LANGUAGE="en")
    body = response.content.decode()
    assert response.status_code == 200 and "at most 4000" in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body and "<script>alert(1)" not in body
    data["description"] = "ok"
    body = client.post(reverse("prevention:risk-new"), data, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "A high or major risk needs a next review date." in body
    assert RiskItem.objects.count() == 0


def test_the_register_runs_the_same_queries_for_few_and_many_items(
    town, worker, client, django_assert_num_queries, count_queries
):
    client.force_login(worker)
    for _ in range(2):
        _risk(town, worker)
    small = count_queries(client, reverse("prevention:risks"))
    for _ in range(10):
        _risk(town, worker)
    with django_assert_num_queries(small):
        client.get(reverse("prevention:risks"))


def test_an_item_turned_into_a_case_opens_exactly_one_case_by_screening_and_ends(town, worker, client):
    from cases.models import Case, CaseEvent, Channel

    item = _risk(town, worker)
    client.force_login(worker)
    url = reverse("prevention:risk", args=[item.pk])
    data = {"open": "1", "open-what_happened": "鸽棚矛盾激化", "open-request": "请求依法处置"}
    assert client.post(url, data).status_code == 302
    client.post(url, data)
    item.refresh_from_db()
    case = Case.objects.get()
    assert case.channel == Channel.SCREENING and item.case_id == case.pk
    assert (item.status, item.outcome) == (RiskItem.Status.CLOSED, RiskItem.Outcome.CASE)
    assert case.events.filter(kind=CaseEvent.Kind.LINKED, detail="risk_found").count() == 1


def test_a_misconduct_item_turned_into_a_case_stays_hidden_from_the_department_it_accuses(town, worker):
    from cases.policy import cases_visible_to
    from prevention.services import risk_open_case

    item = _risk(town, worker, kind=RiskItem.Kind.MISCONDUCT, accused_department=town["dept_a"])
    case = risk_open_case(item=item, by=worker, what_happened="执法队员吃拿卡要", request="请求查处")
    officer = make_staff(Role.DEPARTMENT_OFFICER, department=town["dept_a"])
    assert case.category == "misconduct" and case.accused_department_id == town["dept_a"].pk
    assert not cases_visible_to(officer).filter(pk=case.pk).exists()
