"""The console SMS backend's log line: nothing in it opens a case or reaches a person."""

import logging

from notifications.sms import ConsoleSmsBackend


def test_the_log_line_masks_the_phone_the_tracking_code_and_any_six_digit_code(caplog):
    text = "【颛桥信访】您反映的事项跟踪码AB7K-9XQM，验证码482913，请勿告诉他人。回电13800001111。2026-12-02"
    with caplog.at_level(logging.INFO, logger="notifications.sms"):
        ConsoleSmsBackend().send("13912345678", text)

    line = caplog.records[-1].getMessage()
    assert "139****5678" in line
    for secret in ("13912345678", "AB7K-9XQM", "482913", "13800001111"):
        assert secret not in line
    assert "2026-12-02" in line  # dates stay readable
    assert ConsoleSmsBackend.sent[-1] == ("13912345678", text)
    ConsoleSmsBackend.sent.clear()
