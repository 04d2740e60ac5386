"""The timeline is append-only, and every status change writes its event in the same transaction."""

import pytest
from django.db import transaction
from django.utils import timezone

from cases import actions
from cases.models import AppendOnlyError, CaseEvent, Status
from cases.services import CaseConflict, case_move_tier, case_route
from cases.services.writes import write
from grids.models import Role

from ..factories import make_case, make_staff

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


def _write(case, by, action, to_status, note=""):
    with transaction.atomic():
        return write(case=case, by=by, action=action, at=timezone.now(), to_status=to_status, note=note)


def test_a_status_change_writes_its_event(town, reception):
    case = make_case()

    _write(case, reception, actions.ROUTE, Status.ASSIGNED, note="交办")

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
    _write(case, reception, actions.ROUTE, Status.ASSIGNED)

    with pytest.raises(CaseConflict) as err:
        _write(stale, reception, actions.NOT_ACCEPT, Status.NOT_ACCEPTED)

    assert err.value.case.status == Status.ASSIGNED
    assert CaseEvent.objects.filter(case=case).count() == 2


def test_a_change_from_the_wrong_status_is_refused(town, reception):
    case = make_case()

    with pytest.raises(CaseConflict):
        _write(case, reception, actions.CLOSE, Status.CLOSED)
    case.refresh_from_db()
    assert case.status == Status.REGISTERED


def test_the_event_rolls_back_with_the_change(town, reception):
    case = make_case()

    with pytest.raises(RuntimeError), transaction.atomic():
        _write(case, reception, actions.ROUTE, Status.ASSIGNED)
        raise RuntimeError("the request failed after the change")

    case.refresh_from_db()
    assert case.status == Status.REGISTERED
    assert case.events.count() == 1


def test_moving_a_tier_needs_a_reason_and_is_recorded(town):
    admin = make_staff(Role.ADMINISTRATOR)
    case = make_case(grid=town["grid_a"])
    case = case_route(case=case, by=admin, lead_department=town["dept_a"], tier=case.tier)

    with pytest.raises(Exception, match="reason"):
        case_move_tier(case=case, by=admin, to_tier=town["tiers"]["town"], reason="  ")

    case = case_move_tier(case=case, by=admin, to_tier=town["tiers"]["town"], reason="居村无法解决")
    assert case.tier.code == "town"
    event = case.events.last()
    assert (event.kind, event.old_tier.code, event.new_tier.code) == (CaseEvent.Kind.TIER, "building", "town")
