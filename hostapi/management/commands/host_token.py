import time
import uuid

import jwt
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = (
        "Development only (DEBUG on, HS256): mint a Madrasti 2.0-style access token for an "
        "email and print a one-time hand-off link, to try sign-in without the host."
    )

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument("--user-id", default="", help="the host user id (default: from email)")
        parser.add_argument("--role", default="STUDENT", help="the host role claim")
        parser.add_argument("--seconds", type=int, default=60, help="lifetime (default 60)")
        parser.add_argument("--base-url", default="http://127.0.0.1:8000")

    def handle(self, *args, email, user_id, role, seconds, base_url, **options):
        if not settings.DEBUG:
            raise CommandError("Only in development (DEBUG on): the host mints real tokens.")
        if settings.HOST_JWT_ALGORITHM != "HS256" or not settings.HOST_JWT_KEY:
            raise CommandError("Set HOST_JWT_KEY (HS256) first, e.g. in .env.")
        now = int(time.time())
        claims = {
            "token_type": "access",
            "iat": now,
            "exp": now + seconds,
            "jti": uuid.uuid4().hex,
            "user_id": user_id or f"dev-{email}",
            "email": email,
            "role": role,
        }
        if settings.HOST_JWT_AUDIENCE:
            claims["aud"] = settings.HOST_JWT_AUDIENCE
        if settings.HOST_JWT_ISSUER:
            claims["iss"] = settings.HOST_JWT_ISSUER
        token = jwt.encode(claims, settings.HOST_JWT_KEY, algorithm="HS256")
        self.stdout.write(token)
        self.stdout.write(f"{base_url.rstrip('/')}/auth/handoff/?token={token}")
