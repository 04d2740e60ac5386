"""Every address stays where it was: /s/<code>/ and /track/ are printed on posters and receipts, the rest
is bookmarked by staff; moving code between apps must not move a page."""

import pytest
from django.urls import resolve, reverse

# name, arguments, the path as the portal has always served it
ADDRESSES = [
    ("home", [], "/"),
    ("intake-counter", [], "/intake/new/"),
    ("intake-lookup", [], "/intake/lookup/"),
    ("intake-today", [], "/intake/today/"),
    ("intake-receipt", [7], "/intake/7/receipt/"),
    ("web-form", ["Q01"], "/s/Q01/"),
    ("web-done", ["Q01"], "/s/Q01/done/"),
    ("platforms", [], "/platforms/"),
    ("platform-poster", ["Q01"], "/platforms/Q01/poster/"),
    ("track", [], "/track/"),
    ("track-case", ["ABCD-EFGH"], "/track/ABCD-EFGH/"),
    ("track-review", ["ABCD-EFGH"], "/track/ABCD-EFGH/review/"),
    ("track-rate", ["ABCD-EFGH"], "/track/ABCD-EFGH/rate/"),
    ("handling:inbox", [], "/inbox/"),
    ("handling:queue", [], "/cases/"),
    ("handling:case", [7], "/cases/7/"),
    ("handling:reply-document", [7], "/cases/7/reply/"),
    ("handling:attachment", [7, 3], "/cases/7/attachments/3/"),
    ("handling:action", [7, "route"], "/cases/7/actions/route/"),
    ("notifications", [], "/notifications/"),
    ("notifications-read", [], "/notifications/read/"),
    ("dashboard:dashboard", [], "/dashboard/"),
    ("dashboard:export-xlsx", [], "/dashboard/export.xlsx"),
    ("dashboard:export-csv", [], "/dashboard/export.csv"),
    ("login", [], "/accounts/login/"),
    ("logout", [], "/accounts/logout/"),
]


@pytest.mark.parametrize(("name", "args", "path"), ADDRESSES, ids=[a[0] for a in ADDRESSES])
def test_every_page_keeps_its_address(name, args, path):
    assert reverse(name, args=args) == path
    assert resolve(path).view_name == name
