"""Places on a lower app's pages where higher apps show what they know: the case page, the dashboard.

A lower floor cannot import a higher one, so the higher app registers a panel here when it starts
(its AppConfig.ready) and the page renders whatever was registered, in order. Each panel's context
function gets the request and the slot's arguments and returns the panel's template context, or None
to show nothing; it must run a fixed number of queries whatever the data, like the page around it.

Slots in use:
- "case.page": context(request, case=Case) on the staff case page, after the reply and reviews;
- "dashboard.sections": context(request, scope=…, start=date, end=date) below the dashboard's figures;
- "dashboard.warnings": context(request, scope=…, start=date, end=date) inside the early-warnings card.
"""

from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Panel:
    name: str
    template: str
    context: Callable[..., dict | None]
    order: int = 100


@dataclass
class _Registry:
    slots: dict[str, dict[str, Panel]] = field(default_factory=dict)


_registry = _Registry()


def register_panel(slot: str, panel: Panel) -> None:
    """Idempotent by name: an app registering twice (tests, autoreload) replaces its own panel."""
    _registry.slots.setdefault(slot, {})[panel.name] = panel


def unregister_panel(slot: str, name: str) -> None:
    _registry.slots.get(slot, {}).pop(name, None)


def panels_for(slot: str) -> list[Panel]:
    return sorted(_registry.slots.get(slot, {}).values(), key=lambda p: (p.order, p.name))


def rendered_panels(slot: str, request, **arguments) -> list[tuple[Panel, dict]]:
    """Each registered panel with its context, leaving out those that have nothing to show here."""
    shown = []
    for panel in panels_for(slot):
        context = panel.context(request, **arguments)
        if context is not None:
            shown.append((panel, context))
    return shown
