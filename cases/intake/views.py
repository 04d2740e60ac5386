"""Intake pages: the counter, the residents' form, receipts, today's list, posters and tracking."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.contrib.auth.hashers import check_password
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from grids.models import Platform

from ..identity import check_tracking_pin, new_tracking_pin, normalize_tracking_code
from ..models import Case, Channel
from ..selectors import cases_visible_to, earlier_cases_of_person
from ..services import PetitionerData
from . import qr
from .forms import (
    CounterCaseForm,
    PetitionerFormSet,
    RatingForm,
    ResidentCaseForm,
    ReviewRequestForm,
    TrackForm,
    new_submission_key,
)
from .ratelimits import track_blocked, track_failed, web_intake_limited
from .selectors import cases_received_today, public_case_view
from .services import case_register_with_files
from .validators import normalize_phone

LOOKUP_LIMIT = 10
# Checked against when a code does not exist, so a wrong code costs the same time as a wrong PIN.
_DUMMY_PIN_HASH = "pbkdf2_sha256$1000000$dummy$2kz1I2bE0G2t0F7d1r9o7a7G0cQy6bXxvJ0Q5h3f8wU="


def _pin_shown_once(request: HttpRequest, case: Case) -> str:
    """A PIN exists in clear only until the person who submitted sees it."""
    return request.session.pop(f"pin-{case.pk}", "")


def _default_platform(user) -> Platform | None:
    profile = getattr(user, "staff", None)
    if profile and profile.platform_id:
        return profile.platform
    return Platform.objects.filter(kind=Platform.Kind.HALL, is_active=True).first()


def _apply_errors(form, err: ValidationError) -> None:
    if hasattr(err, "error_dict"):
        for field, errors in err.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, err.messages)


@login_required
@permission_required("cases.register_case", raise_exception=True)
def counter(request: HttpRequest) -> HttpResponse:
    """The reception counter: log a walk-in visit, a letter or a call in under a minute."""
    if request.method == "POST":
        form = CounterCaseForm(request.POST, request.FILES)
        people = PetitionerFormSet(request.POST, prefix="p")
        if form.is_valid() and people.is_valid():
            case = _register_from_counter(request, form, people)
            if case is not None:
                return redirect("intake-receipt", pk=case.pk)
    else:
        form = CounterCaseForm(
            initial={
                "platform": _default_platform(request.user),
                "channel": Channel.VISIT,
                "submission_key": new_submission_key(),
                "headcount": 1,
            }
        )
        people = PetitionerFormSet(prefix="p")
    # The officer starts typing the visitor's name the moment the page opens.
    people.forms[0].fields["name"].widget.attrs["autofocus"] = True
    repeat_of = _chosen_repeat(request, form)
    return render(request, "cases/intake/counter.html", {"form": form, "people": people, "repeat_of": repeat_of})


def _chosen_repeat(request: HttpRequest, form) -> Case | None:
    raw = form.data.get("repeat_of") if form.is_bound else None
    if not raw or not str(raw).isdigit():
        return None
    return cases_visible_to(request.user).filter(pk=int(raw)).first()


def _register_from_counter(request: HttpRequest, form: CounterCaseForm, people) -> Case | None:
    data = form.cleaned_data
    persons = [
        PetitionerData(
            name=p["name"],
            sex=p.get("sex", ""),
            phone=p.get("phone", ""),
            id_number=p.get("id_number", ""),
            address=p.get("address", ""),
            workplace=p.get("workplace", ""),
        )
        for p in people.people()
    ]
    repeat_of = None
    if data.get("repeat_of"):
        repeat_of = cases_visible_to(request.user).filter(pk=data["repeat_of"]).first()
        if repeat_of is None:
            form.add_error(None, _("The earlier case chosen is not available. Choose it again from the list."))
            return None
    pin = new_tracking_pin() if data["is_anonymous"] else ""
    try:
        case = case_register_with_files(
            files=data["attachments"],
            by=request.user,
            channel=data["channel"],
            platform=data["platform"],
            what_happened=data["what_happened"],
            request=data["request"],
            petitioners=persons,
            category=data["category"],
            subject=data["subject"],
            community=data["community"],
            address=data["address"],
            is_group_visit=data["is_group_visit"],
            headcount=data["headcount"],
            is_anonymous=data["is_anonymous"],
            repeat_of=repeat_of,
            is_level_skipping=data["is_level_skipping"],
            accused_department=data["accused_department"],
            accused_name=data["accused_name"],
            received_at=data["received_at"],
            tracking_pin=pin,
            submission_key=data["submission_key"],
        )
    except ValidationError as err:
        _apply_errors(form, err)
        return None
    if pin and getattr(case, "created_now", False):
        request.session[f"pin-{case.pk}"] = pin
    return case


@require_GET
@login_required
@permission_required("cases.register_case", raise_exception=True)
def lookup(request: HttpRequest) -> HttpResponse:
    """While the officer types a phone or ID number: this person's earlier cases (HTMX partial)."""
    phone = normalize_phone(request.GET.get("p-0-phone", ""))[:20]
    id_number = request.GET.get("p-0-id_number", "").strip()[:22]
    complete_phone = len(phone) >= 8
    complete_id = len(id_number.replace(" ", "")) == 18
    cases = []
    if complete_phone or complete_id:
        earlier = earlier_cases_of_person(
            phone=phone if complete_phone else "", id_number=id_number if complete_id else ""
        )
        cases = list(
            earlier.filter(pk__in=cases_visible_to(request.user).values("pk"))
            .select_related("subject", "lead_department", "community")
            .order_by("-received_at")[:LOOKUP_LIMIT]
        )
    selected = request.GET.get("repeat_of", "")
    return render(
        request,
        "cases/intake/_lookup.html",
        {"cases": cases, "searched": complete_phone or complete_id, "selected": selected},
    )


@login_required
@permission_required("cases.register_case", raise_exception=True)
def receipt(request: HttpRequest, pk: int) -> HttpResponse:
    """The printable receipt (回执) handed to the petitioner."""
    case = get_object_or_404(
        cases_visible_to(request.user).select_related("platform", "received_by", "subject", "community"), pk=pk
    )
    first = case.case_petitioners.select_related("petitioner").first()
    return render(
        request,
        "cases/intake/receipt.html",
        {
            "case": case,
            "petitioner": first.petitioner if first else None,
            "pin": _pin_shown_once(request, case),
            "notice_days": settings.CASE_TRANSFER_DAYS,
            "track_url": settings.SITE_URL + reverse("track"),
            "track_qr": qr.svg(settings.SITE_URL + reverse("track"), scale=3),
        },
    )


@login_required
@permission_required("cases.register_case", raise_exception=True)
def today(request: HttpRequest) -> HttpResponse:
    """Today's intake at one platform (the officer's own by default)."""
    platform = _default_platform(request.user)
    code = request.GET.get("platform")
    if code:
        platform = get_object_or_404(Platform, code=code)
    cases = cases_received_today(user=request.user, platform=platform)
    by_channel = dict(cases.order_by().values_list("channel").annotate(n=Count("pk", distinct=True)))
    page = Paginator(cases, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "cases/intake/today.html",
        {
            "platform": platform,
            "page": page,
            "by_channel": [(label, by_channel.get(value, 0)) for value, label in Channel.choices],
            "platforms": Platform.objects.filter(is_active=True).order_by("kind", "code"),
        },
    )


# --- Residents -------------------------------------------------------------------------------


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
            case = _register_from_web(request, form, platform)
            if case is not None:
                return redirect("web-done", code=platform.code)
    else:
        form = ResidentCaseForm(initial={"submission_key": new_submission_key()})
    status = 429 if limited else 200
    return render(
        request, "cases/intake/web_form.html", {"form": form, "platform": platform, "limited": limited}, status=status
    )


def _register_from_web(request: HttpRequest, form: ResidentCaseForm, platform: Platform) -> Case | None:
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
        _apply_errors(form, err)
        return None
    if getattr(case, "created_now", False):
        # Only the submission that created the case sets the PIN; a double click must not replace it.
        request.session["web-done"] = {"case": case.pk, "pin": pin}
    return case


def web_done(request: HttpRequest, code: str) -> HttpResponse:
    done = request.session.get("web-done")
    if not done:
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


@login_required
def platforms(request: HttpRequest) -> HttpResponse:
    items = Platform.objects.select_related("department", "community").order_by("kind", "code")
    return render(request, "cases/intake/platforms.html", {"platforms": items})


@login_required
def poster(request: HttpRequest, code: str) -> HttpResponse:
    """A printable poster with the platform's QR code, drawn here as SVG (no outside service)."""
    platform = get_object_or_404(Platform, code=code)
    url = settings.SITE_URL + reverse("web-form", kwargs={"code": platform.code})
    return render(request, "cases/intake/poster.html", {"platform": platform, "url": url, "qr": qr.svg(url, scale=10)})


# --- Tracking --------------------------------------------------------------------------------

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
    from ..handling.services import case_request_review

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
    from ..handling.services import case_rate

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
    from ..handling.services import ActionNotAllowed
    from ..services import CaseConflict

    try:
        action()
    except CaseConflict:
        form.add_error(None, _("Your case changed while you were reading it. Please look at its new state first."))
        return False
    except ActionNotAllowed as err:
        form.add_error(None, err.messages)
        return False
    except ValidationError as err:
        _apply_errors(form, err)
        return False
    return True
