"""The residents' pages, reachable without a login: the QR web form and tracking a case with its code."""

import hmac
import secrets
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from core.forms import add_service_errors
from core.site import office_details
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
from ..services.petitioner_proof import (
    BY_PIN,
    BY_SMS,
    petitioner_code_check,
    petitioner_code_send,
    petitioner_code_used,
    petitioner_proof,
)
from .ratelimits import track_blocked, track_failed, web_intake_accepted, web_intake_limited


def _platform_by_code(code: str) -> Platform:
    """The active platform with this code, in any letter case (people type what they see on the poster)."""
    active = Platform.objects.filter(is_active=True)
    exact = active.filter(code=code).first()
    if exact is not None:
        return exact
    matches = list(active.filter(code__iexact=code)[:2])
    if len(matches) != 1:  # none, or two codes that differ only in case: no guessing which
        raise Http404
    return matches[0]


def web_form(request: HttpRequest, code: str) -> HttpResponse:
    """The "信访解忧码" form that a platform's QR code opens. A code typed in another case (/s/c06/) opens the
    same platform, at its printed address."""
    platform = _platform_by_code(code)
    if platform.code != code and request.method != "POST":
        return redirect("web-form", code=platform.code)
    limited = False
    if request.method == "POST":
        form = ResidentCaseForm(request.POST, request.FILES)
        limited = web_intake_limited(request, platform.code)
        if limited:
            form.is_valid()  # show field errors too, and keep what was typed
        elif form.is_valid():
            token = _register_from_web(request, form, platform)
            if token is not None:
                return redirect(f"{reverse('web-done', args=[platform.code])}?t={token}")
    else:
        # A community's own QR code: the platform knows where the resident lives, so that is the default.
        form = ResidentCaseForm(initial={"submission_key": new_submission_key(), "community": platform.community_id})
    status = 429 if limited else 200
    context = {"form": form, "platform": platform, "limited": limited, "office": office_details()}
    return render(request, "cases/intake/web_form.html", context, status=status)


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
            subject=data["subject"],
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
    web_intake_accepted(request, platform.code)  # only a submission that made a new case counts
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
    if done is not None:
        request.session[_DONE] = entries
    if not done or done.get("platform", "").upper() != code.upper():
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
        # Input that cannot be right (a malformed code, letters for digits) gets its explanation and is no
        # failed try: only a well-formed pair that does not match counts towards the limits.
    else:
        form = TrackForm(initial={"code": normalize_tracking_code(request.GET.get("code", ""))[:40]})
    status = 429 if verdict else 200
    return render(request, "cases/intake/track.html", {"form": form, "verdict": verdict}, status=status)


def _verified_case(code: str, check: str) -> Case | None:
    """The case, if the pair is right. One query and one password-hash check on every path, right or wrong."""
    case = Case.objects.filter(tracking_code=normalize_tracking_code(code)).first()
    pin_hash = case.tracking_pin_hash if case is not None else ""
    pin_matches = check_tracking_pin(check, pin_hash)
    if case is None:
        return None
    if pin_hash:
        return case if pin_matches else None
    phone = case.contact_phone or ""
    digits_match = hmac.compare_digest(phone[-4:].encode(), check.encode())
    return case if len(check) == 4 and len(phone) >= 4 and digits_match else None


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


def _forms(case: Case, proof: str, **bound) -> dict:
    by_pin = proof == BY_PIN
    forms = {
        "review_form": ReviewRequestForm(initial={"version": case.version}, by_pin=by_pin),
        "rating_form": RatingForm(initial={"version": case.version}, by_pin=by_pin),
    }
    forms.update(bound)
    return forms


def _track_context(case: Case, **bound) -> dict:
    proof = petitioner_proof(case)
    context = public_case_view(case)
    context.update(_forms(case, proof, **bound), proof=proof)
    return context


def _refuse_staff(request: HttpRequest) -> HttpResponse | None:
    """The tracking page's actions are the petitioner's alone: never anyone logged in as staff."""
    if request.user.is_authenticated:
        return render(request, "cases/intake/track_refused.html", status=403)
    return None


def track_case(request: HttpRequest, code: str) -> HttpResponse:
    """What a resident sees of their case: status, the answer and the public timeline, nothing internal.

    A bookmark opened in a new session lands on the tracking form with the code filled in, whether or not
    the code exists (the same answer either way: no oracle)."""
    try:
        case = _tracked_case(request, code)
    except Http404:
        return redirect(f"{reverse('track')}?{urlencode({'code': normalize_tracking_code(code)[:40]})}")
    return render(request, "cases/intake/track_case.html", _track_context(case))


@require_POST
def track_send_code(request: HttpRequest, code: str) -> HttpResponse:
    """Text a one-time code to the case's phone, for rating or asking for a review."""
    refused = _refuse_staff(request)
    if refused is not None:
        return refused
    case = _tracked_case(request, code)
    if petitioner_proof(case) != BY_SMS:
        raise Http404
    if petitioner_code_send(case=case):
        messages.success(
            request, _("We sent a six-digit code by SMS to the phone of this case. It is valid for 10 minutes.")
        )
    else:
        messages.error(
            request, _("Several codes were sent in the last hour. Please wait an hour, or use the last one.")
        )
    return redirect("track-case", code=case.tracking_code)


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
    """One petitioner action: refuse staff, check the form and the one-time code, call the service, answer."""
    refused = _refuse_staff(request)
    if refused is not None:
        return refused
    case = _tracked_case(request, code)
    proof = petitioner_proof(case)
    form = form_class(request.POST, by_pin=proof == BY_PIN)
    if form.is_valid():
        if not proof:
            form.add_error(
                None, _("This case has no phone to send a code to. Please call or visit the petition office.")
            )
        elif not petitioner_code_check(case=case, code=form.cleaned_data["proof"]):
            form.add_error(
                "proof",
                _("This PIN is not right.")
                if proof == BY_PIN
                else _("This code is not right or has expired. Ask for a new one and type it within 10 minutes."),
            )
        elif _petitioner_action(request, lambda: act(case, form.cleaned_data), form):
            petitioner_code_used(case=case)
            messages.success(request, done)
            return redirect("track-case", code=case.tracking_code)
    context = _track_context(Case.objects.get(pk=case.pk), **{form_name: form})
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
