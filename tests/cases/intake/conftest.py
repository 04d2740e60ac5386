"""The handling tests' cast and subject, for the tracking page's tests of replies, ratings and reviews."""

from ..handling.conftest import people, subject  # noqa: F401 (fixtures, used by name)
