"""A small reader of gettext catalogs (.po): enough for the checks of their entries."""

from __future__ import annotations

import ast
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class Entry:
    msgid: str = ""
    msgid_plural: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)
    obsolete: bool = False
    line: int = 0


def read(path: Path) -> list[Entry]:
    """The catalog's entries, the header (msgid "") included first."""
    entries: list[Entry] = []
    entry: Entry | None = None
    target: tuple[str, int | None] | None = None

    def finish():
        nonlocal entry
        if entry is not None:
            entries.append(entry)
        entry = None

    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = raw.strip()
        if not line:
            finish()
            continue
        if line.startswith("#~"):
            continue  # obsolete entries are not compiled
        if line.startswith("#,"):
            if entry is not None and entry.msgid:
                finish()
            entry = entry or Entry(line=number)
            entry.flags |= {flag.strip() for flag in line[2:].split(",")}
            continue
        if line.startswith("#"):
            continue
        keyword, _, rest = line.partition(" ")
        if keyword.startswith('"'):
            text = ast.literal_eval(line)
        else:
            text = ast.literal_eval(rest) if rest else ""
            if keyword == "msgid" and entry is not None and (entry.msgid or entry.msgstr):
                finish()
            entry = entry or Entry(line=number)
            if keyword.startswith("msgstr["):
                target = ("msgstr", int(keyword[7:-1]))
            else:
                target = (keyword, None)
            if target[0] == "msgstr":
                entry.msgstr.setdefault(target[1] or 0, "")
        assert entry is not None and target is not None, f"{path}:{number}: {raw}"
        name, index = target
        if name == "msgid":
            entry.msgid += text
        elif name == "msgid_plural":
            entry.msgid_plural = (entry.msgid_plural or "") + text
        elif name == "msgstr":
            entry.msgstr[index or 0] += text
    finish()
    return entries


def read_with_pending(language: str) -> list[Entry]:
    """The catalog's entries, then those written beside new code and not merged yet
    (locale/pending/*.<language>.po): the catalog's entry wins for a msgid in both."""
    from django.conf import settings

    locale = Path(settings.BASE_DIR) / "locale"
    entries = read(locale / language / "LC_MESSAGES" / "django.po")
    known = {e.msgid for e in entries}
    for path in sorted((locale / "pending").glob(f"*.{language}.po")):
        for entry in read(path):
            if entry.msgid and entry.msgid not in known:
                entries.append(entry)
                known.add(entry.msgid)
    return entries
