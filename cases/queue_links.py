"""Named figures the queue can be narrowed to (?measure=name): a higher app that counts cases, the town
office dashboard, registers what each of its numbers means, so every number links to exactly its cases."""

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date

from django.db.models import Q


@dataclass(frozen=True)
class QueueMeasure:
    label: str
    condition: Callable[[date], Q]
    # A cohort measure narrows cases received in a period; a "now" one is today's state of open work.
    cohort: bool = True


_measures: dict[str, QueueMeasure] = {}


def register_measures(measures: Mapping[str, QueueMeasure]) -> None:
    _measures.update(measures)


def measure_condition(name: str, today: date) -> Q:
    """The queue's condition for ?measure=name; an unknown name matches nothing rather than everything."""
    measure = _measures.get(name)
    return measure.condition(today) if measure else Q(pk__in=[])


def measure_choices() -> list[tuple[str, str]]:
    return [(name, m.label) for name, m in _measures.items()]
