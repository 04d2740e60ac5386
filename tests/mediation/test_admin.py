"""The committee's register in the admin: 3-9 members and one chair, or nothing is saved."""

from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from mediation.models import Committee

pytestmark = pytest.mark.django_db


def _post(client, town, members):
    data = {
        "name": "银一居委人民调解委员会",
        "level": "community",
        "community": town["community_a"].pk,
        "term_starts_on": "2026-01-01",
        "mediators-TOTAL_FORMS": len(members),
        "mediators-INITIAL_FORMS": 0,
        "mediators-MIN_NUM_FORMS": 0,
        "mediators-MAX_NUM_FORMS": 1000,
    }
    for i, (name, chair) in enumerate(members):
        data |= {f"mediators-{i}-name": name, f"mediators-{i}-kind": "member", f"mediators-{i}-is_active": "on"}
        if chair:
            data[f"mediators-{i}-is_chair"] = "on"
    return client.post(reverse("admin:mediation_committee_add"), data)


def test_a_committee_with_too_few_members_or_no_chair_is_refused_and_one_that_fits_is_saved(client, town):
    admin = get_user_model().objects.create_superuser("root", "root@example.org", "a-long-test-pass")
    client.force_login(admin)

    assert _post(client, town, [("甲", True), ("乙", False)]).status_code == 200
    assert _post(client, town, [("甲", False), ("乙", False), ("丙", False)]).status_code == 200
    assert not Committee.objects.exists()

    assert _post(client, town, [("甲", True), ("乙", False), ("丙", False)]).status_code == 302
    committee = Committee.objects.get()
    assert committee.mediators.count() == 3 and committee.term_ends_on == date(2029, 1, 1)
