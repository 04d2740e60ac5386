"""How a notification reads: each producer registers a renderer for its kind of message.

The outbox knows no domain; a reminder about a case's clock, say, is written by the cases app, which
registers how it reads (title, text, link) when its app is ready. Rendering happens when a message is
shown or sent, so each reader gets their own language.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db.models import QuerySet

from .models import Notification


@dataclass(frozen=True)
class Rendered:
    title: str
    body: str
    link: str = ""


Renderer = Callable[[Notification], Rendered]
_renderers: dict[str, Renderer] = {}
# Querysets a page prefetches the subjects with (one query per type, whatever the page size).
_subject_querysets: list[Callable[[], QuerySet]] = []


def register(kinds: Iterable[str], renderer: Renderer, *, subjects: Callable[[], QuerySet] | None = None) -> None:
    """A producer says how its kinds of notification read, and how to load their subjects for a list."""
    for kind in kinds:
        _renderers[kind] = renderer
    if subjects is not None and subjects not in _subject_querysets:
        _subject_querysets.append(subjects)


def subject_querysets() -> list[QuerySet]:
    return [make() for make in _subject_querysets]


def render(notification: Notification) -> Rendered:
    """The message as its producer words it; a message carrying its own text reads as written."""
    renderer = _renderers.get(notification.kind)
    if renderer is not None and notification.subject_id is not None:
        rendered = renderer(notification)
        if rendered is not None:
            return rendered
    return Rendered(notification.title, notification.body)
