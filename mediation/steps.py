"""The mediation's steps on a case's timeline (cases.linked), registered when the app starts."""

from django.utils.translation import gettext_lazy as _

from cases.linked import LinkedStep, register_linked_step

OPENED = "mediation_opened"
AGREED = "mediation_agreed"
FAILED = "mediation_failed"
REFUSED = "mediation_refused"


def register_steps() -> None:
    register_linked_step(
        LinkedStep(OPENED, _("Referred to people's mediation"), _("Your matter went to people's mediation"))
    )
    register_linked_step(
        LinkedStep(AGREED, _("Mediation: agreement in effect"), _("An agreement was reached in mediation"))
    )
    register_linked_step(
        LinkedStep(FAILED, _("Mediation failed: back with the handler"), _("Mediation ended without agreement"))
    )
    register_linked_step(LinkedStep(REFUSED, _("Mediation refused by a party: back with the handler")))
