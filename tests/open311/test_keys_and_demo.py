"""Keys are made in the admin and shown once; the demo town's client key works as printed."""

import pytest
from django.contrib.auth import get_user_model

from cases.models import Case
from demo.interfaces import DEMO_OPEN311_KEY, build_open311
from demo.structure import build_structure
from open311.models import ApiKey, hash_api_key

from .spec import BASE, json_body, rows_of

pytestmark = pytest.mark.django_db


def test_the_administrator_makes_a_key_that_is_shown_once_and_stored_as_a_hash(client, town):
    admin = get_user_model().objects.create_superuser("root", password="a-long-test-pass")
    client.force_login(admin)

    page = client.post(
        "/admin/open311/apikey/add/",
        {"name": "随手拍应用", "platform": town["hall"].pk, "is_active": "on"},
        follow=True,
    )

    key = ApiKey.objects.get()
    shown = [str(m) for m in page.context["messages"]]
    raw = next(word for text in shown for word in text.replace("。", " ").split() if word.startswith("zq311_"))
    assert key.key_hash == hash_api_key(raw)
    assert raw not in key.key_start + key.key_hash
    again = client.get(f"/admin/open311/apikey/{key.pk}/change/").content.decode()
    assert raw not in again


def test_the_demo_clients_key_posts_to_the_demo_town(client):
    build_structure()
    printed = build_open311()
    build_open311()  # seeding again keeps one key, the same one

    assert printed == DEMO_OPEN311_KEY and ApiKey.objects.count() == 1
    definition = json_body(client.get(f"{BASE}/services/illegal-construction.json"))
    assert definition["attributes"][0]["code"] == "where"
    body = json_body(
        client.post(
            f"{BASE}/requests.json",
            {
                "api_key": printed,
                "service_code": "illegal-construction",
                "address_id": "yinyi",
                "description": "隔壁在屋顶搭建彩钢板房",
                "attribute[where]": "roof",
            },
        )
    )
    assert Case.objects.get().pk == body[0]["service_request_id"]


def test_jurisdiction_id_changes_nothing_on_a_one_town_endpoint(client, services):
    """jurisdiction_id: "Implementations can ignore this parameter and treat it as an "Optional Argument" if
    the implementation only serves one jurisdiction"."""
    plain = client.get(f"{BASE}/services.json").content
    with_town = client.get(f"{BASE}/services.json", {"jurisdiction_id": "zhuanqiao.gov.cn"}).content

    assert plain == with_town
    assert rows_of(client.get(f"{BASE}/requests.json", {"jurisdiction_id": "x"}), "json") == []
