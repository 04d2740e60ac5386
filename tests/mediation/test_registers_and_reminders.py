"""A committee has 3-9 members and one chair, for 3 years; terms coming due are reminded once, not twice."""

from datetime import date

import pytest

from mediation.models import Committee
from mediation.models.registers import membership_problems
from mediation.reminders import term_reminders_sweep
from notifications.models import Notification

from .conftest import sign_all, under_way, written_agreement

pytestmark = pytest.mark.django_db


def _members(n, chairs=1):
    return [{"kind": "member", "is_chair": i < chairs, "is_active": True} for i in range(n)]


@pytest.mark.parametrize(
    ("members", "ok"),
    [
        (_members(3), True),
        (_members(9), True),
        (_members(2), False),
        (_members(10), False),
        (_members(5, chairs=0), False),
        (_members(5, chairs=2), False),
    ],
)
def test_a_committee_has_three_to_nine_members_and_exactly_one_chair(members, ok):
    assert (membership_problems(members) == []) is ok


def test_a_committees_term_is_three_years():
    assert Committee(term_starts_on=date(2024, 2, 29)).term_ends_on == date(2027, 2, 28)
    assert Committee(term_starts_on=date(2025, 6, 1)).term_ends_on == date(2028, 6, 1)


def test_a_term_coming_due_is_reminded_to_its_mediators_once_not_twice(committees, people):
    mediation = under_way(committees["yinyi"])
    mediation.mediators.set(committees["yinyi"].mediators.all())
    agreement = sign_all(written_agreement(mediation, due_on=date(2026, 3, 20)), date(2026, 3, 2))

    assert term_reminders_sweep(today=date(2026, 3, 10)) == 0  # not yet within the days before
    assert term_reminders_sweep(today=date(2026, 3, 18)) == 1
    assert term_reminders_sweep(today=date(2026, 3, 18)) == 0
    assert term_reminders_sweep(today=date(2026, 3, 25)) == 0  # overdue: still the one message

    sent = Notification.objects.get()
    assert sent.recipient == people["mediator"]
    assert sent.subject == agreement.terms.get()
    assert mediation.number in sent.title


def test_a_performed_term_is_not_reminded(committees, people):
    from mediation.services import term_performed

    mediation = under_way(committees["yinyi"])
    mediation.mediators.set(committees["yinyi"].mediators.all())
    agreement = sign_all(written_agreement(mediation, due_on=date(2026, 3, 20)), date(2026, 3, 2))
    term_performed(term=agreement.terms.get(), by=None, performed_on=date(2026, 3, 5))
    assert term_reminders_sweep(today=date(2026, 3, 19)) == 0
