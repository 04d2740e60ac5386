"""The case action "refer to mediation": the case's lead or its triager refers an open case; the case keeps
its status and its clock (it is not closed), and the mediation shows on its page and its timeline."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cases import rules
from cases.actions import CaseAction
from cases.models import OPEN_STATUSES, Status


def _no_open_mediation(case, today) -> str | None:
    from .models import Mediation
    from .models.mediation import OPEN_STATUSES as MEDIATION_OPEN

    if Mediation.objects.filter(case=case, status__in=MEDIATION_OPEN).exists():
        return _("This case is already in mediation.")
    return None


REFER = CaseAction(
    "refer_mediation",
    allowed_from=frozenset(s for s in OPEN_STATUSES if s != Status.REGISTERED),
    who=rules.lead | rules.case_triager,
    form="mediation.forms.ReferForm",
    service="mediation.services.mediation_refer_case",
    title=gettext_lazy("Refer to people's mediation"),
    button=gettext_lazy("Refer to mediation"),
    icon="people-fill",
    style="secondary",
    done=gettext_lazy("Referred to people's mediation. The case stays open and its clock runs."),
    check=_no_open_mediation,
)
