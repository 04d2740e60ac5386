"""Registering a case: petitioners, group visits, the masked ID number and repeat lookup."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from cases.identity import hash_id_number
from cases.models import MAX_NAMED_PETITIONERS, Case, CaseEvent, CasePetitioner, Channel, Petitioner, Status
from cases.selectors.intake import earlier_cases_of_person
from cases.services import PetitionerData

from ..factories import make_case

pytestmark = pytest.mark.django_db

ID_NUMBER = "31011219800101123X"


def _people(n: int) -> list[PetitionerData]:
    return [PetitionerData(name=f"代表{i}", phone=f"1390000000{i}") for i in range(n)]


def test_it_registers_a_case_with_its_first_timeline_event(town, reception):
    case = make_case(by=reception, community=town["community_a"])

    assert case.status == Status.REGISTERED
    assert case.zone == town["community_a"].zone
    assert case.tier.code == "community"
    assert case.received_by == reception
    event = case.events.get()
    assert (event.kind, event.new_status, event.actor) == (CaseEvent.Kind.REGISTERED, Status.REGISTERED, reception)


def test_it_takes_the_tier_from_the_grid_and_the_community_from_the_grid(town):
    case = make_case(grid=town["grid_a"])

    assert case.tier.code == "building"
    assert case.community == town["community_a"]


def test_a_group_visit_keeps_up_to_five_representatives(town):
    case = make_case(petitioners=_people(5), is_group_visit=True, headcount=40)

    assert list(case.case_petitioners.values_list("position", flat=True)) == [1, 2, 3, 4, 5]
    assert case.headcount == 40


def test_it_refuses_a_sixth_representative_with_a_clear_message(town):
    with pytest.raises(ValidationError) as err:
        make_case(petitioners=_people(6), is_group_visit=True, headcount=40)

    assert "petitioners" in err.value.message_dict
    assert not Case.objects.exists()
    assert not Petitioner.objects.exists()


def test_a_visit_names_at_most_five_representatives(town):
    with pytest.raises(ValidationError) as err:
        make_case(petitioners=_people(6), is_group_visit=True, headcount=10)
    assert "petitioners" in err.value.message_dict


def test_a_joint_letter_names_more_people_and_the_database_caps_a_case_at_fifty(town):
    case = make_case(channel=Channel.LETTER, petitioners=_people(7))
    assert case.case_petitioners.count() == 7
    extra = Petitioner.objects.create(name="第五十一人")

    with pytest.raises(IntegrityError), transaction.atomic():
        CasePetitioner.objects.create(case=case, petitioner=extra, position=MAX_NAMED_PETITIONERS + 1)


def test_it_refuses_a_headcount_above_one_for_a_single_visit(town):
    with pytest.raises(ValidationError) as err:
        make_case(headcount=3)

    assert "headcount" in err.value.message_dict


def test_it_refuses_a_group_visit_with_fewer_people_than_representatives(town):
    with pytest.raises(ValidationError):
        make_case(petitioners=_people(4), is_group_visit=True, headcount=3)


def test_it_needs_a_petitioner_unless_anonymous(town):
    with pytest.raises(ValidationError):
        make_case(petitioners=[])

    case = make_case(petitioners=[], is_anonymous=True, tracking_pin="123456")
    assert case.is_anonymous
    assert case.tracking_pin_hash and "123456" not in case.tracking_pin_hash


def test_it_never_stores_the_id_number_itself(town):
    make_case(petitioners=[PetitionerData(name="李四", id_number=ID_NUMBER)])

    person = Petitioner.objects.get()
    assert person.id_number_last4 == "123X"
    assert person.masked_id_number == "**************123X"
    stored = " ".join(str(v) for v in Petitioner.objects.values().get().values())
    assert ID_NUMBER not in stored
    assert ID_NUMBER[:14] not in stored
    assert person.id_number_hash == hash_id_number(ID_NUMBER.lower())


def test_the_same_id_number_is_the_same_person(town):
    make_case(petitioners=[PetitionerData(name="李四", id_number=ID_NUMBER, phone="13911111111")])
    make_case(petitioners=[PetitionerData(name="李四", id_number=f" {ID_NUMBER.lower()} ", phone="13922222222")])

    person = Petitioner.objects.get()
    assert person.phone == "13922222222"  # the newest contact is kept


def test_repeat_lookup_finds_earlier_cases_by_id_number_or_phone(town, reception):
    first = make_case(petitioners=[PetitionerData(name="王五", id_number=ID_NUMBER, phone="13933333333")])
    other = make_case(petitioners=[PetitionerData(name="赵六", phone="13944444444")])

    assert list(earlier_cases_of_person(user=reception, id_number=ID_NUMBER)) == [first]
    assert list(earlier_cases_of_person(user=reception, phone="13933333333")) == [first]
    assert list(earlier_cases_of_person(user=reception, phone="13944444444")) == [other]
    assert not earlier_cases_of_person(user=reception, id_number="310112199901011111").exists()
    assert not earlier_cases_of_person(user=reception).exists()


def test_a_repeat_case_links_to_the_earlier_one(town):
    first = make_case()
    again = make_case(repeat_of=first)

    assert again.visit_kind == Case.VisitKind.REPEAT
    assert list(first.repeats.all()) == [again]


def test_the_same_submission_key_creates_one_case(town):
    first = make_case(submission_key="form-token-1")
    second = make_case(submission_key="form-token-1")

    assert first.pk == second.pk
    assert Case.objects.count() == 1
    assert CaseEvent.objects.count() == 1


def test_it_rejects_an_unknown_channel_or_category(town):
    with pytest.raises(ValidationError):
        make_case(channel="telepathy")
    with pytest.raises(ValidationError):
        make_case(category="gossip")
