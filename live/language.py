"""The language a socket's reader reads, as LocaleMiddleware picks a page's: the language
cookie, then the browser's Accept-Language, then the site's default. What a socket tells its
own reader (an `error` frame, a refusal) is worded in it; room events are language-neutral."""

from django.conf import settings
from django.utils import translation
from django.utils.translation.trans_real import parse_accept_lang_header


def _supported(code: str) -> str | None:
    try:
        return translation.get_supported_language_variant(code)
    except LookupError:
        return None


def socket_language(scope: dict) -> str:
    cookie = (scope.get("cookies") or {}).get(settings.LANGUAGE_COOKIE_NAME)
    if cookie and (code := _supported(cookie)):
        return code
    headers = dict(scope.get("headers") or [])
    accept = headers.get(b"accept-language", b"").decode("latin-1")
    for code, _quality in parse_accept_lang_header(accept):
        if code != "*" and (found := _supported(code)):
            return found
    return settings.LANGUAGE_CODE
