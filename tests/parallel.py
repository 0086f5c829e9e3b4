"""Two pytest workers side by side (pytest-xdist, `make test`): what they must not share.

Loaded by `-p tests.parallel` (pyproject's addopts) before pytest-django reads the settings,
so the worker's own prefix is what Django, every server a test starts and every Redis key
see. Each worker has its own test database (pytest-django names it `..._gw0`, `..._gw1`);
here each also gets its own Redis keys (channel layer, cache, presence), so one worker's
`clear()` never empties the other's rooms.

The end-to-end tests (real servers, Chromium, clocks measured in seconds) all run on one
worker, one after another, while the other worker takes the in-process tests
(`--dist loadgroup`, the `xdist_group` set in tests/conftest.py).
"""

import os

_worker = os.environ.get("PYTEST_XDIST_WORKER")
if _worker:
    _prefix = os.environ.get("CHANNEL_LAYER_PREFIX", "asgi")
    os.environ["CHANNEL_LAYER_PREFIX"] = f"{_prefix}-{_worker}"
