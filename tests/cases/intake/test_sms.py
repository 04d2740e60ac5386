"""SMS backends: the log by default, a configurable HTTP gateway, exercised against a local server."""

import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest

from notifications.sms import HttpGatewaySmsBackend, send_sms


class _Gateway(BaseHTTPRequestHandler):
    received: list = []

    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        _Gateway.received.append((self.headers["Authorization"], json.loads(body)))
        self.send_response(202)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def gateway():
    server = HTTPServer(("127.0.0.1", 0), _Gateway)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    _Gateway.received.clear()
    yield f"http://127.0.0.1:{server.server_port}/sms"
    server.shutdown()


def test_the_http_gateway_receives_the_message(gateway, settings):
    settings.SMS_GATEWAY_URL = gateway
    settings.SMS_GATEWAY_TOKEN = "t0ken"
    settings.SMS_BACKEND = "notifications.sms.HttpGatewaySmsBackend"

    result = send_sms("13912345678", "您的查询码 ABCD-EFGH")

    assert result.ok
    assert _Gateway.received == [("Bearer t0ken", {"phone": "13912345678", "text": "您的查询码 ABCD-EFGH"})]


def test_an_unreachable_gateway_raises_so_the_task_retries(settings):
    settings.SMS_GATEWAY_URL = "http://127.0.0.1:9/sms"
    settings.SMS_GATEWAY_TIMEOUT = 1
    with pytest.raises(OSError):
        HttpGatewaySmsBackend().send("13912345678", "x")
