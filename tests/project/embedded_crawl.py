"""Run in a fresh interpreter by test_embedded_default.py, on the embedded default (SQLite, the
in-memory channel layer) with the demo seeded: every page a demo user reaches by following
links from their home page, GET only. Prints one JSON object: pages seen per user and every
answer of 500 or more."""

import json
import re
import sys

import django

django.setup()

from django.test import Client  # noqa: E402

from accounts.models import User  # noqa: E402

SKIP = ("/logout", "/static/", "/admin/", "/i18n/", "/accounts/", "/media/")
LIMIT = int(sys.argv[1]) if len(sys.argv) > 1 else 150

report: dict = {"seen": {}, "errors": []}
for name in ("teacher1", "teacher2", "student07", "student01"):
    client = Client(HTTP_HOST="127.0.0.1", raise_request_exception=False)
    client.force_login(User.objects.get(username=name))
    seen: set[str] = set()
    todo = ["/"]
    while todo and len(seen) < LIMIT:
        url = todo.pop(0)
        if url in seen:
            continue
        seen.add(url)
        response = client.get(url)
        if response.status_code >= 500:
            report["errors"].append([name, url, response.status_code])
            continue
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        for href in re.findall(r'href="(/[^"#]*)"', response.content.decode()):
            href = href.replace("&amp;", "&")
            if not href.startswith(SKIP) and href not in seen:
                todo.append(href)
    report["seen"][name] = len(seen)
print(json.dumps(report))
