"""How fast one socket may send: a token bucket, pure (the caller passes the clock).

A bucket lets a short burst through (a few quick answers, a pasted paragraph split in two)
while holding a sustained flood to `rate` messages per second. Each socket has its own
bucket; nothing is shared between processes, because what is limited is one connection.
"""

from dataclasses import dataclass


@dataclass
class TokenBucket:
    capacity: float
    rate: float  # tokens added per second
    tokens: float = -1.0
    updated: float = 0.0

    def __post_init__(self) -> None:
        if self.tokens < 0:
            self.tokens = self.capacity

    def allow(self, now: float) -> bool:
        """Take one token if there is one; `now` is a monotonic clock in seconds."""
        elapsed = max(0.0, now - self.updated)
        self.tokens = min(self.capacity, self.tokens + elapsed * self.rate)
        self.updated = now
        if self.tokens >= 1.0:
            self.tokens -= 1.0
            return True
        return False
