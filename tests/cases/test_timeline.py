"""The timeline is append-only, and every status change writes its event in the same transaction."""

import pytest
from django.db import transaction

from cases.models import AppendOnlyError, CaseEvent, Status
from cases.services import CaseConflict, case_change_tier, case_move

from ..factories import make_case

pytestmark = pytest.mark.django_db


def test_an_event_cannot_be_edited(town):
    event = make_case().events.get()
    event.note = "rewritten history"

    with pytest.raises(AppendOnlyError):
        event.save()
    assert CaseEvent.objects.get().note == ""


def test_an_event_cannot_be_deleted_one_by_one_or_in_bulk(town):
    case = make_case()

    with pytest.raises(AppendOnlyError):
        case.events.get().delete()
    with pytest.raises(AppendOnlyError):
        CaseEvent.objects.all().delete()
    with pytest.raises(AppendOnlyError):
        CaseEvent.objects.filter(case=case).update(note="x")
    with pytest.raises(AppendOnlyError):
        CaseEvent.objects.bulk_update([case.events.get()], ["note"])
    assert CaseEvent.objects.count() == 1


def test_a_status_change_writes_its_event(town, reception):
    case = make_case()

    case = case_move(case=case, by=reception, to_status=Status.ASSIGNED, allowed_from=[Status.REGISTERED], note="交办")

    assert case.status == Status.ASSIGNED
    assert case.version == 2
    event = case.events.last()
    assert (event.old_status, event.new_status, event.note, event.actor) == (
        Status.REGISTERED,
        Status.ASSIGNED,
        "交办",
        reception,
    )


def test_a_stale_change_is_refused_and_writes_nothing(town, reception):
    case = make_case()
    stale = type(case).objects.get(pk=case.pk)
    case_move(case=case, by=reception, to_status=Status.ASSIGNED, allowed_from=[Status.REGISTERED])

    with pytest.raises(CaseConflict) as err:
        case_move(case=stale, by=reception, to_status=Status.NOT_ACCEPTED, allowed_from=[Status.REGISTERED])

    assert err.value.case.status == Status.ASSIGNED
    assert CaseEvent.objects.filter(case=case).count() == 2


def test_a_change_from_the_wrong_status_is_refused(town, reception):
    case = make_case()

    with pytest.raises(CaseConflict):
        case_move(case=case, by=reception, to_status=Status.CLOSED, allowed_from=[Status.REPLIED])
    case.refresh_from_db()
    assert case.status == Status.REGISTERED


def test_the_event_rolls_back_with_the_change(town, reception):
    case = make_case()

    with pytest.raises(RuntimeError), transaction.atomic():
        case_move(case=case, by=reception, to_status=Status.ASSIGNED, allowed_from=[Status.REGISTERED])
        raise RuntimeError("the request failed after the change")

    case.refresh_from_db()
    assert case.status == Status.REGISTERED
    assert case.events.count() == 1


def test_moving_a_tier_needs_a_reason_and_is_recorded(town, reception):
    case = make_case(grid=town["grid_a"])

    with pytest.raises(Exception, match="reason"):
        case_change_tier(case=case, by=reception, to_tier=town["tiers"]["town"], reason="  ")

    case = case_change_tier(case=case, by=reception, to_tier=town["tiers"]["town"], reason="居村无法解决")
    assert case.tier.code == "town"
    event = case.events.last()
    assert (event.kind, event.old_tier.code, event.new_tier.code) == (CaseEvent.Kind.TIER, "building", "town")
