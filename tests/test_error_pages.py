"""The portal's own error pages, DEBUG off: in the reader's language (Chinese first), each saying what to do."""

import pytest
from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.test import Client
from django.urls import path
from django_ratelimit.exceptions import Ratelimited

from grids.models import Role
from zhuanqiao import urls as portal_urls

from .factories import make_staff


def _raise(exception):
    def view(request):
        raise exception

    return view


def _crash(request):
    raise RuntimeError("the database went away")


urlpatterns = [
    path("boom/400/", _raise(SuspiciousOperation("bad"))),
    path("boom/403/", _raise(PermissionDenied)),
    path("boom/429/", _raise(Ratelimited)),
    path("boom/500/", _crash),
    *portal_urls.urlpatterns,
]
handler400 = portal_urls.handler400
handler403 = portal_urls.handler403
handler404 = portal_urls.handler404
handler500 = portal_urls.handler500

pytestmark = [pytest.mark.urls("tests.test_error_pages"), pytest.mark.django_db]

# Per page: (path, status, Chinese words, English words).
PAGES = [
    ("/boom/400/", 400, ["无法读取这次请求", "重新加载页面"], ["The request could not be read", "reload the page"]),
    ("/boom/403/", 403, ["您无权打开此页面", "登录"], ["You may not open this page", "Sign in"]),
    ("/no/such/page/", 404, ["页面不存在", "查询码"], ["Page not found", "tracking code"]),
    ("/boom/429/", 429, ["尝试次数过多", "10 分钟"], ["Too many attempts", "10 minutes"]),
    ("/boom/500/", 500, ["系统出现故障", "稍等一分钟"], ["Something went wrong on our side", "Wait a minute"]),
]


@pytest.fixture
def visitor(settings):
    settings.DEBUG = False
    return Client(raise_request_exception=False)


@pytest.mark.parametrize(("url", "status", "zh", "en"), PAGES, ids=[str(p[1]) for p in PAGES])
def test_each_error_page_speaks_chinese_first(visitor, url, status, zh, en, settings):
    settings.OFFICE_PHONE = "021-6666 0000"
    page = visitor.get(url)

    html = page.content.decode()
    assert page.status_code == status
    assert '<html lang="zh-hans">' in html
    for words in zh:
        assert words in html
    assert "021-6666 0000" in html  # who to call
    assert "Server Error" not in html and "Not Found</h1>" not in html


@pytest.mark.parametrize(("url", "status", "zh", "en"), PAGES, ids=[str(p[1]) for p in PAGES])
def test_each_error_page_speaks_english_when_chosen(visitor, url, status, zh, en, settings):
    visitor.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = visitor.get(url)

    html = page.content.decode()
    assert page.status_code == status
    assert '<html lang="en">' in html
    for words in en:
        assert words in html


def test_a_signed_in_person_refused_a_page_is_sent_home_not_to_sign_in(visitor):
    visitor.force_login(make_staff(Role.RECEPTION))
    html = visitor.get("/boom/403/").content.decode()

    assert "您的角色" in html
    assert 'data-testid="error-sign-in"' not in html


def test_a_refused_form_token_gets_the_portals_page_in_both_languages(settings, town):
    settings.DEBUG = False
    browser = Client(enforce_csrf_checks=True)
    page = browser.post("/track/", {"code": "ABCD-EFGH", "check": "1234"})
    assert page.status_code == 403
    assert "表单已过期" in page.content.decode()

    browser.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = browser.post("/track/", {"code": "ABCD-EFGH", "check": "1234"})
    assert "The form has expired" in page.content.decode()
    assert "reload the page" in page.content.decode()


def test_a_staff_page_refused_by_role_uses_the_portals_403(client, town):
    client.force_login(make_staff(Role.GRID_WORKER, community=town["community_a"], grid=town["grid_a"]))
    page = client.get("/dashboard/")

    assert page.status_code == 403
    assert "您无权打开此页面" in page.content.decode()
