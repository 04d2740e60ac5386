"""Tracking codes: short, unguessable, easy to read aloud, unique."""

import pytest
from django.db import IntegrityError, transaction
from hypothesis import given
from hypothesis import strategies as st

from cases.identity import (
    TRACKING_ALPHABET,
    TRACKING_CODE_RE,
    new_tracking_code,
    normalize_tracking_code,
)
from cases.models import Case

from ..factories import make_case


def test_the_alphabet_has_no_look_alikes():
    for confusing in "0O1I":
        assert confusing not in TRACKING_ALPHABET
    assert len(set(TRACKING_ALPHABET)) == 32


def test_codes_have_the_printed_format_and_do_not_repeat():
    codes = {new_tracking_code() for _ in range(20000)}

    assert len(codes) == 20000
    assert all(TRACKING_CODE_RE.match(code) for code in codes)


@given(st.text(alphabet=TRACKING_ALPHABET.lower() + TRACKING_ALPHABET, min_size=8, max_size=8))
def test_what_people_type_is_normalized_to_the_code(raw):
    typed = f" {raw[:3]} {raw[3:]} "
    assert normalize_tracking_code(typed) == f"{raw[:4].upper()}-{raw[4:].upper()}"


@pytest.mark.django_db
def test_the_database_refuses_a_duplicate_code(town):
    case = make_case()

    with pytest.raises(IntegrityError), transaction.atomic():
        Case.objects.filter(pk=make_case().pk).update(tracking_code=case.tracking_code)


@pytest.mark.django_db
def test_each_case_gets_its_own_code(town):
    codes = {make_case().tracking_code for _ in range(30)}
    assert len(codes) == 30
