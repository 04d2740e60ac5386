"""The queue's list, one page at a time in a stable order, read from indexes (keyset pagination).

Every case a person may see is the union of a few branches (cases.policy.visibility_branches), and each
branch split by status is one index range already in the page's order: a handful of short index walks of
one page each, merged, give the page without reading or sorting the rest of the town. The page is then
read again through cases_visible_to, so the rule stays the one of cases.policy, exact.

The position in the list is the sort key of the page's last (or first) row, never a row number: a later
page costs the same as the first, and a case arriving meanwhile does not shift the rows under the reader.
"""

from dataclasses import dataclass, field
from datetime import date, datetime

from django.contrib.auth.models import AbstractBaseUser
from django.db import connection
from django.db.models import BooleanField, DateField, DateTimeField, Expression, F, IntegerField, Q, QuerySet, Value
from django.utils.dateparse import parse_date, parse_datetime

from ..models import Case
from ..models.case import queue_due_key
from ..policy import accused_q, cases_visible_to, visibility_branches
from .handling import queue_cases, with_due_state

SORTS = {
    # sort -> (key names, descending)
    "due": (("due_key", "received_at", "pk"), False),
    "newest": (("received_at", "pk"), True),
    "oldest": (("received_at", "pk"), False),
}
_KEY_FIELDS = {"due_key": DateField(), "received_at": DateTimeField(), "pk": IntegerField()}
_CURSOR_SEPARATOR = "_"


class RowBeyond(Expression):
    """(a, b, c) > (x, y, z), or <: the row comparison a B-tree index serves as one range (SQLite too)."""

    output_field = BooleanField()
    conditional = True

    def __init__(self, columns: list, values: list, *, greater: bool):
        super().__init__()
        self.columns, self.values, self.greater = columns, values, greater

    def get_source_expressions(self):
        return [*self.columns, *self.values]

    def set_source_expressions(self, exprs):
        n = len(self.columns)
        self.columns, self.values = exprs[:n], exprs[n:]

    def as_sql(self, compiler, connection):
        left, right, params = [], [], []
        for expr in self.columns:
            sql, p = compiler.compile(expr)
            left.append(sql)
            params += p
        for expr in self.values:
            sql, p = compiler.compile(expr)
            right.append(sql)
            params += p
        op = ">" if self.greater else "<"
        return f"({', '.join(left)}) {op} ({', '.join(right)})", params


def encode_cursor(row: tuple) -> str:
    parts = []
    for value in row:
        parts.append(value.isoformat() if isinstance(value, date | datetime) else str(value))
    return _CURSOR_SEPARATOR.join(parts)


def decode_cursor(text: str | None, sort: str) -> tuple | None:
    """The sort key a cursor names, or None for a cursor that is not one (the first page then)."""
    if not text:
        return None
    names, _descending = SORTS[sort]
    parts = text.split(_CURSOR_SEPARATOR)
    if len(parts) != len(names):
        return None
    values = []
    for name, part in zip(names, parts, strict=True):
        try:
            if name == "due_key":
                value = parse_date(part)
            elif name == "received_at":
                value = parse_datetime(part)
                if value is not None and value.tzinfo is None:
                    return None
            else:
                value = int(part)
        except ValueError:
            return None
        if value is None:
            return None
        values.append(value)
    return tuple(values)


@dataclass
class KeysetPage:
    """One page of the queue, and the cursors of its neighbours (None where there is none)."""

    object_list: list[Case]
    next_cursor: str | None
    previous_cursor: str | None
    counted: QuerySet = field(repr=False)

    def __iter__(self):
        return iter(self.object_list)

    def __len__(self):
        return len(self.object_list)

    @property
    def paginator(self):
        # Only for code that wants the whole count (tests, scripts): the page itself never counts.
        return _Count(self.counted)


class _Count:
    def __init__(self, qs: QuerySet):
        self._qs = qs

    @property
    def count(self) -> int:
        return self._qs.count()


def queue_page(
    user: AbstractBaseUser,
    *,
    narrowing: Q,
    statuses: list[str],
    sort: str,
    after: str | None = None,
    before: str | None = None,
    size: int,
    today: date,
    by_status: bool = True,
) -> KeysetPage:
    """The page of the visible cases matching `narrowing` (status aside) and in `statuses`, in `sort` order.

    Three queries whatever the data size: the merged keys of the page, its rows, their petitioners.
    by_status=False when `narrowing` is itself served by an index that yields few rows (a search).
    """
    names, descending = SORTS[sort]
    backwards = before is not None and after is None
    cursor = decode_cursor(before if backwards else after, sort)
    # Forward in the list order, or backward from a `before` cursor (then the rows are reversed at the end).
    ascending = descending == backwards
    branches = visibility_branches(user)
    branches = [Q()] if branches is None else branches
    base = Case.objects.annotate(due_key=queue_due_key()).filter(narrowing).exclude(accused_q(user))
    if cursor is not None:
        columns = [F(n) for n in names]
        values = [Value(v, output_field=_KEY_FIELDS[n]) for n, v in zip(names, cursor, strict=True)]
        base = base.filter(RowBeyond(columns, values, greater=ascending))
    ordering = [F(n).asc() if ascending else F(n).desc() for n in names]
    parts = []
    if not connection.features.supports_slicing_ordering_in_compound:
        # SQLite (the embedded default, a small town): no LIMIT inside a UNION; the rule's OR, in one range.
        scope = cases_visible_to(user).values("pk")
        branches, statuses_split = [Q(pk__in=scope)], False
    else:
        # A search names its few cases through its own index: then one part per branch, sorted, is quicker.
        statuses_split = by_status
    for branch in branches:
        # Cases the person is put on, or assists with, are few: fetched by id and sorted, all statuses at once.
        # Any other branch is one index range per status, each already in the page's order: LIMIT stops early.
        few = _through_a_few_rows(branch) or not statuses_split
        splits = [Q(status__in=statuses)] if few else [Q(status=status) for status in statuses]
        parts += [base.filter(branch, split).order_by(*ordering).values_list(*names)[: size + 1] for split in splits]
    if len(parts) == 1:
        keys = list(parts[0])
    else:
        # A union orders by its own output columns, so the page order is spelled with their names.
        outer = [n if ascending else f"-{n}" for n in names]
        keys = list(parts[0].union(*parts[1:]).order_by(*outer)[: size + 1])
    more = len(keys) > size
    keys = keys[:size]
    if backwards:
        keys.reverse()
    rows = _rows(user, [k[-1] for k in keys], today)
    cases = [rows[k[-1]] for k in keys if k[-1] in rows]
    first, last = (encode_cursor(keys[0]), encode_cursor(keys[-1])) if keys else (None, None)
    if backwards:
        next_cursor, previous_cursor = (last, first if more else None)
    else:
        next_cursor, previous_cursor = (last if more else None, first if cursor is not None else None)
    counted = cases_visible_to(user).filter(narrowing, status__in=statuses)
    return KeysetPage(cases, next_cursor, previous_cursor, counted)


def _through_a_few_rows(branch: Q) -> bool:
    """A branch that names its cases by id through a link table (assignments, assisting departments)."""
    return len(branch.children) == 1 and isinstance(branch.children[0], tuple) and branch.children[0][0] == "pk__in"


def _rows(user: AbstractBaseUser, pks: list[int], today: date) -> dict[int, Case]:
    """The page's cases with what a row shows, read through the visibility rule itself."""
    if not pks:
        return {}
    qs = with_due_state(queue_cases(user).filter(pk__in=pks), today).order_by()
    return {case.pk: case for case in qs}
