"""Why a Madrasti 2.0 token was refused: a stable code for programs, kind words for people."""

from django.utils.translation import gettext_lazy as _

from project.errors import RefusedRequest


class HostSignInError(RefusedRequest):
    code = "host_sign_in_refused"
    message = _("We could not sign you in with Madrasti. Please open Madrasti Growth again.")
    status = 401


class SignInOff(HostSignInError):
    code = "host_sign_in_off"
    message = _("Sign-in with Madrasti is not set up on this server yet.")
    status = 503


class TokenMissing(HostSignInError):
    code = "token_missing"
    message = _("No Madrasti sign-in came with this request.")
    status = 400


class TokenMalformed(HostSignInError):
    code = "token_malformed"
    message = _("This Madrasti sign-in could not be read.")


class TokenExpired(HostSignInError):
    code = "token_expired"
    message = _("This Madrasti sign-in has expired. Open Madrasti Growth again from Madrasti.")


class TokenNotYetValid(HostSignInError):
    code = "token_not_yet_valid"
    message = _("This Madrasti sign-in is not valid yet. Check the clock and try again.")


class TokenBadSignature(HostSignInError):
    code = "token_bad_signature"
    message = _("This sign-in was not issued by Madrasti.")


class TokenWrongAudience(HostSignInError):
    code = "token_wrong_audience"
    message = _("This Madrasti sign-in is meant for another application.")


class TokenWrongIssuer(HostSignInError):
    code = "token_wrong_issuer"
    message = _("This sign-in comes from another platform than this school's Madrasti.")


class TokenMissingClaims(HostSignInError):
    code = "token_missing_claims"
    message = _("This Madrasti sign-in does not say who you are (user id and email are needed).")


class TokenWrongType(HostSignInError):
    code = "token_wrong_type"
    message = _("Only a Madrasti access token can sign you in here.")


class TokenReplayed(HostSignInError):
    code = "token_replayed"
    message = _(
        "This sign-in link has already been used. Open Madrasti Growth again from Madrasti."
    )


class TokenTooLongLived(HostSignInError):
    code = "token_too_long_lived"
    message = _(
        "A sign-in link in an address must be short-lived. Open Madrasti Growth again from "
        "Madrasti."
    )


class RoleNotSupported(HostSignInError):
    code = "role_not_supported"
    message = _("Madrasti Growth is for students, teachers and parents.")
    status = 403


class RoleCannotReport(RoleNotSupported):
    """A parent's token on the attempts API: same code, a message that says why."""

    message = _("Only students and teachers report attempts.")


class AccountInactive(HostSignInError):
    code = "account_inactive"
    message = _("This account is switched off here. Please ask your school.")
    status = 403


class AccountConflict(HostSignInError):
    code = "account_conflict"
    message = _(
        "Another account here already uses this email. Please ask your school to sort it out."
    )
    status = 409
