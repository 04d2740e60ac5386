"""The outbox: every message (in the portal, e-mail, SMS) is a row before it is sent; delivery with retries."""
