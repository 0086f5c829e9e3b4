import pytest

from tests.hostapi.helpers import AUDIENCE, KEY


@pytest.fixture
def host_jwt(settings):
    """Sign-in with Madrasti switched on (HS256, with an audience)."""
    settings.HOST_JWT_ALGORITHM = "HS256"
    settings.HOST_JWT_KEY = KEY
    settings.HOST_JWT_PUBLIC_KEY = ""
    settings.HOST_JWT_AUDIENCE = AUDIENCE
    settings.HOST_JWT_ISSUER = ""
    settings.HOST_JWT_LEEWAY_SECONDS = 5
    settings.HOST_HANDOFF_URL_MAX_SECONDS = 120
    return settings
