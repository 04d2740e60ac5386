"""What the law asks of an agreement before it takes effect, and the 30 days for judicial confirmation.

A written agreement (art. 29) takes effect on the day the last of these is done: every party has signed,
sealed or fingerprinted it, the mediator has signed it, the committee's seal is on it. An oral one (art. 30)
takes effect the day it is reached. The parties may jointly apply for judicial confirmation within 30 days
of that day (art. 33): counted on the calendar the case clock uses (cases.clock.add_days: the day of the
event not counted, a last day that is a rest day moves to the next working day, 民事诉讼法 on 期间).
"""

from datetime import date

from django.utils.translation import gettext as _

from cases import clock

from .models import Agreement

CONFIRMATION_DAYS = 30


def agreement_problems(agreement: Agreement, *, parties: list, signatures: list, terms: list) -> list[str]:
    """Why the agreement is not (yet) in effect; empty when it is. Reads the lists the caller loaded."""
    problems = []
    if not agreement.is_written:
        if not agreement.oral_record.strip():
            problems.append(_("The mediator records the oral agreement."))
        return problems
    for field, label in (
        ("main_facts", _("the main facts")),
        ("points_in_dispute", _("the points in dispute")),
        ("responsibilities", _("each party's responsibility")),
        ("performance", _("how and by when the terms are carried out")),
    ):
        if not getattr(agreement, field).strip():
            problems.append(_("The agreement states %(what)s.") % {"what": label})
    if not terms:
        problems.append(_("The agreement has at least one term."))
    signed = {s.party_id for s in signatures}
    for party in parties:
        if party.pk not in signed:
            problems.append(_("%(name)s has not signed, sealed or fingerprinted it.") % {"name": party.name})
    if agreement.mediator_signed_on is None:
        problems.append(_("The mediator has not signed it."))
    if agreement.sealed_on is None:
        problems.append(_("The committee's seal is not on it."))
    return problems


def effective_on(agreement: Agreement, *, parties: list, signatures: list, terms: list) -> date | None:
    """The day it takes effect, or None while anything the law asks for is missing."""
    if agreement_problems(agreement, parties=parties, signatures=signatures, terms=terms):
        return None
    if not agreement.is_written:
        return agreement.reached_on
    return max([s.signed_on for s in signatures] + [agreement.mediator_signed_on, agreement.sealed_on])


def confirmation_window_ends(effective: date) -> date:
    """The last day to apply jointly for judicial confirmation."""
    return clock.add_days(effective, CONFIRMATION_DAYS)
