"""The agreement takes effect only with what the law asks (art. 29, 30); the 30 days for confirmation (art. 33)."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from cases import clock
from core.calendar import is_workday
from mediation.models import Agreement, Ruling, Status
from mediation.rules import agreement_problems, confirmation_window_ends
from mediation.services import agreement_draft, agreement_sign, confirmation_apply, confirmation_rule, term_performed

from .conftest import WRITTEN, sign_all, under_way, written_agreement

pytestmark = pytest.mark.django_db


def test_a_written_agreement_missing_its_required_fields_is_refused(committees, people):
    mediation = under_way(committees["yinyi"])
    obligor = mediation.parties.first()
    with pytest.raises(ValidationError) as refused:
        agreement_draft(
            mediation=mediation,
            by=None,
            form="written",
            reached_on=date(2026, 3, 2),
            terms=[{"text": "拆除", "obligor": obligor, "due_on": date(2026, 3, 9)}],
            main_facts="事实",
        )
    assert len(refused.value.messages) == 3
    assert not Agreement.objects.exists()


def test_the_agreement_is_not_in_effect_until_every_party_the_mediator_and_the_seal_are_on_it(committees, people):
    mediation = under_way(committees["yinyi"])
    agreement = written_agreement(mediation)
    first, second = mediation.parties.all()
    agreement_sign(agreement=agreement, by=None, signer="party", party=first, signed_on=date(2026, 3, 2))
    agreement_sign(agreement=agreement, by=None, signer="mediator", mediator_name="赵敏", signed_on=date(2026, 3, 2))
    agreement_sign(agreement=agreement, by=None, signer="seal", signed_on=date(2026, 3, 3))
    mediation.refresh_from_db()
    assert mediation.status == Status.UNDER_WAY
    assert Agreement.objects.get().effective_on is None

    agreement_sign(
        agreement=agreement, by=None, signer="party", party=second, method="fingerprint", signed_on=date(2026, 3, 5)
    )

    mediation.refresh_from_db()
    assert mediation.status == Status.AGREED
    assert Agreement.objects.get().effective_on == date(2026, 3, 5)  # the last of the signatures


def test_the_problems_list_names_each_missing_signature(committees, people):
    mediation = under_way(committees["yinyi"])
    agreement = Agreement(mediation=mediation, form="written", reached_on=date(2026, 3, 2), **WRITTEN)
    problems = agreement_problems(agreement, parties=list(mediation.parties.all()), signatures=[], terms=[object()])
    assert len(problems) == 4  # two parties, the mediator, the seal


def test_an_oral_agreement_is_in_effect_the_day_it_is_reached(committees, people):
    mediation = under_way(committees["yinyi"])
    agreement_draft(
        mediation=mediation, by=None, form="oral", reached_on=date(2026, 3, 2), oral_record="当场道歉，握手言和"
    )
    mediation.refresh_from_db()
    assert mediation.status == Status.AGREED
    assert mediation.agreement.effective_on == date(2026, 3, 2)


def test_the_confirmation_window_is_30_days_and_one_ending_on_a_holiday_moves_to_the_next_working_day(town):
    assert confirmation_window_ends(date(2026, 3, 2)) == date(2026, 4, 1)
    # 30 days after 2026-09-05 is 2026-10-05, inside the National Day holiday.
    raw = date(2026, 10, 5)
    assert not is_workday(raw)
    ends = confirmation_window_ends(date(2026, 9, 5))
    assert ends > raw and is_workday(ends)
    assert all(not is_workday(date(2026, 10, d)) for d in range(5, ends.day))
    assert ends == clock.add_days(date(2026, 9, 5), 30)  # the case clock's own count


def test_the_joint_application_is_refused_after_the_window_and_the_ruling_follows_it(committees, people):
    mediation = under_way(committees["yinyi"])
    agreement = sign_all(written_agreement(mediation), date(2026, 9, 5))
    ends = confirmation_window_ends(date(2026, 9, 5))
    with pytest.raises(ValidationError):
        confirmation_apply(agreement=agreement, by=None, applied_on=date(2026, 10, 20), court="闵行区人民法院")
    confirmation_apply(agreement=agreement, by=None, applied_on=ends, court="闵行区人民法院")
    confirmation_rule(agreement=agreement, by=None, ruling=Ruling.VALID, ruled_on=date(2026, 10, 20))
    agreement.refresh_from_db()
    assert agreement.ruling == Ruling.VALID and agreement.ruled_on == date(2026, 10, 20)


def test_a_term_is_performed_once(committees, people):
    mediation = under_way(committees["yinyi"])
    agreement = sign_all(written_agreement(mediation), date(2026, 3, 2))
    term = agreement.terms.get()
    term_performed(term=term, by=None, performed_on=date(2026, 3, 15))
    with pytest.raises(ValidationError):
        term_performed(term=term, by=None, performed_on=date(2026, 3, 16))
    term.refresh_from_db()
    assert term.on_time
