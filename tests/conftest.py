import pytest
from django.core.management import call_command

from tests.factories import build_world


@pytest.fixture(scope="session", autouse=True)
def _collected_static():
    """Pages link hashed static names, as in production: collect them fresh for each run."""
    call_command("collectstatic", "--noinput", verbosity=0)


@pytest.fixture
def world(db):
    return build_world()
