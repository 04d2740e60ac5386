"""The handling tests' cast and cases, for the reads they log."""

from ..cases.handling.conftest import case_at, people, subject  # noqa: F401
