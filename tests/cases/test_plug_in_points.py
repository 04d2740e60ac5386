"""Higher apps plug into the case page, its actions and its timeline without the case app importing them."""

import copy

import pytest
from django.conf import settings
from django.test import override_settings
from django.urls import reverse
from django.utils.translation import gettext_lazy

from cases import actions, rules
from cases.linked import LinkedStep, record_linked_step, register_linked_step
from cases.models import OPEN_STATUSES, CaseEvent
from cases.selectors.public import case_public_timeline
from core.slots import Panel, register_panel, unregister_panel
from grids.models import Role

from ..factories import make_case, make_staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def panel_template(tmp_path):
    (tmp_path / "plug").mkdir()
    (tmp_path / "plug" / "panel.html").write_text(
        '<section data-testid="plug-panel">{{ plug_words }} {{ case.tracking_code }}</section>'
    )
    templates = copy.deepcopy(settings.TEMPLATES)
    templates[0]["DIRS"] = [*templates[0]["DIRS"], tmp_path]
    with override_settings(TEMPLATES=templates):
        yield "plug/panel.html"


@pytest.fixture
def plugged_action():
    entry = actions.CaseAction(
        "plug_note",
        allowed_from=frozenset(OPEN_STATUSES),
        who=rules.triager,
        form="cases.forms.actions.NoteForm",
        service="cases.services.handling.case_add_note",
        title=gettext_lazy("Add a progress note"),
        button=gettext_lazy("Add note"),
        icon="journal-plus",
        done=gettext_lazy("Note added."),
    )
    actions.register_action(entry)
    yield entry
    actions.ACTIONS.pop(entry.name)


def test_a_registered_panel_shows_on_the_case_page_and_one_with_nothing_to_say_does_not(town, client, panel_template):
    case = make_case()
    client.force_login(make_staff(Role.PETITION_OFFICE))
    register_panel("case.page", Panel("plug", panel_template, lambda request, case: {"plug_words": "来自上层"}))
    register_panel("case.page", Panel("silent", panel_template, lambda request, case: None))
    try:
        body = client.get(reverse("handling:case", args=[case.pk])).content.decode()
    finally:
        unregister_panel("case.page", "plug")
        unregister_panel("case.page", "silent")

    assert body.count('data-testid="plug-panel"') == 1
    assert f"来自上层 {case.tracking_code}" in body


def test_an_action_registered_by_dotted_path_is_offered_and_taken_like_the_case_apps_own(town, client, plugged_action):
    case = make_case()
    client.force_login(make_staff(Role.PETITION_OFFICE))

    page = client.get(reverse("handling:case", args=[case.pk])).content.decode()
    assert 'data-action="plug_note"' in page
    response = client.post(
        reverse("handling:action", args=[case.pk, "plug_note"]),
        {"plug_note-version": case.version, "plug_note-text": "从别处登记的进展"},
    )

    assert response.status_code == 302
    assert case.events.filter(kind=CaseEvent.Kind.NOTE, note="从别处登记的进展").count() == 1


def test_a_linked_step_reads_as_its_app_says_for_staff_and_only_its_public_title_for_the_petitioner(town, client):
    register_linked_step(LinkedStep("plug_opened", gettext_lazy("Mediation opened"), gettext_lazy("Your matter")))
    register_linked_step(LinkedStep("plug_internal", gettext_lazy("Discussed at a meeting")))
    case = make_case()
    version = case.version
    record_linked_step(case=case, by=None, code="plug_opened", note="人民调解", is_public=True)
    record_linked_step(case=case, by=None, code="plug_internal", is_public=True)
    client.force_login(make_staff(Role.PETITION_OFFICE))

    body = client.get(reverse("handling:case", args=[case.pk]), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    public = [event.title for event in case_public_timeline(case)]

    assert "Mediation opened" in body and "Discussed at a meeting" in body
    assert "Your matter" in public and "Discussed at a meeting" not in public
    case.refresh_from_db()
    assert case.version == version  # nobody editing the case meanwhile is told it changed


def test_an_unregistered_or_too_long_step_is_refused(town):
    case = make_case()
    with pytest.raises(ValueError):
        record_linked_step(case=case, by=None, code="nobody_registered")
    with pytest.raises(ValueError):
        register_linked_step(LinkedStep("x" * 21, gettext_lazy("Too long")))
