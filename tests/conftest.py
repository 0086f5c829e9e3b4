import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils import translation

from tests.factories import build_world


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in the default language: a request served in Arabic by an earlier
    test leaves Arabic active on the thread (LocaleMiddleware activates, nothing resets)."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(scope="session", autouse=True)
def _collected_static():
    """Pages link hashed static names, as in production: collect them fresh for each run."""
    call_command("collectstatic", "--noinput", verbosity=0)


@pytest.fixture
def world(db):
    return build_world()
