"""A DNS server for one test: answers A queries for the names it holds, on 127.0.0.1.

nginx's `resolver` asks a DNS server, never /etc/hosts; the shipped config resolves the
compose service "web" through Docker's. This stands in for it, and its answers can change
while nginx runs (a replica added or gone).
"""

from __future__ import annotations

import socket
import struct
import threading


class TinyDns:
    def __init__(self, records: dict[str, list[str]]):
        self.records = {name.lower(): list(ips) for name, ips in records.items()}
        self.queries = 0
        self._sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self._sock.bind(("127.0.0.1", 0))
        self._sock.settimeout(0.2)
        self.port = self._sock.getsockname()[1]
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)

    def __enter__(self) -> TinyDns:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join(2)
        self._sock.close()

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                data, peer = self._sock.recvfrom(512)
            except (TimeoutError, OSError):
                continue
            reply = self._answer(data)
            if reply:
                self._sock.sendto(reply, peer)

    def _answer(self, query: bytes) -> bytes | None:
        if len(query) < 12:
            return None
        ident, _flags, qdcount = struct.unpack("!HHH", query[:6])
        if qdcount != 1:
            return None
        labels, offset = [], 12
        while offset < len(query) and query[offset]:
            length = query[offset]
            labels.append(query[offset + 1 : offset + 1 + length].decode(errors="replace"))
            offset += 1 + length
        question = query[12 : offset + 5]  # name, its terminator, type and class
        qtype = struct.unpack("!H", query[offset + 1 : offset + 3])[0]
        self.queries += 1
        ips = self.records.get(".".join(labels).lower(), []) if qtype == 1 else []
        rcode = 0 if ".".join(labels).lower() in self.records else 3  # NXDOMAIN
        header = struct.pack("!HHHHHH", ident, 0x8180 | rcode, 1, len(ips), 0, 0)
        answers = b"".join(
            struct.pack("!HHHIH", 0xC00C, 1, 1, 1, 4) + socket.inet_aton(ip) for ip in ips
        )
        return header + question + answers
