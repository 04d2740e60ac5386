"""What a client posts (POST requests) and asks for (GET requests), checked field by field. Anything wrong
becomes an Open311Error: the HTTP status and one message per problem, in the reader's language."""

import re
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _

from cases.models import Subject
from core.validation import normalize_phone, validate_phone
from grids.models import Community

from .models import CommunityPoint, ServiceAttribute

DESCRIPTION_MAX = 4000  # "free form text limited to 4,000 characters" (GeoReport v2)
ADDRESS_MAX = 200
NAME_MAX = 50
VALUE_MAX = 200
MEDIA_URL_MAX = 500
MAX_IDS = 1000


class Open311Error(Exception):
    def __init__(self, status: int, *messages: str):
        super().__init__(*messages)
        self.status = status
        self.messages = list(messages)


@dataclass
class Posted:
    """A checked POST requests: everything the intake service needs, and what makes it the same post again."""

    subject: Subject
    description: str
    community: Community | None = None
    place: str = ""
    name: str = ""
    phone: str = ""
    email: str = ""
    media_url: str = ""
    answers: list[tuple[str, str]] = field(default_factory=list)


# Control characters have no place in text (XML 1.0 cannot even carry them): tab and line breaks only.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _one(data, name: str, limit: int) -> str:
    value = (data.get(name) or "").strip()
    if CONTROL.search(value):
        raise Open311Error(400, _("%(field)s contains control characters.") % {"field": name})
    if len(value) > limit:
        raise Open311Error(
            400,
            _("%(field)s has %(count)d characters; at most %(limit)d are accepted.")
            % {"field": name, "count": len(value), "limit": limit},
        )
    return value


def _coordinate(raw: str, name: str, bound: int) -> Decimal:
    try:
        value = Decimal(raw)
    except InvalidOperation:
        raise Open311Error(400, _("%(field)s must be a number in degrees (WGS84).") % {"field": name}) from None
    if not value.is_finite() or not -bound <= value <= bound:
        raise Open311Error(
            400, _("%(field)s must lie between -%(bound)d and %(bound)d degrees.") % {"field": name, "bound": bound}
        )
    return value


def _location(data) -> tuple[Community | None, str]:
    """The community (address_id, a community's name in address_string, or the nearest point) and the
    place as given, which only staff see."""
    lat, long = _one(data, "lat", 40), _one(data, "long", 40)
    address_string = _one(data, "address_string", ADDRESS_MAX)
    address_id = _one(data, "address_id", 40)
    if bool(lat) != bool(long):
        raise Open311Error(400, _("lat and long must be sent together."))
    if not (lat or address_string or address_id):
        raise Open311Error(400, _("A location is required: lat and long, address_string or address_id."))
    community = None
    place = address_string
    if address_id:
        community = Community.objects.filter(code=address_id).first()
        if community is None:
            raise Open311Error(400, _("address_id %(id)s is not a community of this town.") % {"id": address_id})
    if lat:
        point = (_coordinate(lat, "lat", 90), _coordinate(long, "long", 180))
        south, west, north, east = settings.OPEN311_BOUNDS
        if not (south <= point[0] <= north and west <= point[1] <= east):
            raise Open311Error(400, _("This location lies outside the town: check lat and long."))
        place = f"{place} ({point[0]}, {point[1]})".strip()
        community = community or _nearest_community(*point)
    if community is None and address_string:
        community = _named_community(address_string)
    return community, place


def _nearest_community(lat: Decimal, long: Decimal) -> Community | None:
    best, best_distance = None, settings.OPEN311_COMMUNITY_RADIUS_DEGREES**2
    for point in CommunityPoint.objects.select_related("community"):
        distance = float(point.lat - lat) ** 2 + float(point.long - long) ** 2
        if distance <= best_distance:
            best, best_distance = point.community, distance
    return best


def _named_community(text: str) -> Community | None:
    """The community whose name the address names (the longest name wins: 银一居委 before 银一)."""
    found = [c for c in Community.objects.all() if c.name and c.name in text] or [
        c for c in Community.objects.all() if c.name_en and c.name_en.lower() in text.lower()
    ]
    return max(found, key=lambda c: len(c.name), default=None)


def _answers(data, subject: Subject) -> list[tuple[str, str]]:
    """attribute[code]=value (attribute[code][]=value for several), checked against the subject's fields."""
    attributes = {a.code: a for a in subject.open311_attributes.all()}
    posted: dict[str, list[str]] = {}
    for key in data:
        match = re.fullmatch(r"attribute\[([^\]]{1,40})\](\[\])?", key)
        if match:
            posted.setdefault(match.group(1), []).extend(v.strip() for v in data.getlist(key) if v.strip())
    unknown = sorted(set(posted) - set(attributes))
    if unknown:
        raise Open311Error(
            400, _("This service has no attribute %(codes)s.") % {"codes": ", ".join(unknown)[:VALUE_MAX]}
        )
    answers, problems = [], []
    for attribute in sorted(attributes.values(), key=lambda a: (a.order, a.code)):
        values = posted.get(attribute.code, [])
        if not values:
            if attribute.required:
                problems.append(_("attribute[%(code)s] is required.") % {"code": attribute.code})
            continue
        problem = _attribute_problem(attribute, values)
        if problem:
            problems.append(problem)
            continue
        names = dict(attribute.choices)
        answers.append((attribute.description, "、".join(names.get(v, v) for v in values)))
    if problems:
        raise Open311Error(400, *problems)
    return answers


def _attribute_problem(attribute: ServiceAttribute, values: list[str]) -> str:
    kinds = ServiceAttribute.Datatype
    code = {"code": attribute.code}
    if len(values) > 1 and attribute.datatype != kinds.MULTI:
        return _("attribute[%(code)s] takes one value.") % code
    if any(len(v) > VALUE_MAX for v in values):
        return _("attribute[%(code)s] is longer than %(limit)d characters.") % {**code, "limit": VALUE_MAX}
    if attribute.is_list:
        keys = {key for key, _name in attribute.choices}
        if any(v not in keys for v in values):
            return _("attribute[%(code)s] must be one of the keys in the service definition.") % code
    elif attribute.datatype == kinds.NUMBER:
        try:
            Decimal(values[0])
        except InvalidOperation:
            return _("attribute[%(code)s] must be a number.") % code
    elif attribute.datatype == kinds.DATETIME and _when(values[0]) is None:
        return _("attribute[%(code)s] must be a date and time like 2026-12-01T09:30:00+08:00.") % code
    elif attribute.datatype == kinds.STRING and "\n" in values[0]:
        return _("attribute[%(code)s] must be one line.") % code
    return ""


def posted_request(data) -> Posted:
    """Check a POST requests, the service_code first: an unknown one is a 404 (GeoReport v2)."""
    code = _one(data, "service_code", 30)
    if not code:
        raise Open311Error(400, _("service_code was not provided."))
    subject = Subject.objects.filter(code=code, is_active=True).first()
    if subject is None:
        raise Open311Error(404, _("service_code %(code)s was not found.") % {"code": code})
    community, place = _location(data)
    description = _one(data, "description", DESCRIPTION_MAX)
    if not description:
        raise Open311Error(400, _("description is required: say what happened and what you ask for."))
    first, last = _one(data, "first_name", NAME_MAX), _one(data, "last_name", NAME_MAX)
    # 李四 is family name first, no space; "John Smith" keeps the order and the space it is written with.
    name = f"{first} {last}".strip() if (first + last).isascii() else last + first
    if len(name) > NAME_MAX:
        raise Open311Error(400, _("The name is longer than %(limit)d characters.") % {"limit": NAME_MAX})
    phone = normalize_phone(_one(data, "phone", 30))
    email = _one(data, "email", 254)
    media_url = _one(data, "media_url", MEDIA_URL_MAX)
    problems = []
    for check, value, message in (
        (validate_phone, phone, None),
        (EmailValidator(), email, _("email is not an e-mail address.")),
        (URLValidator(schemes=["http", "https"]), media_url, _("media_url must be an http or https address.")),
    ):
        try:
            if value:
                check(value)
        except ValidationError as err:
            problems.append(message or " ".join(err.messages))
    if name and not phone:
        problems.append(_("Leave a phone number so we can reach you, or send neither name nor phone."))
    if problems:
        raise Open311Error(400, *problems)
    return Posted(
        subject=subject,
        description=description,
        community=community,
        place=place[:ADDRESS_MAX],
        name=name,
        phone=phone,
        email=email,
        media_url=media_url,
        answers=_answers(data, subject),
    )


_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def _when(raw: str) -> datetime | None:
    """A W3C date or date-time. A time must carry its zone (Z or an offset); a bare date is the town's day."""
    try:
        if _DAY.fullmatch(raw):
            day = parse_date(raw)
            return timezone.make_aware(datetime.combine(day, time.min)) if day else None
        moment = parse_datetime(raw)
    except ValueError:
        return None
    return moment if moment is not None and timezone.is_aware(moment) else None


@dataclass
class Query:
    ids: list[int] | None
    service_codes: list[str]
    start: datetime
    end: datetime
    statuses: list[str]


def _listed(data, name: str) -> list[str]:
    """A comma delimited argument, which may also be declared several times."""
    return [part.strip() for raw in data.getlist(name) for part in raw.split(",") if part.strip()]


RANGE_DAYS = 90


def requests_query(data) -> Query:
    """GET requests' arguments: ids, service codes, the date range (90 days at most, the last 90 by default)
    and the statuses (open, closed)."""
    ids = None
    raw_ids = _listed(data, "service_request_id")
    if raw_ids:
        if len(raw_ids) > MAX_IDS or not all(re.fullmatch(r"[0-9]{1,18}", i) for i in raw_ids):
            raise Open311Error(400, _("service_request_id must be up to 1000 numbers separated by commas."))
        ids = [int(i) for i in raw_ids]
    moments = {}
    for name in ("start_date", "end_date"):
        raw = (data.get(name) or "").strip()
        moments[name] = _when(raw) if raw else None
        if raw and moments[name] is None:
            raise Open311Error(
                400,
                _("%(field)s must be a W3C date-time with its zone, e.g. 2026-12-01T00:00:00+08:00.") % {"field": name},
            )
    start, end = moments["start_date"], moments["end_date"]
    span = timedelta(days=RANGE_DAYS)
    if start is None and end is None:
        end = timezone.now()
    if start is None:
        start = end - span
    if end is None:
        end = start + span
    if end < start:
        raise Open311Error(400, _("end_date lies before start_date."))
    if end - start > span:
        raise Open311Error(400, _("start_date and end_date may not span more than 90 days."))
    statuses = sorted(set(_listed(data, "status")))
    if any(s not in ("open", "closed") for s in statuses):
        raise Open311Error(400, _("status must be open, closed or both."))
    if statuses == ["closed", "open"]:
        statuses = []
    return Query(ids=ids, service_codes=_listed(data, "service_code")[:100], start=start, end=end, statuses=statuses)
