"""The residents' pages, reachable without a login: the QR web form and tracking a case with its code."""

import secrets

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.hashers import check_password
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from core.forms import add_service_errors
from grids.models import Platform

from ..forms.intake import RatingForm, ResidentCaseForm, ReviewRequestForm, TrackForm, new_submission_key
from ..identity import check_tracking_pin, new_tracking_pin, normalize_tracking_code
from ..models import Case, Channel
from ..selectors.public import public_case_view
from ..services import (
    ActionNotAllowed,
    CaseConflict,
    PetitionerData,
    case_rate,
    case_register_with_files,
    case_request_review,
)
from .ratelimits import track_blocked, track_failed, web_intake_limited

# Checked against when a code does not exist, so a wrong code costs the same time as a wrong PIN.
_DUMMY_PIN_HASH = "pbkdf2_sha256$1000000$dummy$2kz1I2bE0G2t0F7d1r9o7a7G0cQy6bXxvJ0Q5h3f8wU="


def web_form(request: HttpRequest, code: str) -> HttpResponse:
    """The "信访解忧码" form that a platform's QR code opens."""
    platform = get_object_or_404(Platform, code=code, is_active=True)
    limited = False
    if request.method == "POST":
        form = ResidentCaseForm(request.POST, request.FILES)
        limited = web_intake_limited(request)
        if limited:
            form.is_valid()  # show field errors too, and keep what was typed
        elif form.is_valid():
            token = _register_from_web(request, form, platform)
            if token is not None:
                return redirect(f"{reverse('web-done', args=[platform.code])}?t={token}")
    else:
        form = ResidentCaseForm(initial={"submission_key": new_submission_key()})
    status = 429 if limited else 200
    return render(
        request, "cases/intake/web_form.html", {"form": form, "platform": platform, "limited": limited}, status=status
    )


# The done page's entries, one per submission, each shown once: a shared phone or kiosk must never show
# the next person an earlier submitter's PIN, on this platform's done page or any other.
_DONE = "web-done-once"
_DONE_KEPT = 3


def _register_from_web(request: HttpRequest, form: ResidentCaseForm, platform: Platform) -> str | None:
    """Register the case; the token of its done-page entry, or None when the form got errors."""
    data = form.cleaned_data
    anonymous = data["is_anonymous"] or not data["name"]
    pin = new_tracking_pin() if anonymous else ""
    persons = [] if anonymous else [PetitionerData(name=data["name"], phone=data["phone"])]
    try:
        case = case_register_with_files(
            files=data["attachments"],
            by=None,
            channel=Channel.WEB,
            platform=platform,
            what_happened=data["what_happened"],
            request=data["request"],
            petitioners=persons,
            community=data["community"],
            address=data["address"],
            is_anonymous=anonymous,
            contact_phone=data["phone"],
            tracking_pin=pin,
            submission_key=data["submission_key"],
        )
    except ValidationError as err:
        add_service_errors(form, err)
        return None
    entries = dict(request.session.get(_DONE) or {})
    key = data["submission_key"]
    if not getattr(case, "created_now", False):
        # A double click: the browser shows this answer, so hand over the entry the first click made, PIN and
        # all, if it was not shown yet; never a new PIN.
        for token, entry in entries.items():
            if entry.get("case") == case.pk and entry.get("key") == key:
                return token
        pin = ""
    token = secrets.token_urlsafe(16)
    entries[token] = {"case": case.pk, "pin": pin, "platform": platform.code, "key": key}
    request.session[_DONE] = dict(list(entries.items())[-_DONE_KEPT:])
    return token


@never_cache  # the back button must not bring the PIN back either
def web_done(request: HttpRequest, code: str) -> HttpResponse:
    """The tracking code and an anonymous submitter's PIN, once, to the browser that just submitted."""
    request.session.pop("web-done", None)  # the old two-week entry, if a session still carries one
    entries = dict(request.session.get(_DONE) or {})
    done = entries.pop(request.GET.get("t", ""), None)
    request.session[_DONE] = entries
    if not done or done.get("platform") != code:
        return redirect("web-form", code=code)
    case = get_object_or_404(Case, pk=done["case"])
    return render(
        request,
        "cases/intake/web_done.html",
        {
            "case": case,
            "pin": done.get("pin", ""),
            "platform": case.platform,
            "notice_days": settings.CASE_TRANSFER_DAYS,
            "sms_sent": bool(case.contact_phone),
        },
    )


_TRACKED = "tracked-cases"


def track(request: HttpRequest) -> HttpResponse:
    """Code plus the phone's last four digits (or the PIN). Every wrong pair gets the same answer."""
    verdict = ""
    if request.method == "POST":
        form = TrackForm(request.POST)
        verdict = track_blocked(request)
        if not verdict and form.is_valid():
            case = _verified_case(form.cleaned_data["code"], form.cleaned_data["check"])
            if case is not None:
                allowed = set(request.session.get(_TRACKED, []))
                allowed.add(case.pk)
                request.session[_TRACKED] = sorted(allowed)[-20:]
                return redirect("track-case", code=case.tracking_code)
            track_failed(request)
            form.add_error(
                None, _("We found no case with this code and these digits. Please check both and try again.")
            )
        elif not verdict:
            track_failed(request)
    else:
        form = TrackForm(initial={"code": request.GET.get("code", "")})
    status = 429 if verdict else 200
    return render(request, "cases/intake/track.html", {"form": form, "verdict": verdict}, status=status)


def _verified_case(code: str, check: str) -> Case | None:
    case = Case.objects.filter(tracking_code=normalize_tracking_code(code)).first()
    if case is None:
        check_password(check, _DUMMY_PIN_HASH)
        return None
    if case.tracking_pin_hash:
        return case if check_tracking_pin(check, case.tracking_pin_hash) else None
    phone = case.contact_phone or ""
    return case if len(check) == 4 and len(phone) >= 4 and phone[-4:] == check else None


def _tracked_case(request: HttpRequest, code: str) -> Case:
    """The case behind a code, only for the browser that passed the check for it."""
    case = (
        Case.objects.select_related("lead_department", "platform")
        .filter(tracking_code=normalize_tracking_code(code))
        .first()
    )
    if case is None or case.pk not in request.session.get(_TRACKED, []):
        raise Http404
    return case


def track_case(request: HttpRequest, code: str) -> HttpResponse:
    """What a resident sees of their case: status, the answer and the public timeline, nothing internal."""
    case = _tracked_case(request, code)
    context = public_case_view(case)
    context["review_form"] = ReviewRequestForm(initial={"version": case.version})
    context["rating_form"] = RatingForm(initial={"version": case.version})
    return render(request, "cases/intake/track_case.html", context)


@require_POST
def track_review(request: HttpRequest, code: str) -> HttpResponse:
    """The petitioner asks for a review (复查) or re-review (复核) from the tracking page."""
    return _petitioner_post(
        request,
        code,
        ReviewRequestForm,
        "review_form",
        lambda case, data: case_request_review(case=case, reason=data["reason"], expected_version=data["version"]),
        _("Your request was sent. The level above decides within 30 days."),
    )


@require_POST
def track_rate(request: HttpRequest, code: str) -> HttpResponse:
    """The petitioner rates the answer: 满意 / 基本满意 / 不满意, with a comment."""
    return _petitioner_post(
        request,
        code,
        RatingForm,
        "rating_form",
        lambda case, data: case_rate(
            case=case, rating=data["rating"], comment=data["comment"], expected_version=data["version"]
        ),
        _("Thank you for your rating."),
    )


def _petitioner_post(request: HttpRequest, code: str, form_class, form_name: str, act, done: str) -> HttpResponse:
    """One petitioner action: check the form, call the service, then back to the case or the form with a message."""
    case = _tracked_case(request, code)
    form = form_class(request.POST)
    if form.is_valid() and _petitioner_action(request, lambda: act(case, form.cleaned_data), form):
        messages.success(request, done)
        return redirect("track-case", code=case.tracking_code)
    context = public_case_view(Case.objects.get(pk=case.pk))
    context.update(
        review_form=ReviewRequestForm(initial={"version": case.version}),
        rating_form=RatingForm(initial={"version": case.version}),
    )
    context[form_name] = form
    return render(request, "cases/intake/track_case.html", context, status=400)


def _petitioner_action(request: HttpRequest, action, form) -> bool:
    """Run a petitioner's action; a refusal or a change made meanwhile becomes a message on the form."""
    try:
        action()
    except CaseConflict:
        form.add_error(None, _("Your case changed while you were reading it. Please look at its new state first."))
        return False
    except ActionNotAllowed as err:
        form.add_error(None, err.messages)
        return False
    except ValidationError as err:
        add_service_errors(form, err)
        return False
    return True
