"""Staff intake pages: the counter, receipts, today's list, the earlier-cases lookup and the QR posters."""

import re

from django.conf import settings
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from audit.models import Read
from audit.services import read_logged
from core import qr
from core.forms import add_service_errors
from core.site import absolute, office_details
from core.validation import normalize_phone
from grids.models import Platform

from ..forms.intake import CounterCaseForm, PetitionerFormSet, new_submission_key
from ..identity import new_tracking_pin
from ..models import MAX_NAMED_PETITIONERS, MAX_REPRESENTATIVES, NUMBERED_CHANNELS, Case, Channel
from ..policy import cases_visible_to, receipts_visible_to
from ..selectors.intake import cases_received_today, earlier_cases_of_person
from ..services import PetitionerData, case_register_with_files

LOOKUP_LIMIT = 10


def _pin_shown_once(request: HttpRequest, case: Case) -> str:
    """A PIN exists in clear only until the person who submitted sees it."""
    return request.session.pop(f"pin-{case.pk}", "")


def _default_platform(user) -> Platform | None:
    profile = getattr(user, "staff", None)
    if profile and profile.platform_id:
        return profile.platform
    return Platform.objects.filter(kind=Platform.Kind.HALL, is_active=True).first()


@login_required
@permission_required("cases.register_case", raise_exception=True)
def counter(request: HttpRequest) -> HttpResponse:
    """The reception counter: log a walk-in visit, a letter or a call in under a minute."""
    status = 200
    if request.method == "POST":
        form = CounterCaseForm(request.POST, request.FILES)
        channel = request.POST.get("channel")
        people = PetitionerFormSet(request.POST, prefix="p", channel=channel)
        if not people.management_form.is_valid() or not people.forms:
            # The page's hidden row counts were lost or altered: keep what was typed, save nothing, say so.
            people = PetitionerFormSet(_with_management_form(request.POST), prefix="p", channel=channel)
            form.is_valid()
            form.add_error(None, _("The form arrived incomplete, so nothing was saved. Check it and send it again."))
            status = 400
        elif form.is_valid() and people.is_valid():
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
    return render(
        request,
        "cases/intake/counter.html",
        {
            "form": form,
            "people": people,
            "repeat_of": repeat_of,
            "numbered_channels": sorted(str(c) for c in NUMBERED_CHANNELS),
            "max_representatives": MAX_REPRESENTATIVES,
            "max_people": MAX_NAMED_PETITIONERS,
        },
        status=status,
    )


def _with_management_form(data):
    """The posted data with the petitioner rows' hidden counts rebuilt from the rows actually posted.

    Enough rows to hold every person typed (a joint letter may have added rows), at least the five drawn.
    """
    rows = [int(m.group(1)) for key in data for m in [_PERSON_FIELD.fullmatch(key)] if m]
    total = min(max([MAX_REPRESENTATIVES, *(r + 1 for r in rows)]), PetitionerFormSet.absolute_max)
    data = data.copy()
    data.update(
        {
            "p-TOTAL_FORMS": str(total),
            "p-INITIAL_FORMS": "0",
            "p-MIN_NUM_FORMS": "0",
            "p-MAX_NUM_FORMS": str(MAX_NAMED_PETITIONERS),
        }
    )
    return data


# A person row's field as the page names it: p-<row>-<field>, the row in ASCII digits.
_PERSON_FIELD = re.compile(r"p-([0-9]{1,3})-[a-z_]+")


# A case id as the lookup list posts it: ASCII digits only (str.isdigit() also takes "²"), no longer than a bigint.
_CASE_ID = re.compile(r"[0-9]{1,18}")


def _chosen_repeat(request: HttpRequest, form) -> Case | None:
    raw = form.data.get("repeat_of") if form.is_bound else None
    if not raw or not _CASE_ID.fullmatch(str(raw)):
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
            handover_number=data["handover_number"],
            # The counter identifies the visitor (信访工作条例): written notices and the hand-over to the
            # higher-level petition system need the full number, so the office keeps it, encrypted.
            keep_id_number=True,
        )
    except ValidationError as err:
        add_service_errors(form, err)
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
            user=request.user, phone=phone if complete_phone else "", id_number=id_number if complete_id else ""
        )
        cases = list(earlier[:LOOKUP_LIMIT])
        # The cases found, by id: the phone or ID number typed is the data itself and stays out of the log.
        found = ",".join(str(c.pk) for c in cases)
        read_logged(request, kind=Read.Kind.LOOKUP, what=f"cases: {found}" if found else "cases: none")
    selected = request.GET.get("repeat_of")
    if selected is None:
        # The panel's first answer: a matter still open is most likely what the person came back about.
        still_open = next((c for c in cases if c.is_open), None)
        selected = str(still_open.pk) if still_open else ""
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
        receipts_visible_to(request.user).select_related("platform", "received_by", "subject", "community"), pk=pk
    )
    first = case.case_petitioners.select_related("petitioner").first()
    read_logged(request, kind=Read.Kind.RECEIPT, obj=case)
    track_url = absolute(reverse("track"), request)
    return render(
        request,
        "cases/intake/receipt.html",
        {
            "case": case,
            "petitioner": first.petitioner if first else None,
            "pin": _pin_shown_once(request, case),
            "notice_days": settings.CASE_TRANSFER_DAYS,
            "track_url": track_url,
            "track_qr": qr.svg(track_url, scale=3),
            # A case sent from a phone has no clerk: the receipt says it came through the web form instead.
            "through_web": case.channel == Channel.WEB or case.received_by_id is None,
            "office": office_details(),
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


@login_required
def platforms(request: HttpRequest) -> HttpResponse:
    items = Platform.objects.select_related("department", "community").order_by("kind", "code")
    return render(request, "cases/intake/platforms.html", {"platforms": items})


@login_required
def poster(request: HttpRequest, code: str) -> HttpResponse:
    """A printable poster with the platform's QR code, drawn here as SVG (no outside service)."""
    platform = get_object_or_404(Platform, code=code)
    url = absolute(reverse("web-form", kwargs={"code": platform.code}), request)
    return render(request, "cases/intake/poster.html", {"platform": platform, "url": url, "qr": qr.svg(url, scale=10)})


# --- Tracking --------------------------------------------------------------------------------
