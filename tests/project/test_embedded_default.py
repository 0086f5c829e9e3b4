"""`make run` serves the demo on the embedded default (SQLite, the in-memory channel layer):
every page the demo's teachers and students reach from their home page must work there too,
not only on the suite's PostgreSQL."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_every_linked_page_of_the_demo_works_on_the_embedded_default(tmp_path):
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DATABASE_URL", "REDIS_URL", "CHANNEL_LAYER_PREFIX", "TEST_DATABASE_NAME"}
    }
    env.update(
        DJANGO_SETTINGS_MODULE="project.settings",
        DATABASE_URL=f"sqlite:///{tmp_path / 'demo.sqlite3'}",
        DEBUG="1",
        PYTHONPATH=str(ROOT),
    )

    def manage(*args, timeout=300):
        result = subprocess.run(
            [sys.executable, *args],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        assert result.returncode == 0, result.stderr[-3000:]
        return result.stdout

    manage("manage.py", "migrate", "--noinput", "-v0")
    manage("manage.py", "seed_demo")
    report = json.loads(manage("tests/project/embedded_crawl.py", "120").splitlines()[-1])
    assert report["errors"] == []
    # The crawl reached the pages behind the home page, not just the home page itself.
    assert all(count > 20 for count in report["seen"].values()), report["seen"]
