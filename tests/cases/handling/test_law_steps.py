"""The steps the petition regulation (信访工作条例 2022) requires or forbids, through the services and
from the outside of the pages: windows from delivery, the level above, hearings, objections, late
extensions, the categories, the written notices and intake."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone, translation

from cases import actions, clock, services
from cases.models import (
    AnswerDelivery,
    Case,
    CaseEvent,
    Category,
    Channel,
    DeliveryMethod,
    NotAcceptedReason,
    Outcome,
    Status,
)
from cases.selectors.public import case_public_timeline, public_status_text
from cases.services import PetitionerData
from cases.services.reviews import rereview_due_with_hearings
from core.calendar import day_start
from grids.models import Department, Role
from notifications.models import Notification

from ...factories import make_case, make_staff
from .conftest import rereviewed

pytestmark = pytest.mark.django_db


def _post(client, case: Case, action: str, **fields):
    data = {f"{action}-version": case.version, **{f"{action}-{k}": v for k, v in fields.items()}}
    return client.post(reverse("handling:action", args=[case.pk, action]), data)


@pytest.fixture(autouse=True)
def _services_speak_english():
    # The services' refusals are read in English here (the town's default language is Chinese).
    with translation.override("en"):
        yield


@pytest.fixture
def english(client):
    client.cookies.load({"django_language": "en"})
    return client


def _replied(case_at, days_ago: int) -> Case:
    """A case replied `days_ago` days ago."""
    at = timezone.now() - timedelta(days=days_ago)
    case = case_at(Status.IN_PROGRESS, received_at=at - timedelta(days=5))
    return services.case_reply(case=case, by=None, outcome=Outcome.UPHELD, text="经查", legal_basis="依据", at=at)


def _replied_by(case_at, people, days_ago: int) -> Case:
    at = timezone.now() - timedelta(days=days_ago)
    case = case_at(Status.IN_PROGRESS, received_at=at - timedelta(days=5))
    return services.case_reply(
        case=case, by=people["officer"], outcome=Outcome.UPHELD, text="经查", legal_basis="依据", at=at
    )


# --- 1. The review windows count from the day the petitioner received the answer --------------------


def test_a_review_asked_within_30_days_of_receipt_but_later_after_issue_is_accepted(town, people, case_at):
    case = _replied_by(case_at, people, days_ago=45)
    received = clock.local_day(case.answered_at) + timedelta(days=20)
    case = services.case_record_delivery(
        case=case, by=people["officer"], method=DeliveryMethod.POST, delivered_on=received
    )
    assert clock.today() > clock.request_window_ends(case.answered_at, 1), "more than 30 days after issue"

    case = services.case_request_review(case=case, reason="不服")

    assert case.status == Status.UNDER_REVIEW
    delivery = AnswerDelivery.objects.get(case=case)
    assert (delivery.level, delivery.method, delivery.delivered_on) == (0, DeliveryMethod.POST, received)
    assert case.events.filter(kind=CaseEvent.Kind.DELIVERED, detail=DeliveryMethod.POST).count() == 1


def test_a_review_asked_more_than_30_days_after_receipt_is_refused(town, people, case_at):
    case = _replied_by(case_at, people, days_ago=45)
    case = services.case_record_delivery(
        case=case,
        by=people["officer"],
        method=DeliveryMethod.IN_PERSON,
        delivered_on=clock.local_day(case.answered_at) + timedelta(days=1),
    )
    with pytest.raises(services.ActionNotAllowed, match="ended on"):
        services.case_request_review(case=case, reason="不服")
    assert Case.objects.get(pk=case.pk).status == Status.REPLIED


def test_a_review_asked_before_any_delivery_is_recorded_is_accepted(town, people, case_at):
    # Nobody can show the petitioner had the answer earlier: asking proves they have it now.
    case = _replied_by(case_at, people, days_ago=80)
    case = services.case_request_review(case=case, reason="从未收到书面答复")
    assert case.status == Status.UNDER_REVIEW


def test_a_delivery_lies_between_the_answer_and_today_and_is_recorded_once(town, people, case_at):
    case = _replied_by(case_at, people, days_ago=3)
    answered = clock.local_day(case.answered_at)
    for day in (answered - timedelta(days=1), clock.today() + timedelta(days=1)):
        with pytest.raises(ValidationError) as err:
            services.case_record_delivery(case=case, by=people["officer"], method="post", delivered_on=day)
        assert "delivered_on" in err.value.message_dict
    with pytest.raises(ValidationError):
        services.case_record_delivery(case=case, by=people["officer"], method="pigeon", delivered_on=answered)
    case = services.case_record_delivery(
        case=case, by=people["officer"], method=DeliveryMethod.SMS_LINK, delivered_on=answered
    )
    with pytest.raises(services.ActionNotAllowed):
        services.case_record_delivery(case=case, by=people["officer"], method="post", delivered_on=answered)
    with pytest.raises(PermissionDenied):
        services.case_record_delivery(
            case=Case.objects.get(pk=case.pk), by=people["other_officer"], method="post", delivered_on=answered
        )


def test_the_review_opinion_has_its_own_delivery_and_window(town, people, case_at):
    case = case_at(Status.UNDER_REVIEW)
    case = services.case_decide_review(case=case, by=people["office"], decision="upheld", opinion="维持")
    assert case.answer_delivered_on is None, "a new answer waits for its own delivery"
    case = services.case_record_delivery(
        case=case, by=people["office"], method=DeliveryMethod.COLLECTED, delivered_on=clock.today()
    )
    assert list(AnswerDelivery.objects.filter(case=case).values_list("level", flat=True)) == [1]


def test_the_department_records_its_reply_not_the_review_opinion(town, people, case_at):
    case = case_at(Status.UNDER_REVIEW)
    case = services.case_decide_review(case=case, by=people["office"], decision="upheld", opinion="维持")
    assert not actions.RECORD_DELIVERY.who(people["officer"], case)
    with pytest.raises(PermissionDenied):
        services.case_record_delivery(
            case=case, by=people["officer"], method=DeliveryMethod.POST, delivered_on=clock.today()
        )


def test_pages_record_a_delivery_and_refuse_a_late_review_request(english, town, people, case_at):
    case = _replied_by(case_at, people, days_ago=50)
    english.force_login(people["officer"])
    page = english.get(reverse("handling:case", args=[case.pk])).content.decode()
    assert "30 days from delivery, not recorded yet" in page

    day = clock.local_day(case.answered_at) + timedelta(days=2)
    response = _post(english, case, "record_delivery", method="post", delivered_on=day.isoformat())
    assert response.status_code == 302
    page = english.get(reverse("handling:case", args=[case.pk])).content.decode()
    assert 'data-testid="delivery"' in page and day.isoformat() in page

    english.force_login(people["office"])
    case.refresh_from_db()
    response = _post(english, case, "request_review", reason="不服")
    assert response.status_code == 409
    assert "The time to ask for it ended on" in response.content.decode()
    assert Case.objects.get(pk=case.pk).status == Status.REPLIED


# --- 2. Reviews are decided by the level above, never by the body or the person who answered ---------


def test_the_replying_department_cannot_decide_its_own_review(town, people, case_at):
    case = case_at(Status.UNDER_REVIEW)
    for who in ("officer", "head"):
        with pytest.raises(PermissionDenied):
            services.case_decide_review(case=case, by=people[who], decision="upheld", opinion="维持")
    services.case_decide_review(case=case, by=people["leader"], decision="revised", opinion="改变")


def test_the_person_who_replied_never_decides_the_review(town, people, case_at):
    admin, other_admin = make_staff(Role.ADMINISTRATOR), make_staff(Role.ADMINISTRATOR)
    case = case_at(Status.IN_PROGRESS)
    case = services.case_reply(case=case, by=admin, outcome="upheld", text="经查", legal_basis="依据")
    case = services.case_request_review(case=case, reason="不服")
    assert not actions.DECIDE_REVIEW.who(admin, case)
    with pytest.raises(PermissionDenied):
        services.case_decide_review(case=case, by=admin, decision="upheld", opinion="维持")
    services.case_decide_review(case=case, by=other_admin, decision="upheld", opinion="维持")


def test_a_district_stations_reply_is_reviewed_by_the_district_and_recorded_as_received(town, people, case_at):
    Department.objects.filter(pk=town["dept_a"].pk).update(is_district_station=True)
    case = case_at(Status.UNDER_REVIEW)
    with pytest.raises(services.ActionNotAllowed, match="outside the town"):
        services.case_decide_review(case=case, by=people["office"], decision="upheld", opinion="维持")
    received = clock.today()
    with pytest.raises(ValidationError) as err:
        services.case_record_review_decision(
            case=case, by=people["office"], body="  ", received_on=received, decision="upheld", opinion="维持"
        )
    assert "body" in err.value.message_dict

    case = services.case_record_review_decision(
        case=case, by=people["office"], body="闵行区公安分局", received_on=received, decision="upheld", opinion="维持"
    )

    review = case.reviews.get(level=1)
    assert review.decided_outside_by == "闵行区公安分局"
    assert clock.local_day(review.decided_at) == received
    assert case.status == Status.REPLIED and clock.local_day(case.answered_at) == received


def test_a_re_review_is_never_decided_in_the_town(town, people, case_at):
    case = case_at(Status.UNDER_REREVIEW)
    assert Status.UNDER_REREVIEW not in actions.DECIDE_REVIEW.allowed_from
    with pytest.raises(services.ActionNotAllowed):
        services.case_decide_review(case=case, by=people["leader"], decision="upheld", opinion="维持")
    case = services.case_record_review_decision(
        case=case,
        by=people["office"],
        body="闵行区信访办",
        received_on=clock.today(),
        decision="upheld",
        opinion="维持",
    )
    assert case.status == Status.CLOSED


def test_pages_let_only_the_level_above_decide(client, town, people, case_at):
    case = case_at(Status.UNDER_REVIEW)
    client.force_login(people["head"])
    assert _post(client, case, "decide_review", decision="upheld", opinion="维持").status_code == 403
    page = client.get(reverse("handling:case", args=[case.pk])).content.decode()
    assert 'id="action-decide_review"' not in page and "decide_review" not in page
    client.force_login(people["office"])
    assert _post(client, case, "record_review_decision", body="区", received_on="2026-01-01").status_code in (
        409,
        400,
    )
    assert _post(client, case, "decide_review", decision="upheld", opinion="维持").status_code == 302
    assert Case.objects.get(pk=case.pk).status == Status.REPLIED


# --- 3. Hearing time does not count in a re-review ----------------------------------------------------


def test_a_hearing_pauses_the_re_review_and_moves_its_due_date(town, people, case_at):
    case = case_at(Status.UNDER_REREVIEW)
    review = case.reviews.get(level=2)
    start = timezone.now()
    case = services.case_pause_for_hearing(case=case, by=people["office"], note="组织听证", at=start)
    assert case.due_on is None
    with pytest.raises(services.ActionNotAllowed):
        services.case_pause_for_hearing(case=case, by=people["office"], at=start)

    case = services.case_resume_after_hearing(case=case, by=people["office"], at=start + timedelta(days=10))

    review.refresh_from_db()
    assert review.hearing_days == 10 and review.hearing_since is None
    expected = rereview_due_with_hearings(review.requested_at, 10)
    assert expected == clock.add_days(review.requested_at, settings.CASE_REREVIEW_DECISION_DAYS + 10)
    assert review.due_on == expected == case.due_on
    kinds = list(case.events.values_list("kind", "detail"))
    assert (CaseEvent.Kind.HEARING_PAUSED, "") in kinds and (CaseEvent.Kind.HEARING_RESUMED, "10") in kinds
    with pytest.raises(services.ActionNotAllowed):
        services.case_resume_after_hearing(case=case, by=people["office"])


def test_pages_pause_and_resume_a_hearing_and_refuse_the_department(client, town, people, case_at):
    case = case_at(Status.UNDER_REREVIEW)
    client.force_login(people["officer"])
    assert _post(client, case, "pause_for_hearing").status_code == 403
    client.force_login(people["office"])
    assert _post(client, case, "pause_for_hearing", note="听证").status_code == 302
    page = client.get(reverse("handling:case", args=[case.pk])).content.decode()
    assert 'data-testid="hearing-under-way"' in page
    case.refresh_from_db()
    assert _post(client, case, "resume_after_hearing").status_code == 302
    assert Case.objects.get(pk=case.pk).due_on is not None


# --- 4. An objection takes effect only when the petition office agrees --------------------------------


def test_an_objection_waits_for_the_office_and_the_clocks_run(town, people, case_at):
    case = case_at(Status.ASSIGNED)
    due = case.due_on
    case = services.case_object(case=case, by=people["officer"], reason="属房管办职责")

    assert case.status == Status.ASSIGNED and case.lead_department == town["dept_a"] and case.due_on == due
    assert case.objected_at is not None
    with pytest.raises(services.ActionNotAllowed):
        services.case_object(case=case, by=people["officer"], reason="再次")
    with pytest.raises(PermissionDenied):
        services.case_decide_objection(case=case, by=people["officer"], agree=True)
    with pytest.raises(ValidationError):
        services.case_decide_objection(case=case, by=people["office"], agree=False, note=" ")

    case = services.case_decide_objection(case=case, by=people["office"], agree=False, note="经核实属本部门职责")

    assert case.status == Status.ASSIGNED and case.objected_at is None
    assert case.events.filter(kind=CaseEvent.Kind.OBJECTION_REFUSED).exists()


def test_an_objection_agreed_sends_the_case_back_to_triage(town, people, case_at):
    case = case_at(Status.ASSIGNED)
    case = services.case_object(case=case, by=people["officer"], reason="属房管办职责")
    case = services.case_decide_objection(case=case, by=people["office"], agree=True)
    assert case.status == Status.REGISTERED and case.lead_department is None


def test_an_objection_after_five_working_days_is_refused(town, people, case_at):
    case = case_at(Status.ASSIGNED)
    late = day_start(case.objection_due_on + timedelta(days=1)) + timedelta(hours=10)
    with pytest.raises(services.ActionNotAllowed):
        services.case_object(case=case, by=people["officer"], reason="不属本部门", at=late)


def test_pages_object_and_the_office_checks_it_from_its_inbox(client, town, people, case_at):
    case = case_at(Status.ASSIGNED)
    client.force_login(people["officer"])
    response = _post(client, case, "object", reason="属房管办职责")
    assert response.status_code == 302 and response.url == reverse("handling:case", args=[case.pk])
    page = client.get(response.url).content.decode()
    assert 'data-testid="objection-pending"' in page
    case.refresh_from_db()
    assert _post(client, case, "decide_objection", decision="agree").status_code == 403

    client.force_login(people["office"])
    assert case.tracking_code in client.get(reverse("handling:inbox")).content.decode()
    assert _post(client, case, "decide_objection", decision="refuse", note="").status_code == 400
    assert _post(client, case, "decide_objection", decision="refuse", note="属本部门").status_code == 302
    assert Case.objects.get(pk=case.pk).lead_department == town["dept_a"]


# --- 5. Extensions only before the limit; lateness stays ----------------------------------------------


def test_a_late_extension_approval_is_refused_and_the_case_stays_late(town, people, case_at):
    signed = timezone.now() - timedelta(days=70)
    case = case_at(Status.ASSIGNED, received_at=signed - timedelta(days=1))
    case = services.case_sign(case=case, by=people["officer"], at=signed)
    due = case.reply_due_on
    asked = day_start(due) + timedelta(hours=9)
    case = services.case_ask_extension(case=case, by=people["officer"], days=30, reason="复杂", at=asked)

    with pytest.raises(services.ActionNotAllowed, match="before the limit runs out"):
        services.case_decide_extension(case=case, by=people["head"], approve=True, at=asked + timedelta(days=2))

    case.refresh_from_db()
    assert case.reply_due_on == due and case.extension_status == "requested"
    case = services.case_decide_extension(
        case=case, by=people["head"], approve=False, note="已超期", at=asked + timedelta(days=2)
    )
    case = services.case_reply(case=case, by=people["officer"], outcome="upheld", text="经查", legal_basis="依据")
    assert clock.DueState(case.reply_due_on, case.replied_at).was_late


def test_pages_refuse_a_late_extension_approval(client, town, people, case_at):
    signed = timezone.now() - timedelta(days=70)
    case = case_at(Status.ASSIGNED, received_at=signed - timedelta(days=1))
    case = services.case_sign(case=case, by=people["officer"], at=signed)
    asked = day_start(case.reply_due_on) + timedelta(hours=9)
    case = services.case_ask_extension(case=case, by=people["officer"], days=30, reason="复杂", at=asked)
    client.force_login(people["head"])
    response = _post(client, case, "decide_extension", decision="approve")
    assert response.status_code == 409
    assert Case.objects.get(pk=case.pk).extension_status == "requested"


def test_an_extension_in_time_is_approved(town, people, case_at):
    case = case_at(Status.IN_PROGRESS)
    case = services.case_ask_extension(case=case, by=people["officer"], days=30, reason="复杂")
    case = services.case_decide_extension(case=case, by=people["head"], approve=True)
    assert case.extension_status == "granted"


# --- 6. Suggestions and reports of misconduct: no clock, no outcome, no review -------------------------


@pytest.mark.parametrize("category", [Category.SUGGESTION, Category.MISCONDUCT])
def test_a_suggestion_or_a_report_has_no_clock_outcome_or_review(town, people, case_at, category):
    case = case_at(Status.IN_PROGRESS, category=category, accused_name="某人" if category == "misconduct" else "")
    assert case.reply_due_on is None and case.due_on is None
    with pytest.raises(services.ActionNotAllowed, match="Only a request for relief"):
        services.case_ask_extension(case=case, by=people["officer"], days=10, reason="复杂")
    with pytest.raises(ValidationError) as err:
        services.case_reply(case=case, by=people["officer"], outcome=Outcome.UPHELD, text="答复")
    assert "outcome" in err.value.message_dict
    case = services.case_reply(case=case, by=people["officer"], text="已研究/已移送纪检监察")
    assert case.status == Status.REPLIED and case.outcome == ""
    with pytest.raises(services.ActionNotAllowed, match="Only a request for relief"):
        services.case_request_review(case=case, reason="不服")


def test_a_request_for_relief_states_its_outcome_and_legal_basis(town, people, case_at):
    case = case_at(Status.IN_PROGRESS)
    assert case.reply_due_on is not None
    with pytest.raises(ValidationError) as err:
        services.case_reply(case=case, by=people["officer"], outcome=Outcome.EXPLAINED, text="经查", legal_basis=" ")
    assert "legal_basis" in err.value.message_dict


def test_the_reply_form_of_a_suggestion_has_no_outcome(client, town, people, case_at):
    case = case_at(Status.IN_PROGRESS, category=Category.SUGGESTION)
    client.force_login(people["officer"])
    page = client.get(reverse("handling:case", args=[case.pk])).content.decode()
    assert 'name="reply-text"' in page and 'name="reply-outcome"' not in page
    assert _post(client, case, "reply", text="感谢建议").status_code == 302
    relief = case_at(Status.IN_PROGRESS)
    page = client.get(reverse("handling:case", args=[relief.pk])).content.decode()
    assert 'name="reply-outcome"' in page and 'name="reply-legal_basis"' in page


# --- 7. Written notices, and "accepted" only when the handling body accepts -------------------------


def test_routing_does_not_tell_accepted_signing_does(town, people, case_at):
    case = case_at(Status.ASSIGNED)
    keys = set(Notification.objects.values_list("dedupe_key", flat=True))
    assert any(f"resident:{case.pk}:routed:" in k for k in keys if k)
    assert not any(f"resident:{case.pk}:accepted:" in k for k in keys if k)
    routed = Notification.objects.get(dedupe_key__startswith=f"resident:{case.pk}:routed:")
    assert "已受理" not in routed.body and "是否受理" in routed.body

    services.case_sign(case=case, by=people["officer"], notice="已受理，将于60日内答复")

    accepted = Notification.objects.get(dedupe_key__startswith=f"resident:{case.pk}:accepted:")
    assert settings.SITE_URL + reverse("track") in accepted.body and "已受理" in accepted.body


def test_the_acceptance_notice_prints_once_the_body_signed(english, town, people, case_at):
    case = case_at(Status.ASSIGNED)
    english.force_login(people["officer"])
    assert english.get(reverse("handling:notice", args=[case.pk])).status_code == 404
    services.case_sign(case=case, by=people["officer"], notice="我们将依法办理。")

    html = english.get(reverse("handling:notice", args=[case.pk])).content.decode()

    assert 'data-testid="acceptance-notice"' in html and "我们将依法办理。" in html
    assert 'data-testid="notice-due"' in html and "(seal)" in html
    case_page = english.get(reverse("handling:case", args=[case.pk])).content.decode()
    assert 'data-testid="open-notice"' in case_page
    english.force_login(people["other_officer"])
    assert english.get(reverse("handling:notice", args=[case.pk])).status_code == 404


def test_the_not_accepted_notice_gives_the_reason_and_where_to_go(english, town, people, case_at):
    case = case_at(Status.NOT_ACCEPTED)
    english.force_login(people["office"])
    html = english.get(reverse("handling:notice", args=[case.pk])).content.decode()
    assert 'data-testid="not-accepted-notice"' in html
    assert "请向法院起诉" in html
    assert str(NotAcceptedReason.LEGAL_PROCEDURE.label) in html


def test_the_tracking_page_says_accepted_only_after_signing(town, people, case_at):
    case = case_at(Status.ASSIGNED)
    with translation.override("en"):
        routed = public_status_text(case)
        routed_events = [e.title for e in case_public_timeline(case)]
        case = services.case_sign(case=case, by=people["officer"], notice="已受理")
        signed_events = [e.title for e in case_public_timeline(case)]
    assert "whether it accepts it" in routed and "was accepted" not in routed
    assert not any("accepted" in t for t in routed_events)
    assert "Your matter was accepted for handling." in signed_events


# --- 8. Intake: 不再受理 names the case, level-skipping is a flag, more people on a joint letter ---------


def test_not_accepted_again_names_a_re_reviewed_case(town, people, case_at):
    earlier = case_at(Status.CLOSED)  # replied and closed, never re-reviewed
    case = case_at()
    with pytest.raises(ValidationError) as err:
        services.case_not_accept(case=case, by=people["office"], reason="rereviewed", explanation="不再受理")
    assert "repeats" in err.value.message_dict
    with pytest.raises(ValidationError, match="has not been through a re-review"):
        services.case_not_accept(
            case=case, by=people["office"], reason="rereviewed", repeats=earlier.tracking_code, explanation="x"
        )
    final = rereviewed(town, people)
    case = services.case_not_accept(
        case=case, by=people["office"], reason="rereviewed", repeats=final.tracking_code.lower(), explanation="x"
    )
    assert case.status == Status.NOT_ACCEPTED_AGAIN and case.repeats_rereviewed == final


def test_level_skipping_is_not_a_ground(client, town, people, case_at):
    case = case_at(is_level_skipping=True)
    with pytest.raises(ValidationError, match="not a ground"):
        services.case_not_accept(
            case=case, by=people["office"], reason=NotAcceptedReason.LEVEL_SKIPPING, explanation="越级"
        )
    client.force_login(people["office"])
    page = client.get(reverse("handling:case", args=[case.pk])).content.decode()
    assert 'data-testid="level-skipping-guidance"' in page
    assert 'value="level_skipping"' not in page
    response = _post(client, case, "not_accept", reason="rereviewed", explanation="不再受理")
    assert response.status_code == 400 and Case.objects.get(pk=case.pk).status == Status.REGISTERED


def test_the_five_representative_cap_is_for_visits_only(town):
    names = [PetitionerData(name=f"联名{i}", phone=f"1390000{i:04d}") for i in range(8)]
    letter = make_case(channel=Channel.LETTER, petitioners=names)
    assert letter.case_petitioners.count() == 8
    with pytest.raises(ValidationError):
        make_case(channel=Channel.VISIT, petitioners=names[:6], is_group_visit=True, headcount=20)


# --- 9. The written reply states the request, facts and reasons, opinion, legal basis, seal ----------


def test_the_reply_document_states_the_legal_basis_and_has_a_seal(english, town, people, case_at):
    case = case_at(Status.IN_PROGRESS)
    services.case_reply(
        case=case, by=people["officer"], outcome=Outcome.UPHELD, text="经查属实", legal_basis="《城乡规划法》第六十四条"
    )
    english.force_login(people["officer"])
    html = english.get(reverse("handling:reply-document", args=[case.pk])).content.decode()
    for part in (
        "Your request",
        "Facts and reasons",
        "Legal basis",
        "《城乡规划法》第六十四条",
        'data-testid="doc-seal"',
    ):
        assert part in html
