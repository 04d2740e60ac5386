"""Writers on cases received the same day, each in its own thread and connection, with refreshes running at once.

The dirty-day mark is an insert of its own per change, so a writer never waits for another writer's commit,
and a refresh forgets only the marks it read, so no change committed while it recounted is lost.
"""

import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import date

import pytest
from django.db import OperationalError, connection, transaction

from cases.models import Case, Channel, Status
from dashboard import cube
from dashboard.models import DashboardDirtyDay

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's row locks; CI runs it"),
    pytest.mark.django_db(transaction=True),
]

DAY = date(2026, 6, 1)


def _in_own_thread(work):
    def run(*args):
        try:
            return work(*args)
        finally:
            connection.close()  # the thread's own connection, or the test database cannot be dropped

    return run


def test_a_writer_does_not_wait_for_another_open_transaction_on_the_same_day(make, today):
    first, second = make(DAY), make(DAY)
    cube.refresh()
    first_wrote, second_done = threading.Event(), threading.Event()

    @_in_own_thread
    def hold_open():
        with transaction.atomic():
            Case.objects.filter(pk=first.pk).update(status=Status.ASSIGNED)
            first_wrote.set()
            # Stays open until the other writer has committed (or gave up).
            second_done.wait(timeout=30)

    @_in_own_thread
    def write_meanwhile():
        first_wrote.wait(timeout=30)
        try:
            with transaction.atomic(), connection.cursor() as cursor:
                # A row lock held by the open transaction would stop this update here.
                cursor.execute("SET LOCAL lock_timeout = '2s'")
                Case.objects.filter(pk=second.pk).update(status=Status.ASSIGNED)
        except OperationalError as error:
            return error
        finally:
            second_done.set()
        return None

    with ThreadPoolExecutor(max_workers=2) as pool:
        held = pool.submit(hold_open)
        meanwhile = pool.submit(write_meanwhile)
        assert meanwhile.result(timeout=60) is None
        held.result(timeout=60)

    assert DashboardDirtyDay.objects.filter(day=DAY).exists()
    cube.refresh()
    assert cube.differences() == []


def test_no_change_is_lost_when_writers_and_refreshes_run_at_once(make, today):
    cases = [make(DAY) for _ in range(4)]
    cube.refresh()
    stop = threading.Event()
    barrier = threading.Barrier(len(cases) + 1)
    channels = [Channel.VISIT, Channel.PHONE, Channel.LETTER]

    @_in_own_thread
    def write(index: int) -> None:
        barrier.wait(timeout=30)
        for round_ in range(15):
            with transaction.atomic():
                Case.objects.filter(pk=cases[index].pk).update(channel=channels[(index + round_) % len(channels)])

    @_in_own_thread
    def refresh_meanwhile() -> int:
        barrier.wait(timeout=30)
        runs = 0
        while not stop.is_set():
            with transaction.atomic():
                cube.refresh()
            runs += 1
        return runs

    with ThreadPoolExecutor(max_workers=len(cases) + 1) as pool:
        refresher = pool.submit(refresh_meanwhile)
        writers = [pool.submit(write, i) for i in range(len(cases))]
        for w in writers:
            w.result(timeout=120)
        stop.set()
        assert refresher.result(timeout=120) > 0

    # Every change the refreshes did not count left a mark: one more refresh makes the rollup exact.
    cube.refresh()
    assert cube.differences() == []
    assert not DashboardDirtyDay.objects.exists()
