"""Intake: the reception counter, the residents' QR web form, receipts and case tracking."""
