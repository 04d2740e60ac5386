"""Steps that other apps' records take about a case, told on the case's timeline: a mediation opened,
an agreement reached, a meeting that discussed the case, a visit that found it.

The app registers each step's code with its labels when it starts; cases writes the step as a
timeline event (kind "linked", the code in its detail) and shows it in the reader's language, never
importing the app. A code registered by no app (its app removed) still shows, as the generic label.
"""

from dataclasses import dataclass
from datetime import datetime

from django.contrib.auth.models import AbstractBaseUser
from django.utils import timezone
from django.utils.functional import Promise

from .models import Case, CaseEvent
from .services.writes import acting_unit


@dataclass(frozen=True)
class LinkedStep:
    code: str  # at most 20 characters: it is kept in the event's detail
    title: Promise  # what staff read on the case page
    public_title: Promise | None = None  # what the petitioner reads, when the step is public


_steps: dict[str, LinkedStep] = {}


def register_linked_step(step: LinkedStep) -> None:
    if len(step.code) > 20:
        raise ValueError(f"A linked step's code is at most 20 characters: {step.code!r}")
    _steps[step.code] = step


def linked_step(code: str) -> LinkedStep | None:
    return _steps.get(code)


def record_linked_step(
    *,
    case: Case,
    by: AbstractBaseUser | None,
    code: str,
    note: str = "",
    is_public: bool = False,
    at: datetime | None = None,
) -> CaseEvent:
    """The timeline event for another record's step. Call inside the caller's transaction.atomic(): the
    step and its event are written together. The case's status and version are not touched, so nobody
    editing the case meanwhile loses anything."""
    if code not in _steps:
        raise ValueError(f"Unregistered linked step: {code!r}")
    step = _steps[code]
    return CaseEvent.objects.create(
        case=case,
        actor=by,
        department=acting_unit(by),
        kind=CaseEvent.Kind.LINKED,
        detail=code,
        note=note,
        is_public=is_public and step.public_title is not None,
        at=at or timezone.now(),
    )
