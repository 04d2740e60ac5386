"""Handling writes: triage, routing, the clock's steps, tiers, replies, reviews and ratings (one function each).

Each service checks who may act (cases.handling.rules), then the state and the clock, then writes
the change as one conditional update naming the expected status and version, with its timeline
event in the same transaction. A caller acting on a stale page gets CaseConflict carrying the
fresh case; an action the state or the clock no longer allows raises ActionNotAllowed. `by=None`
means the petitioner, already identified by the tracking page; `at` records something done earlier
(a paper file entered later, the demo town).
"""

from collections.abc import Iterable
from datetime import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from grids.models import Department, GridTier, Zone

from ..models import (
    Case,
    CaseAssignment,
    CaseEvent,
    CaseReview,
    Category,
    ExtensionStatus,
    NotAcceptedReason,
    Outcome,
    Satisfaction,
    Status,
)
from ..notifications.services import notify_resident
from ..selectors import case_is_visible_to
from ..services import CaseConflict, case_change_tier
from . import clock, rules

# Which actions the petitioner is told about by SMS (cases.notifications.services.RESIDENT_MESSAGES).
RESIDENT_NEWS = {
    rules.ROUTE: "accepted",
    rules.NOT_ACCEPT: "not_accepted",
    rules.NOTE: "note",
    rules.REPLY: "replied",
    rules.DECIDE_REVIEW: "review_decided",
}


class ActionNotAllowed(ValidationError):
    """The case's state or clock does not allow this action now; nothing was written."""


def _unit(by: AbstractBaseUser | None) -> Department | None:
    profile = getattr(by, "staff", None) if by is not None else None
    return profile.department if profile is not None else None


def _fresh(case: Case) -> Case:
    return Case.objects.select_related("tier", "lead_department").get(pk=case.pk)


def _guard(*, case: Case, by: AbstractBaseUser | None, action: str, expected_version: int | None, at: datetime):
    """Refuse, before writing anything: a stranger, a stale page, a state or clock that does not allow it."""
    if by is not None:
        if not case_is_visible_to(by, case):
            raise PermissionDenied
        if not rules.WHO[action](rules.standing(by, case)):
            raise PermissionDenied
    if expected_version is not None and expected_version != case.version:
        raise CaseConflict(_fresh(case))
    reason = rules.blocker(case, action, clock.local_day(at))
    if reason:
        raise ActionNotAllowed(reason, code=action)


def _write(
    *,
    case: Case,
    by: AbstractBaseUser | None,
    action: str,
    at: datetime,
    to_status: str = "",
    changes: dict | None = None,
    match: dict | None = None,
    kind: str = CaseEvent.Kind.STATUS,
    note: str = "",
    is_public: bool = False,
    **event_fields,
) -> CaseEvent:
    """The conditional update and its event; `case` then holds what was written. Call inside transaction.atomic()."""
    now = timezone.now()
    values = {**(changes or {}), "version": F("version") + 1, "updated_at": now}
    if to_status:
        values["status"] = to_status
    updated = Case.objects.filter(
        pk=case.pk, status__in=list(rules.ALLOWED_FROM[action]), version=case.version, **(match or {})
    ).update(**values)
    if updated != 1:
        raise CaseConflict(_fresh(case))
    event = CaseEvent.objects.create(
        case=case,
        actor=by,
        department=_unit(by),
        kind=kind,
        old_status=case.status if to_status else "",
        new_status=to_status,
        note=note,
        is_public=is_public,
        at=at,
        **event_fields,
    )
    # The petitioner hears of the steps they wait for by SMS, written to the outbox in this transaction.
    news = RESIDENT_NEWS.get(action)
    if news and is_public:
        notify_resident(case=case, what=news, dedupe=str(event.pk))
    # The row now holds exactly these values (the update matched one row at this version): no re-read.
    for field, value in (changes or {}).items():
        setattr(case, field, value)
    case.version += 1
    case.updated_at = now
    if to_status:
        case.status = to_status
    return event


def _required(text: str, field: str, message: str) -> str:
    text = (text or "").strip()
    if not text:
        raise ValidationError({field: message})
    return text


def _person_label(user: AbstractBaseUser) -> str:
    # A name reads the same in both languages; a role label would be frozen in the writer's.
    return user.get_full_name() or user.get_username()


def _validate_people(case: Case, people: Iterable[AbstractBaseUser]) -> list[AbstractBaseUser]:
    people = list(dict.fromkeys(people))
    errors = []
    for person in people:
        profile = getattr(person, "staff", None)
        if profile is None or profile.role not in rules.X_ROLES:
            errors.append(_("%(person)s is not one of the people on the ground.") % {"person": person})
        elif case.category == Category.MISCONDUCT and (
            person.pk == case.accused_user_id
            or (case.accused_department_id and profile.department_id == case.accused_department_id)
        ):
            errors.append(_("%(person)s is among the accused and may not see this report.") % {"person": person})
    if errors:
        raise ValidationError({"people": errors})
    return people


def _set_people(*, case: Case, by: AbstractBaseUser | None, people: list, at: datetime) -> bool:
    """Make the case's people exactly `people`; True when that changed anything."""
    wanted = {p.pk for p in people}
    current = set(case.assignments.values_list("user_id", flat=True))
    if wanted == current:
        return False
    CaseAssignment.objects.filter(case=case).exclude(user_id__in=wanted).delete()
    CaseAssignment.objects.bulk_create(CaseAssignment(case=case, user=p) for p in people if p.pk not in current)
    CaseEvent.objects.create(
        case=case,
        actor=by,
        department=_unit(by),
        kind=CaseEvent.Kind.PEOPLE,
        note=", ".join(_person_label(p) for p in people),
        at=at,
    )
    return True


def _check_not_accused(case: Case, lead: Department, assisting: list[Department]) -> None:
    if case.category != Category.MISCONDUCT or not case.accused_department_id:
        return
    if lead.pk == case.accused_department_id:
        raise ValidationError(
            {"lead_department": _("The accused department cannot handle a report of misconduct against itself.")}
        )
    if any(d.pk == case.accused_department_id for d in assisting):
        raise ValidationError(
            {"assisting_departments": _("The accused department cannot assist on a report against itself.")}
        )


def case_route(
    *,
    case: Case,
    by: AbstractBaseUser | None,
    lead_department: Department,
    tier: GridTier,
    zone: Zone | None = None,
    assisting_departments: Iterable[Department] = (),
    people: Iterable[AbstractBaseUser] = (),
    note: str = "",
    expected_version: int | None = None,
    at: datetime | None = None,
) -> Case:
    """Accept the matter (受理) and route it: zone, tier, lead and assisting departments, the X people.

    Starts the handling body's clock: acceptance notice in CASE_ACCEPTANCE_NOTICE_DAYS, objection
    within CASE_OBJECTION_WORKING_DAYS working days.
    """
    at = at or timezone.now()
    _guard(case=case, by=by, action=rules.ROUTE, expected_version=expected_version, at=at)
    if not lead_department.is_active:
        raise ValidationError({"lead_department": _("This department is no longer active.")})
    assisting = [d for d in dict.fromkeys(assisting_departments) if d.pk != lead_department.pk]
    _check_not_accused(case, lead_department, assisting)
    people = _validate_people(case, people)
    acceptance_due_on = clock.acceptance_due(at)
    changes = {
        "lead_department": lead_department,
        "zone": zone or case.zone,
        "routed_at": at,
        "acceptance_due_on": acceptance_due_on,
        "objection_due_on": clock.objection_due(at),
        "due_on": acceptance_due_on,
        "not_accepted_reason": "",
    }
    old_tier_id = case.tier_id
    tier_moved = tier.pk != old_tier_id
    # Handling at a tier starts when the case is routed there: its target time counts from now.
    changes["tier_entered_at"] = at
    changes["tier_due_on"] = clock.tier_due(at, tier.target_days)
    if tier_moved:
        changes["tier"] = tier
    with transaction.atomic():
        _write(
            case=case,
            by=by,
            action=rules.ROUTE,
            at=at,
            to_status=Status.ASSIGNED,
            changes=changes,
            kind=CaseEvent.Kind.ROUTED,
            is_public=True,
        )
        if tier_moved:
            CaseEvent.objects.create(
                case=case,
                actor=by,
                department=_unit(by),
                kind=CaseEvent.Kind.TIER,
                old_tier_id=old_tier_id,
                new_tier=tier,
                at=at,
            )
        case.assisting_departments.set(assisting)
        _set_people(case=case, by=by, people=people, at=at)
        case._prefetched_objects_cache = {}
        if note.strip():
            CaseEvent.objects.create(
                case=case, actor=by, department=_unit(by), kind=CaseEvent.Kind.NOTE, note=note.strip(), at=at
            )
    return case


def case_not_accept(
    *,
    case: Case,
    by: AbstractBaseUser | None,
    reason: str,
    explanation: str,
    expected_version: int | None = None,
    at: datetime | None = None,
) -> Case:
    """Register only: not accepted (不予受理), or not accepted again (不再受理) after a re-review.

    The explanation is told to the petitioner (where to go instead), so it is a public event.
    """
    at = at or timezone.now()
    _guard(case=case, by=by, action=rules.NOT_ACCEPT, expected_version=expected_version, at=at)
    if reason not in NotAcceptedReason.values:
        raise ValidationError({"reason": _("Choose one of the reasons.")})
    explanation = _required(explanation, "explanation", _("Tell the petitioner why, and where to turn instead."))
    to_status = Status.NOT_ACCEPTED_AGAIN if reason == NotAcceptedReason.REREVIEWED else Status.NOT_ACCEPTED
    with transaction.atomic():
        _write(
            case=case,
            by=by,
            action=rules.NOT_ACCEPT,
            at=at,
            to_status=to_status,
            changes={"not_accepted_reason": reason, "due_on": None},
            note=explanation,
            detail=reason,
            is_public=True,
        )
    return case


def case_sign(
    *,
    case: Case,
    by: AbstractBaseUser | None,
    notice: str = "",
    expected_version: int | None = None,
    at: datetime | None = None,
) -> Case:
    """Sign for the case (签收): the handling body accepts it and tells the petitioner; the reply clock starts."""
    at = at or timezone.now()
    _guard(case=case, by=by, action=rules.SIGN, expected_version=expected_version, at=at)
    reply_due_on = clock.reply_due(at)
    with transaction.atomic():
        _write(
            case=case,
            by=by,
            action=rules.SIGN,
            at=at,
            to_status=Status.IN_PROGRESS,
            changes={"accepted_at": at, "reply_due_on": reply_due_on, "due_on": reply_due_on},
            note=notice.strip(),
            is_public=True,
        )
    return case


def case_object(
    *,
    case: Case,
    by: AbstractBaseUser | None,
    reason: str,
    expected_version: int | None = None,
    at: datetime | None = None,
) -> Case:
    """Object that the matter is not ours (not competent): it goes back to triage with the reason."""
    at = at or timezone.now()
    _guard(case=case, by=by, action=rules.OBJECT, expected_version=expected_version, at=at)
    reason = _required(reason, "reason", _("Explain why this is not for your department."))
    with transaction.atomic():
        _write(
            case=case,
            by=by,
            action=rules.OBJECT,
            at=at,
            to_status=Status.REGISTERED,
            changes={
                "lead_department": None,
                "routed_at": None,
                "acceptance_due_on": None,
                "objection_due_on": None,
                "due_on": case.transfer_due_on,
            },
            note=reason,
        )
        case.assisting_departments.clear()
        CaseAssignment.objects.filter(case=case).delete()
        case._prefetched_objects_cache = {}
    return case


def case_add_note(
    *,
    case: Case,
    by: AbstractBaseUser | None,
    text: str,
    is_public: bool = False,
    expected_version: int | None = None,
    at: datetime | None = None,
) -> Case:
    """A progress note: internal, or public so the petitioner reads it on the tracking page."""
    at = at or timezone.now()
    _guard(case=case, by=by, action=rules.NOTE, expected_version=expected_version, at=at)
    text = _required(text, "text", _("Write the note."))
    with transaction.atomic():
        _write(case=case, by=by, action=rules.NOTE, at=at, kind=CaseEvent.Kind.NOTE, note=text, is_public=is_public)
    return case


def case_assign_people(
    *,
    case: Case,
    by: AbstractBaseUser | None,
    people: Iterable[AbstractBaseUser],
    expected_version: int | None = None,
    at: datetime | None = None,
) -> Case:
    """Put the X people on the case (grid worker, mediator, enforcement officer, community staff, agent)."""
    at = at or timezone.now()
    _guard(case=case, by=by, action=rules.PEOPLE, expected_version=expected_version, at=at)
    people = _validate_people(case, people)
    with transaction.atomic():
        # The version moves even when only the list changes: a page showing the old list is stale.
        updated = Case.objects.filter(
            pk=case.pk, version=case.version, status__in=list(rules.ALLOWED_FROM[rules.PEOPLE])
        ).update(version=F("version") + 1, updated_at=timezone.now())
        if updated != 1:
            raise CaseConflict(_fresh(case))
        if not _set_people(case=case, by=by, people=people, at=at):
            raise ValidationError({"people": _("These are already the people on the case.")})
    case.version += 1
    case._prefetched_objects_cache = {}
    return case


def case_ask_extension(
    *,
    case: Case,
    by: AbstractBaseUser | None,
    days: int,
    reason: str,
    expected_version: int | None = None,
    at: datetime | None = None,
) -> Case:
    """Ask the department head for more time (at most CASE_EXTENSION_MAX_DAYS); the reason will be told."""
    at = at or timezone.now()
    _guard(case=case, by=by, action=rules.ASK_EXTENSION, expected_version=expected_version, at=at)
    limit = settings.CASE_EXTENSION_MAX_DAYS
    if not 1 <= days <= limit:
        raise ValidationError({"days": _("An extension is 1 to %(max)d days.") % {"max": limit}})
    reason = _required(reason, "reason", _("Give the reason; the petitioner will be told it."))
    with transaction.atomic():
        _write(
            case=case,
            by=by,
            action=rules.ASK_EXTENSION,
            at=at,
            changes={
                "extension_status": ExtensionStatus.REQUESTED,
                "extension_days": days,
                "extension_reason": reason,
            },
            match={"extension_status__in": [ExtensionStatus.NONE, ExtensionStatus.REFUSED]},
            kind=CaseEvent.Kind.EXTENSION_ASKED,
            note=reason,
            detail=str(days),
        )
    return case


def case_decide_extension(
    *,
    case: Case,
    by: AbstractBaseUser | None,
    approve: bool,
    note: str = "",
    expected_version: int | None = None,
    at: datetime | None = None,
) -> Case:
    """The head approves (the reply is due later and the petitioner is told why) or refuses the extension."""
    at = at or timezone.now()
    _guard(case=case, by=by, action=rules.DECIDE_EXTENSION, expected_version=expected_version, at=at)
    match = {"extension_status": ExtensionStatus.REQUESTED}
    with transaction.atomic():
        if approve:
            due = clock.extended_reply_due(case.reply_due_on or clock.local_day(at), case.extension_days)
            _write(
                case=case,
                by=by,
                action=rules.DECIDE_EXTENSION,
                at=at,
                changes={"extension_status": ExtensionStatus.GRANTED, "reply_due_on": due, "due_on": due},
                match=match,
                kind=CaseEvent.Kind.EXTENSION_GRANTED,
                note=case.extension_reason,
                detail=str(case.extension_days),
                is_public=True,
            )
        else:
            note = _required(note, "note", _("Say why the extension is refused."))
            _write(
                case=case,
                by=by,
                action=rules.DECIDE_EXTENSION,
                at=at,
                changes={"extension_status": ExtensionStatus.REFUSED},
                match=match,
                kind=CaseEvent.Kind.EXTENSION_REFUSED,
                note=note,
            )
    return case


def case_move_tier(
    *,
    case: Case,
    by: AbstractBaseUser | None,
    to_tier: GridTier,
    reason: str,
    expected_version: int | None = None,
    at: datetime | None = None,
) -> Case:
    """Escalate the case to a wider tier, or hand it down, with the reason on the timeline."""
    at = at or timezone.now()
    _guard(case=case, by=by, action=rules.CHANGE_TIER, expected_version=expected_version, at=at)
    # The guard has checked the state at this version; the version in case_change_tier's update keeps it so.
    return case_change_tier(case=case, by=by, to_tier=to_tier, reason=reason, expected_version=case.version, at=at)


def case_reply(
    *,
    case: Case,
    by: AbstractBaseUser | None,
    outcome: str,
    text: str,
    expected_version: int | None = None,
    at: datetime | None = None,
) -> Case:
    """Reply in writing with an outcome (the 信访处理意见书); the tier it was resolved at is kept."""
    at = at or timezone.now()
    _guard(case=case, by=by, action=rules.REPLY, expected_version=expected_version, at=at)
    if outcome not in Outcome.values:
        raise ValidationError({"outcome": _("Choose the outcome.")})
    text = _required(text, "text", _("Write the reply: the facts found, the grounds and the opinion."))
    with transaction.atomic():
        _write(
            case=case,
            by=by,
            action=rules.REPLY,
            at=at,
            to_status=Status.REPLIED,
            changes={
                "outcome": outcome,
                "reply_text": text,
                "replied_at": at,
                "answered_at": at,
                "reply_department_id": case.lead_department_id,
                "resolved_tier_id": case.tier_id,
                "due_on": None,
            },
            note=text,
            detail=outcome,
            is_public=True,
        )
    return case


def case_close(
    *,
    case: Case,
    by: AbstractBaseUser | None,
    note: str = "",
    expected_version: int | None = None,
    at: datetime | None = None,
) -> Case:
    """Close a replied case (办结). The petitioner may still ask for a review within the window."""
    at = at or timezone.now()
    _guard(case=case, by=by, action=rules.CLOSE, expected_version=expected_version, at=at)
    with transaction.atomic():
        _write(
            case=case,
            by=by,
            action=rules.CLOSE,
            at=at,
            to_status=Status.CLOSED,
            changes={"closed_at": at, "resolved_tier_id": case.resolved_tier_id or case.tier_id},
            note=note.strip(),
            is_public=True,
        )
    return case


def case_request_review(
    *,
    case: Case,
    by: AbstractBaseUser | None = None,
    reason: str,
    expected_version: int | None = None,
    at: datetime | None = None,
) -> Case:
    """The petitioner asks for a review (复查), or after it a re-review (复核), within the window.

    `by` is the clerk who records it at the counter, or None when the petitioner asks online.
    The request goes to the level above with its own decision clock.
    """
    at = at or timezone.now()
    _guard(case=case, by=by, action=rules.REQUEST_REVIEW, expected_version=expected_version, at=at)
    reason = _required(reason, "reason", _("Say what you disagree with in the answer."))
    level = case.review_level + 1
    due = clock.review_decision_due(at, level)
    to_status = Status.UNDER_REVIEW if level == CaseReview.Level.REVIEW else Status.UNDER_REREVIEW
    with transaction.atomic():
        _write(
            case=case,
            by=by,
            action=rules.REQUEST_REVIEW,
            at=at,
            to_status=to_status,
            changes={"review_level": level, "due_on": due, "closed_at": None},
            match={"review_level": case.review_level},
            note=reason,
            is_public=True,
        )
        CaseReview.objects.create(case=case, level=level, requested_at=at, requested_by=by, reason=reason, due_on=due)
    return case


def case_decide_review(
    *,
    case: Case,
    by: AbstractBaseUser | None,
    decision: str,
    opinion: str,
    expected_version: int | None = None,
    at: datetime | None = None,
) -> Case:
    """The level above answers the review in writing. A re-review's answer is final: the case closes for good."""
    at = at or timezone.now()
    _guard(case=case, by=by, action=rules.DECIDE_REVIEW, expected_version=expected_version, at=at)
    if decision not in CaseReview.Decision.values:
        raise ValidationError({"decision": _("Choose the decision.")})
    opinion = _required(opinion, "opinion", _("Write the opinion."))
    final = case.review_level >= CaseReview.Level.REREVIEW
    changes = {"answered_at": at, "due_on": None}
    if final:
        changes["closed_at"] = at
    with transaction.atomic():
        _write(
            case=case,
            by=by,
            action=rules.DECIDE_REVIEW,
            at=at,
            to_status=Status.CLOSED if final else Status.REPLIED,
            changes=changes,
            note=opinion,
            detail=decision,
            is_public=True,
        )
        decided = CaseReview.objects.filter(case=case, level=case.review_level, decided_at__isnull=True).update(
            decided_at=at, decided_by=by, decision=decision, opinion=opinion
        )
        if decided != 1:
            raise CaseConflict(_fresh(case))
    return case


def case_rate(
    *,
    case: Case,
    rating: str,
    comment: str = "",
    by: AbstractBaseUser | None = None,
    expected_version: int | None = None,
    at: datetime | None = None,
) -> Case:
    """The petitioner rates the newest answer (满意 / 基本满意 / 不满意); not satisfied flags it for the town office.

    `by` is the clerk recording a rating given on the phone or at the counter, None online.
    One rating per answer: after a review opinion the petitioner may rate again.
    """
    at = at or timezone.now()
    _guard(case=case, by=by, action=rules.RATE, expected_version=expected_version, at=at)
    if rating not in Satisfaction.values:
        raise ValidationError({"rating": _("Choose how satisfied you are.")})
    comment = (comment or "").strip()
    if len(comment) > 1000:
        raise ValidationError({"comment": _("Keep the comment under 1000 characters.")})
    with transaction.atomic():
        _write(
            case=case,
            by=by,
            action=rules.RATE,
            at=at,
            changes={
                "satisfaction": rating,
                "satisfaction_comment": comment,
                "rated_at": at,
                "needs_attention": rating == Satisfaction.NOT_SATISFIED,
            },
            # Two submissions of one rating form: the second finds the rating already there.
            match={"rated_at": case.rated_at} if case.rated_at else {"rated_at__isnull": True},
            kind=CaseEvent.Kind.RATED,
            note=comment,
            detail=rating,
            is_public=True,
        )
    return case


def assignable_people():
    """Everyone who can be put on a case: the X people, with what the form shows of them."""
    return (
        get_user_model()
        .objects.filter(is_active=True, staff__role__in=rules.X_ROLES)
        .select_related("staff", "staff__community", "staff__department", "staff__grid")
        .order_by("staff__role", "first_name", "username")
    )
