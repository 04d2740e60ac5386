"""The "有事好商量" council: raise a matter, hold sessions with their speakers, decide, publish if it says so."""

from datetime import date

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.linked import record_linked_step
from cases.models import Case
from grids.models import Community

from ..models import Council, CouncilSession, CouncilSpeaker, Meeting, Visit

STEP_COUNCIL = "council_raised"


@transaction.atomic
def council_raise(
    *,
    by: AbstractBaseUser,
    title: str,
    description: str,
    community: Community,
    case: Case | None = None,
    visit: Visit | None = None,
    meeting: Meeting | None = None,
) -> Council:
    if not title.strip() or not description.strip():
        raise ValidationError(_("Say what the matter is and what residents raised."))
    council = Council.objects.create(
        title=title.strip(),
        description=description,
        community=community,
        case=case,
        visit=visit,
        meeting=meeting,
        created_by=by,
    )
    if case is not None:
        record_linked_step(case=case, by=by, code=STEP_COUNCIL, note=council.title)
    return council


@transaction.atomic
def council_session_add(
    *,
    council: Council,
    by: AbstractBaseUser,
    held_on: date,
    place: str,
    notes: str = "",
    speakers: list[tuple[str, str, str]] = (),
) -> CouncilSession:
    """A session, with who spoke for which view: (name, side, what they said) each."""
    errors: dict[str, list[str]] = {}
    if held_on > timezone.localdate():
        errors["held_on"] = [_("A session is recorded once it has taken place.")]
    if council.status != Council.Status.OPEN:
        errors[None] = [_("This council has already decided.")]
    for name, side, said in speakers:
        if not name.strip() or side not in CouncilSpeaker.Side.values or not said.strip():
            errors["speakers"] = [_("Each speaker needs a name, a view and what they said.")]
            break
    if errors:
        raise ValidationError({k or "__all__": v for k, v in errors.items()})
    session = CouncilSession.objects.create(council=council, held_on=held_on, place=place.strip(), notes=notes)
    CouncilSpeaker.objects.bulk_create(
        CouncilSpeaker(session=session, name=name.strip(), side=side, said=said.strip())
        for name, side, said in speakers
    )
    return session


@transaction.atomic
def council_decide(*, council: Council, by: AbstractBaseUser, outcome: str, publish: bool) -> Council:
    """The outcome, and whether the council decided to publish it on the community's page."""
    if not outcome.strip():
        raise ValidationError({"outcome": [_("Write what the council decided.")]})
    if not council.sessions.exists():
        raise ValidationError(_("A council decides after at least one session."))
    updated = Council.objects.filter(pk=council.pk, status=Council.Status.OPEN).update(
        status=Council.Status.DECIDED, outcome=outcome, is_published=publish, decided_at=timezone.now()
    )
    if not updated:
        raise ValidationError(_("This council has already decided."))
    council.refresh_from_db()
    return council
