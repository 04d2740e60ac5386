"""The handling pages as people use them: inbox, queue, case page, actions and the printable reply."""

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from cases import services
from cases.models import Attachment, Case, Channel, Status
from cases.services import PetitionerData

from ...factories import SubjectFactory, make_case
from .conftest import rereviewed

pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.fixture
def english(client):
    client.cookies.load({"django_language": "en"})
    return client


def _codes(html: str) -> list[str]:
    return re.findall(r'class="font-monospace fw-semibold[^"]*" href="/cases/\d+/">([^<]+)<', html)


def _post(client, case: Case, action: str, **fields):
    data = {f"{action}-version": case.version, **{f"{action}-{k}": v for k, v in fields.items()}}
    return client.post(reverse("handling:action", args=[case.pk, action]), data)


# --- Triage inbox -------------------------------------------------------------------------------


def test_the_inbox_lists_registered_cases_oldest_first_with_the_transfer_clock(english, town, people, case_at):
    now = timezone.now()
    newer = case_at(received_at=now - timedelta(days=2))
    older = case_at(received_at=now - timedelta(days=20))
    routed = case_at(Status.ASSIGNED, received_at=now - timedelta(days=30))
    declined = case_at(Status.NOT_ACCEPTED, received_at=now - timedelta(days=30))
    english.force_login(people["office"])

    html = english.get(reverse("handling:inbox")).content.decode()

    assert _codes(html) == [older.tracking_code, newer.tracking_code]
    assert routed.tracking_code not in html and declined.tracking_code not in html
    assert older.transfer_due_on.isoformat() in html
    assert 'data-testid="inbox-overdue">1<' in html
    assert "Overdue" in html


def test_only_the_petition_office_has_the_inbox(client, town, people, case_at):
    for who in ("officer", "head", "grid", "reception"):
        client.force_login(people[who])
        assert client.get(reverse("handling:inbox")).status_code == 403, who
    # The leaders' inbox holds only reports against the petition office (test_reports_against_office).
    case_at(Status.REGISTERED)
    client.force_login(people["leader"])
    assert list(client.get(reverse("handling:inbox")).context["page"]) == []


# --- Queue --------------------------------------------------------------------------------------


def test_an_officer_sees_their_departments_open_cases_soonest_due_first(english, town, people, case_at):
    with time_machine.travel(timezone.now() - timedelta(days=50)):
        early = case_at(Status.IN_PROGRESS)
    late = case_at(Status.IN_PROGRESS)
    assigned = case_at(Status.ASSIGNED)
    closed = case_at(Status.CLOSED)
    english.force_login(people["officer"])

    html = english.get(reverse("handling:queue")).content.decode()

    assert _codes(html) == [early.tracking_code, assigned.tracking_code, late.tracking_code]
    assert closed.tracking_code not in html


def test_not_accepted_cases_leave_the_queue_but_stay_searchable(english, town, people, case_at):
    declined = case_at(Status.NOT_ACCEPTED)
    english.force_login(people["office"])

    assert declined.tracking_code not in english.get(reverse("handling:queue")).content.decode()
    for q in (declined.tracking_code, declined.tracking_code.lower().replace("-", ""), "张三", "13900000000", "漏水"):
        html = english.get(reverse("handling:queue"), {"q": q}).content.decode()
        assert declined.tracking_code in html, q
    html = english.get(reverse("handling:queue"), {"status": "not_accepted"}).content.decode()
    assert _codes(html) == [declined.tracking_code]


def test_the_search_box_finds_by_address_and_petitioner_name(english, town, people, case_at):
    case = case_at(
        Status.IN_PROGRESS, address="银都路300弄", petitioners=[PetitionerData(name="佘老伯", phone="13901230002")]
    )
    other = case_at(Status.IN_PROGRESS)
    english.force_login(people["office"])

    for q in ("银都路300", "佘老伯"):
        codes = _codes(english.get(reverse("handling:queue"), {"q": q}).content.decode())
        assert codes == [case.tracking_code], q
    assert other.tracking_code not in english.get(reverse("handling:queue"), {"q": "佘老伯"}).content.decode()


def test_the_queue_filters_by_due_state_and_counts_each_option(english, town, people, case_at):
    with time_machine.travel(datetime(2025, 4, 1, 10, tzinfo=SHANGHAI), tick=False):
        overdue = case_at(Status.IN_PROGRESS)  # reply due 3 June, after the Dragon Boat holiday
    with time_machine.travel(datetime(2025, 4, 12, 10, tzinfo=SHANGHAI), tick=False):
        soon = case_at(Status.IN_PROGRESS)  # reply due 11 June
    with time_machine.travel(datetime(2025, 4, 20, 10, tzinfo=SHANGHAI), tick=False):
        fine = case_at(Status.IN_PROGRESS)  # reply due 19 June
    english.force_login(people["office"])

    with time_machine.travel(datetime(2025, 6, 10, 9, tzinfo=SHANGHAI), tick=False):
        html = english.get(reverse("handling:queue"), {"due": "overdue"}).content.decode()
        assert _codes(html) == [overdue.tracking_code]
        html = english.get(reverse("handling:queue"), {"due": "soon"}).content.decode()
        assert _codes(html) == [soon.tracking_code]
        assert fine.tracking_code not in html
        counts = english.get(reverse("handling:queue-counts"), {"due": "soon"}).json()["counts"]
        assert (counts["due:overdue"], counts["due:soon"]) == (1, 1)
        assert 'data-count-key="due:overdue"' in html, "the badge the page fills in"
        html = english.get(reverse("handling:queue")).content.decode()
        assert _codes(html) == [overdue.tracking_code, soon.tracking_code, fine.tracking_code]


def test_the_queue_filters_by_tier_community_subject_channel_and_status(english, town, people, case_at):
    noise = SubjectFactory(code="noise", name="噪声")
    a = case_at(Status.IN_PROGRESS)
    b = case_at(Status.IN_PROGRESS, grid=town["grid_b"], subject=noise, channel=Channel.PHONE)
    b = services.case_move_tier(case=b, by=people["office"], to_tier=town["tiers"]["town"], reason="跨居村")
    replied = case_at(Status.REPLIED)
    english.force_login(people["office"])
    queue = reverse("handling:queue")

    def codes(**params):
        return set(_codes(english.get(queue, params).content.decode()))

    assert codes(tier=town["tiers"]["town"].pk) == {b.tracking_code}
    # Replied cases are still open: the handler closes them from the queue.
    assert codes(community=town["community_a"].pk) == {a.tracking_code, replied.tracking_code}
    assert codes(subject=noise.pk) == {b.tracking_code}
    assert codes(channel=Channel.PHONE) == {b.tracking_code}
    assert codes(status=Status.REPLIED) == {replied.tracking_code}
    assert codes(status="all") == {a.tracking_code, b.tracking_code, replied.tracking_code}
    assert codes(channel=Channel.PHONE, community=town["community_a"].pk) == set()


def test_the_counts_of_each_option_follow_the_other_filters(english, town, people, case_at):
    case_at(Status.IN_PROGRESS, channel=Channel.PHONE)
    case_at(Status.IN_PROGRESS, channel=Channel.LETTER)
    case_at(Status.CLOSED, channel=Channel.PHONE)
    english.force_login(people["office"])

    answer = english.get(reverse("handling:queue-counts"), {"channel": Channel.PHONE}).json()
    counts = answer["counts"]

    assert counts["status:open"] == 1, "open cases by phone"
    assert counts["status:all"] == 2
    assert counts["channel:letter"] == 1, "letters among open cases"
    assert counts["channel:phone"] == 1
    assert (answer["total"], answer["total_text"]) == (1, "1 case in this list")
    html = english.get(reverse("handling:queue"), {"channel": Channel.PHONE}).content.decode()
    assert 'data-count-key="channel:letter" data-label="Letter">Letter</option>' in html, "filled in by the page"


def test_the_queue_flags_extensions_waiting_and_unsatisfied_petitioners(english, town, people, case_at):
    waiting = services.case_ask_extension(
        case=case_at(Status.IN_PROGRESS), by=people["officer"], days=10, reason="复杂"
    )
    unhappy = services.case_rate(case=case_at(Status.REPLIED), rating="not_satisfied")
    english.force_login(people["office"])

    assert _codes(english.get(reverse("handling:queue"), {"flag": "extension"}).content.decode()) == [
        waiting.tracking_code
    ]
    html = english.get(reverse("handling:queue"), {"flag": "unsatisfied"}).content.decode()
    assert _codes(html) == [unhappy.tracking_code]


def test_the_queue_is_paginated(english, town, people, case_at):
    for _ in range(27):
        make_case(grid=town["grid_a"])
    english.force_login(people["office"])

    first = english.get(reverse("handling:queue"))
    after = first.context["page"].next_cursor
    second = english.get(reverse("handling:queue"), {"after": after})
    back = english.get(reverse("handling:queue"), {"before": second.context["page"].previous_cursor})

    assert len(_codes(first.content.decode())) == 25
    assert len(_codes(second.content.decode())) == 2
    assert not set(_codes(first.content.decode())) & set(_codes(second.content.decode()))
    assert _codes(back.content.decode()) == _codes(first.content.decode())
    assert 'data-testid="page-next"' in first.content.decode()
    assert second.context["page"].next_cursor is None
    assert back.context["page"].previous_cursor is None


def test_a_bad_filter_value_is_ignored_not_an_error(english, town, people, case_at):
    case_at(Status.IN_PROGRESS)
    english.force_login(people["office"])
    page = english.get(reverse("handling:queue"), {"tier": "nope", "due": "yesterday", "page": "x"})
    assert page.status_code == 200


# --- Case page ----------------------------------------------------------------------------------


def test_the_case_page_shows_the_registration_with_the_id_number_masked(english, town, people, case_at):
    case = case_at(
        Status.IN_PROGRESS,
        petitioners=[PetitionerData(name="王芳", phone="13912345678", id_number="31011219800101123X")],
    )
    english.force_login(people["officer"])

    html = english.get(reverse("handling:case", args=[case.pk])).content.decode()

    assert "王芳" in html and "13912345678" in html
    assert "**************123X" in html
    assert "31011219800101123X" not in html


def test_the_case_page_shows_an_overdue_step_in_red(english, town, people, case_at):
    with time_machine.travel(datetime(2025, 4, 1, 10, tzinfo=SHANGHAI), tick=False):
        case = case_at(Status.IN_PROGRESS)  # reply due 3 June 2025
    english.force_login(people["officer"])

    with time_machine.travel(datetime(2025, 6, 6, 10, tzinfo=SHANGHAI), tick=False):
        html = english.get(reverse("handling:case", args=[case.pk])).content.decode()

    assert "clock-row clock-overdue" in html
    assert 'data-testid="overdue">Overdue 3 days' in html
    assert 'data-testid="tier-exceeded"' in html, "the building tier's target of 15 days is long past"


def test_the_case_page_offers_only_what_this_person_may_do_now(english, town, people, case_at):
    case = case_at(Status.IN_PROGRESS)

    def actions(who):
        english.force_login(people[who])
        html = english.get(reverse("handling:case", args=[case.pk])).content.decode()
        return re.findall(r'data-action="(\w+)"', html)

    # The case app's own actions first; then those other apps register (people's mediation's referral).
    assert actions("officer") == ["reply", "note", "ask_extension", "change_tier", "people", "refer_mediation"]
    assert actions("office") == ["note", "change_tier", "people", "refer_mediation"]
    assert actions("head") == ["reply", "note", "ask_extension", "change_tier", "people", "refer_mediation"]
    assert actions("leader") == []
    case = services.case_ask_extension(case=case, by=people["officer"], days=10, reason="复杂")
    assert actions("head")[0] == "decide_extension"


def test_actions_are_post_only(client, town, people, case_at):
    case = case_at(Status.ASSIGNED)
    client.force_login(people["officer"])
    assert client.get(reverse("handling:action", args=[case.pk, "sign"])).status_code == 405
    assert client.get(reverse("handling:action", args=[case.pk, "nonsense"])).status_code == 405
    assert client.post(reverse("handling:action", args=[case.pk, "nonsense"])).status_code == 404


def test_an_action_goes_through_and_says_so(english, town, people, case_at):
    case = case_at(Status.ASSIGNED)
    english.force_login(people["officer"])

    page = _post(english, case, "sign", notice="已受理")

    assert page.status_code == 302
    page = english.get(page["Location"])
    assert "Signed for: the written acceptance notice went to the petitioner." in page.content.decode()
    assert Case.objects.get(pk=case.pk).status == Status.IN_PROGRESS


def test_bad_input_comes_back_with_what_was_typed_and_a_clear_message(english, town, people, case_at):
    case = case_at(Status.IN_PROGRESS)
    english.force_login(people["officer"])

    page = _post(english, case, "reply", text="我写了很长的答复但忘了选结果")

    html = page.content.decode()
    assert page.status_code == 400
    assert "Please correct what is marked below." in html
    assert "我写了很长的答复但忘了选结果</textarea>" in html
    assert "This field is required." in html
    assert Case.objects.get(pk=case.pk).status == Status.IN_PROGRESS


def test_a_refusal_from_the_clock_is_explained_on_the_page(english, town, people, case_at):
    now = timezone.now()
    with time_machine.travel(now - timedelta(days=20)):
        case = case_at(Status.ASSIGNED)
    english.force_login(people["officer"])

    html = _post(english, case, "object", reason="不归我们管").content.decode()

    assert "object" not in re.findall(r'data-action="(\w+)"', html)
    assert "The time to object ended on" in html
    assert "不归我们管" in html


def test_an_objection_hands_the_case_back_once_the_office_agrees(english, town, people, case_at):
    case = case_at(Status.ASSIGNED)
    english.force_login(people["officer"])

    page = _post(english, case, "object", reason="属于房管办职责")

    assert page["Location"] == reverse("handling:case", args=[case.pk])
    english.force_login(people["office"])
    case.refresh_from_db()
    page = _post(english, case, "decide_objection", decision="agree")
    assert page["Location"] == reverse("handling:case", args=[case.pk])
    english.force_login(people["officer"])
    assert english.get(reverse("handling:case", args=[case.pk])).status_code == 404


def test_the_routing_form_suggests_the_subjects_department(english, town, people, case_at, subject):
    case = case_at()
    english.force_login(people["office"])

    html = english.get(reverse("handling:case", args=[case.pk])).content.decode()

    assert re.search(rf'<option value="{town["dept_a"].pk}" selected[ >]', html)
    assert "suggested by the subject" in html


def test_triage_routes_a_case_from_its_page(english, town, people, case_at):
    case = case_at()
    english.force_login(people["office"])

    page = _post(
        english,
        case,
        "route",
        zone=town["community_a"].zone.pk,
        tier=town["tiers"]["community"].pk,
        lead_department=town["dept_a"].pk,
        assisting_departments=[town["dept_b"].pk],
        people=[people["grid"].pk, people["mediator"].pk],
        note="请尽快上门",
    )

    assert page.status_code == 302
    case.refresh_from_db()
    assert (case.status, case.lead_department, case.tier.code) == (Status.ASSIGNED, town["dept_a"], "community")
    assert set(case.assignees.values_list("username", flat=True)) == {"grid", "mediator"}


def test_attachments_download_only_through_the_case(client, town, people, case_at):
    case = case_at(Status.IN_PROGRESS)
    attachment = Attachment(
        case=case, original_name="现场照片.jpg", content_type="image/jpeg", size=4, stored_name="a1b2.jpg"
    )
    attachment.file.save("a1b2.jpg", ContentFile(b"\xff\xd8\xff\xe0"), save=False)
    attachment.save()
    url = reverse("handling:attachment", args=[case.pk, attachment.pk])

    client.force_login(people["officer"])
    page = client.get(url)
    assert page.status_code == 200
    assert b"".join(page.streaming_content) == b"\xff\xd8\xff\xe0"
    assert "attachment;" in page["Content-Disposition"]

    client.force_login(people["other_officer"])
    assert client.get(url).status_code == 404
    other = case_at(Status.IN_PROGRESS)
    client.force_login(people["officer"])
    assert client.get(reverse("handling:attachment", args=[other.pk, attachment.pk])).status_code == 404
    attachment.file.delete(save=False)


# --- The printable written reply ----------------------------------------------------------------


def test_the_written_reply_prints_the_outcome_the_department_and_the_right_to_review(english, town, people, case_at):
    with time_machine.travel(datetime(2025, 11, 6, 10, tzinfo=SHANGHAI), tick=False):
        case = case_at(Status.REPLIED)
    english.force_login(people["officer"])

    html = english.get(reverse("handling:reply-document", args=[case.pk])).content.decode()

    assert "Written Opinion on the Handling of a Petition" in html
    assert case.tracking_code in html
    assert "张三" in html, "addressed to the petitioner"
    assert "经查属实，已拆除。" in html
    assert 'data-testid="doc-outcome">Upheld<' in html
    assert "within 30 days" in html
    assert town["dept_a"].name in html
    assert "Nov. 6, 2025" in html or "November 6, 2025" in html


def test_the_written_reply_in_chinese_uses_chinese_dates(client, town, people, case_at):
    with time_machine.travel(datetime(2025, 11, 6, 10, tzinfo=SHANGHAI), tick=False):
        case = case_at(Status.REPLIED)
    client.force_login(people["officer"])

    html = client.get(reverse("handling:reply-document", args=[case.pk])).content.decode()

    assert "2025年11月6日" in html


def test_the_written_reply_includes_the_review_opinions(english, town, people, case_at):
    case = rereviewed(town, people)
    english.force_login(people["office"])

    html = english.get(reverse("handling:reply-document", args=[case.pk])).content.decode()

    assert "Written Opinion on a Review" in html
    assert "Written Opinion on a Re-review" in html
    assert "This re-review opinion is final." in html
    assert "闵行区信访办" in html  # the district body, whose decision was recorded as received


def test_there_is_no_written_reply_before_the_reply(client, town, people, case_at):
    case = case_at(Status.IN_PROGRESS)
    client.force_login(people["officer"])
    assert client.get(reverse("handling:reply-document", args=[case.pk])).status_code == 404


def test_the_pages_speak_chinese_by_default(client, town, people, case_at):
    case = case_at(Status.IN_PROGRESS)
    client.force_login(people["officer"])
    html = client.get(reverse("handling:case", args=[case.pk])).content.decode()
    assert 'lang="zh-hans"' in html
    assert "办理中" in html  # the status, from the catalog


def test_the_timeline_names_each_step_and_its_detail_in_the_readers_language(english, town, people, case_at):
    case = case_at(Status.UNDER_REVIEW)
    case = services.case_decide_review(case=case, by=people["office"], decision="upheld", opinion="维持")
    english.force_login(people["office"])

    html = english.get(reverse("handling:case", args=[case.pk])).content.decode()

    for title in (
        "Routed to the handling body",
        "Signed for: accepted, notice sent",
        "Replied",
        "Review requested",
        "Review decided",
    ):
        assert f'<span class="fw-semibold">{title}</span>' in html, title
    assert '<span class="badge text-bg-light border">The earlier opinion stands</span>' in html
    assert '<span class="badge text-bg-light border">Upheld</span>' in html, "the reply's outcome"
