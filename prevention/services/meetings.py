"""Meetings: held with their attendees, the agenda (cases and screening items), decisions as follow-up actions."""

from collections.abc import Iterable
from datetime import date, datetime

from django.contrib.auth.models import AbstractBaseUser
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.linked import record_linked_step
from cases.models import Case
from cases.policy import accuses_user
from grids.models import Community
from notifications.models import Notification
from notifications.services import messages_muted

from ..models import AgendaItem, Council, Meeting, MeetingAction, MeetingKind, RiskItem, RosterPerson

STEP_DISCUSSED = "meeting_agenda"
# The outbox's kind for every message of this app; its renderer tells the subjects apart.
NOTIFICATION_KIND = Notification.Kind.FOLLOW_UP


@transaction.atomic
def meeting_create(
    *,
    by: AbstractBaseUser,
    kind: MeetingKind,
    title: str,
    starts_at: datetime,
    place: str,
    community: Community | None = None,
    attendees: Iterable[AbstractBaseUser] = (),
    team: Iterable[RosterPerson] = (),
    minutes: str = "",
) -> Meeting:
    if not title.strip():
        raise ValidationError({"title": [_("Give the meeting a title.")]})
    meeting = Meeting.objects.create(
        kind=kind,
        title=title.strip(),
        starts_at=starts_at,
        place=place.strip(),
        community=community,
        convenor=by,
        minutes=minutes,
    )
    meeting.attendees.set({by, *attendees})
    meeting.team.set(list(team))
    return meeting


def agenda_add(
    *, meeting: Meeting, by: AbstractBaseUser, case: Case | None = None, risk: RiskItem | None = None, note: str = ""
) -> AgendaItem:
    """Put a case or a screening item on the agenda; a case's timeline says the meeting discussed it."""
    if (case is None) == (risk is None):
        raise ValidationError(_("Put one case or one screening item on the agenda."))
    try:
        with transaction.atomic():
            item = AgendaItem.objects.create(meeting=meeting, case=case, risk=risk, note=note)
            if case is not None:
                record_linked_step(
                    case=case,
                    by=by,
                    code=STEP_DISCUSSED,
                    note=f"{meeting.kind} · {timezone.localtime(meeting.starts_at):%Y-%m-%d} · {meeting.title}",
                )
    except IntegrityError as err:
        raise ValidationError(_("This is already on the agenda.")) from err
    return item


def _accused_among(owner: AbstractBaseUser, cases) -> bool:
    return any(accuses_user(case, owner) for case in cases)


@transaction.atomic
def action_add(
    *,
    by: AbstractBaseUser,
    text: str,
    owner: AbstractBaseUser,
    due_on: date,
    meeting: Meeting | None = None,
    council: Council | None = None,
) -> MeetingAction:
    """A decision (of a meeting, or set in motion by a council) with an owner and a due date; the owner's
    bell says so at once. Nobody owns an action about a case that accuses them."""
    if (meeting is None) == (council is None):
        raise ValueError("An action comes from one meeting or one council.")
    errors: dict[str, list[str]] = {}
    if not text.strip():
        errors["text"] = [_("Write the decision.")]
    starts = timezone.localdate(meeting.starts_at) if meeting is not None else timezone.localdate(council.created_at)
    if due_on < starts:
        errors["due_on"] = [_("An action cannot be due before it was decided.")]
    if not owner.is_active:
        errors["owner"] = [_("This person can no longer log in.")]
    if meeting is not None:
        cases = Case.objects.filter(pk__in=meeting.agenda.filter(case__isnull=False).values("case_id"))
    else:
        cases = Case.objects.filter(pk=council.case_id) if council.case_id else Case.objects.none()
    if _accused_among(owner, cases):
        errors["owner"] = [_("This person cannot own this action.")]
    if errors:
        raise ValidationError(errors)
    action = MeetingAction.objects.create(
        meeting=meeting, council=council, text=text.strip(), owner=owner, due_on=due_on
    )
    if not messages_muted():
        now = timezone.now()
        Notification.objects.create(
            channel=Notification.Channel.IN_APP,
            state=Notification.State.SENT,
            sent_at=now,
            kind=NOTIFICATION_KIND,
            recipient=owner,
            subject_type=ContentType.objects.get_for_model(MeetingAction),
            subject_id=action.pk,
        )
    return action


@transaction.atomic
def action_done(*, action: MeetingAction, by: AbstractBaseUser, note: str = "") -> MeetingAction:
    updated = MeetingAction.objects.filter(pk=action.pk, status=MeetingAction.Status.OPEN).update(
        status=MeetingAction.Status.DONE, done_at=timezone.now(), done_note=note.strip()[:300]
    )
    if not updated:
        raise ValidationError(_("This action is already done."))
    action.refresh_from_db()
    return action
