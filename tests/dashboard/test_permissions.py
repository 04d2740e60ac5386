"""Who may see the dashboard and its exports, tried from the outsider's side; the misconduct rule in every number."""

from datetime import date

import pytest
from django.urls import reverse

from cases.models import Case, Category, Status
from cases.policy import accused_q, cases_visible_to
from dashboard import selectors

from .conftest import JUNE

pytestmark = pytest.mark.django_db

PAGES = ["dashboard:dashboard", "dashboard:export-xlsx", "dashboard:export-csv"]


@pytest.mark.parametrize("page", PAGES)
def test_an_anonymous_visitor_is_sent_to_log_in(client, page):
    response = client.get(reverse(page))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("who", ["officer", "grid", "reception", "agent"])
def test_staff_without_the_dashboard_permission_are_refused(client, people, who, page):
    client.force_login(people[who])
    assert client.get(reverse(page)).status_code == 403


def test_the_nav_shows_the_dashboard_only_to_those_who_may_open_it(client, people):
    client.force_login(people["officer"])
    assert 'data-testid="nav-dashboard"' not in client.get(reverse("home")).content.decode()
    client.force_login(people["leader"])
    assert 'data-testid="nav-dashboard"' in client.get(reverse("home")).content.decode()


@pytest.mark.parametrize("who", ["leader", "office"])
def test_the_town_office_sees_the_whole_town(client, people, make, town, today, who):
    make.signed(date(2026, 6, 1), date(2026, 6, 2))
    make.signed(date(2026, 6, 2), date(2026, 6, 3), lead_department=town["dept_b"])
    client.force_login(people[who])

    html = client.get(reverse("dashboard:dashboard"), JUNE).content.decode()

    assert 'data-testid="intake-total">2<' in html
    assert str(town["dept_a"]) in html and str(town["dept_b"]) in html


def test_a_department_head_sees_their_department_whatever_the_query_string_says(client, people, make, town, today):
    mine = make.signed(date(2026, 6, 1), date(2026, 6, 2))
    make.signed(date(2026, 6, 2), date(2026, 6, 3), lead_department=town["dept_b"])
    make(date(2026, 6, 3))  # at triage: no department yet
    client.force_login(people["head"])

    for query in (
        JUNE,
        {**JUNE, "department": str(town["dept_b"].pk)},
        {**JUNE, "department": ""},
        {**JUNE, "department": "no-such-department"},
    ):
        response = client.get(reverse("dashboard:dashboard"), query)
        html = response.content.decode()
        d = response.context["d"]
        assert d.intake_total.count == 1, query
        assert d.params.problems == []  # the department is not theirs to choose: nothing to complain about
        assert d.scope.department == town["dept_a"]
        assert [r.label for r in d.departments] == [str(town["dept_a"])]
        assert f"department={town['dept_a'].pk}" in d.intake_total.url
        assert str(town["dept_b"]) not in html.split('id="how-we-count"')[0].split("</form>", 1)[1]
    assert mine.lead_department == town["dept_a"]


def test_a_department_heads_export_holds_only_their_department(client, people, make, town, today):
    make.signed(date(2026, 6, 1), date(2026, 6, 2))
    make.signed(date(2026, 6, 2), date(2026, 6, 3), lead_department=town["dept_b"])
    client.force_login(people["head"])

    body = client.get(reverse("dashboard:export-csv"), {**JUNE, "department": town["dept_b"].pk}).content.decode()

    assert str(town["dept_a"]) in body and str(town["dept_b"]) not in body


def test_a_report_of_misconduct_counts_for_no_one_it_accuses(client, people, make, town, today):
    """The leader is accused in one report, the petition office's department in another: neither sees theirs."""
    make(date(2026, 6, 1))
    make(date(2026, 6, 2), category=Category.MISCONDUCT, accused_user=people["leader"])
    make(date(2026, 6, 3), category=Category.MISCONDUCT, accused_department=people["office"].staff.department)
    make(
        date(2026, 6, 4),
        category=Category.MISCONDUCT,
        accused_department=town["dept_a"],
        lead_department=town["dept_b"],
    )

    seen = {}
    for who in ("leader", "office"):
        client.force_login(people[who])
        for query in (JUNE, {**JUNE, "zone": str(town["community_a"].zone_id)}):  # rollup, then the cases
            d = client.get(reverse("dashboard:dashboard"), query).context["d"]
            seen[(who, d.source)] = (d.intake_total.count, d.totals.get("received"))
    assert seen == {
        ("leader", "rollup"): (3, 3),
        ("leader", "cases"): (3, 3),
        ("office", "rollup"): (3, 3),
        ("office", "cases"): (3, 3),
    }
    # The accused department's head: the report against it is led elsewhere and never reaches it.
    client.force_login(people["head"])
    assert client.get(reverse("dashboard:dashboard"), JUNE).context["d"].intake_total.count == 0


def test_what_the_rollup_takes_away_is_exactly_what_cases_visible_to_hides(people, make, town):
    """accused_q mirrors cases_visible_to for the town-wide roles; this keeps the two in step."""
    for n, (user, dept) in enumerate(
        [
            (people["leader"], None),
            (None, people["office"].staff.department),
            (people["office"], None),
            (None, town["dept_a"]),
            (people["head"], None),
        ]
    ):
        make(date(2026, 6, 1 + n), category=Category.MISCONDUCT, accused_user=user, accused_department=dept)
        make(date(2026, 6, 1 + n), accused_user=user, accused_department=dept)  # not a misconduct report: visible
    make(date(2026, 6, 9), status=Status.NOT_ACCEPTED)
    for who in ("leader", "office"):
        user = people[who]
        visible = set(cases_visible_to(user).values_list("pk", flat=True))
        hidden = set(Case.objects.filter(accused_q(user)).values_list("pk", flat=True))
        assert visible | hidden == set(Case.objects.values_list("pk", flat=True)), who
        assert not visible & hidden, who
        assert hidden, who


def test_a_superuser_without_a_profile_sees_the_whole_town(client, make, today, django_user_model):
    admin = django_user_model.objects.create_superuser("root", "root@example.com", "a-long-test-pass")
    make(date(2026, 6, 1))
    client.force_login(admin)
    d = client.get(reverse("dashboard:dashboard"), JUNE).context["d"]
    assert d.scope.town_wide and d.intake_total.count == 1


def test_a_heads_dashboard_cases_are_exactly_what_cases_visible_to_shows_of_their_department(people, make, town):
    """base_cases says a head's cases without cases_visible_to's subqueries; this keeps the two in step."""
    from cases.models import CaseAssignment
    from dashboard import forms

    head, dept_a, dept_b = people["head"], town["dept_a"], town["dept_b"]
    for n, (lead, accused_user, accused_dept) in enumerate(
        [
            (dept_a, None, None),
            (dept_a, head, None),
            (dept_a, None, dept_a),
            (dept_a, None, dept_b),
            (dept_b, None, None),
        ]
    ):
        for category in (Category.MISCONDUCT, Category.RELIEF):
            make.routed(
                date(2026, 6, 1 + n),
                date(2026, 6, 2 + n),
                lead_department=lead,
                category=category,
                accused_user=accused_user,
                accused_department=accused_dept,
            )
    # Seen by the head for other reasons (assisting, assigned to them): not their department's dashboard.
    assisted = make.routed(date(2026, 6, 8), date(2026, 6, 9), lead_department=dept_b)
    assisted.assisting_departments.add(dept_a)
    assigned = make.routed(date(2026, 6, 8), date(2026, 6, 9), lead_department=dept_b)
    CaseAssignment.objects.create(case=assigned, user=head)
    refs = selectors.refs_load()
    params, _form = forms.read_params(JUNE, refs=refs, today=date(2026, 7, 1), locked_department=str(dept_a.pk))

    base = set(selectors.base_cases(selectors.scope_for(head), params).values_list("pk", flat=True))

    visible = cases_visible_to(head).filter(lead_department=dept_a)
    assert base == set(visible.values_list("pk", flat=True))
    assert len(base) == 6  # 8 led by A, less the 2 reports accusing the head or A
