import pytest

from tests.jobs import tasks


@pytest.fixture(autouse=True)
def _calls():
    """What the test tasks did, forgotten between tests."""
    tasks.CALLS.clear()
    yield
    tasks.CALLS.clear()
