"""Every place the product publishes a live event, found by reading the source (no import of
the call's arguments, no running it): which room kind and which event type each one sends.

A call of `live.publish.publish` whose `type` is a parameter of the function around it makes
that function a publisher too (`challenges.services._publish(challenge, "ready", ...)`,
`collaboration.writes.publish(group_id, "chat", ...)`); its callers are followed in turn. A
type must be a string literal, a module constant, or one of two literals
(`"a" if accept else "b"`); anything else is reported as unreadable, so a new call site
cannot escape the registry test by being clever.
"""

import ast
import importlib
from dataclasses import dataclass
from pathlib import Path

from live.events_schema import room_kind

ROOT = Path(__file__).resolve().parents[2]
BASE = ("live.publish", "publish")
# Not product code: tests, scripts and benchmarks publish nothing of their own.
SKIP = {"tests", "bench", "scripts", "deploy", "docs", "locale", "static", "templates", "var"}


@dataclass(frozen=True)
class Site:
    where: str  # path:line
    kind: str | None  # None: the room is passed in (presence publishes to the room it is told)
    type: str | None  # None: unreadable


@dataclass
class Publisher:
    module: str
    type_name: str  # the parameter the event type comes in
    type_index: int | None  # its position, if it may be passed positionally
    room: ast.expr | None  # the room expression inside it, unless the room is passed in
    room_name: str | None = None
    room_index: int | None = None


def _modules() -> dict[str, tuple[Path, ast.Module]]:
    found = {}
    for path in sorted(ROOT.rglob("*.py")):
        parts = path.relative_to(ROOT).parts
        if parts[0] in SKIP or parts[0].startswith(".") or "migrations" in parts:
            continue
        name = ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")
        found[name] = (path, ast.parse(path.read_text(), str(path)))
    return found


def _symbols(module: str, tree: ast.Module) -> dict[str, tuple[str, str | None]]:
    """Name -> (module, attribute): attribute None when the name is a module itself."""
    table: dict[str, tuple[str, str | None]] = {}
    package = module.rsplit(".", 1)[0]
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join([package, *([base] if base else [])])
            for alias in node.names:
                table[alias.asname or alias.name] = (base, alias.name)
        elif isinstance(node, ast.Import):
            for alias in node.names:
                table[alias.asname or alias.name] = (alias.name, None)
    for node in tree.body:
        if isinstance(node, ast.FunctionDef):
            table[node.name] = (module, node.name)
    return table


def _callee(call: ast.Call, symbols) -> tuple[str, str] | None:
    func = call.func
    if isinstance(func, ast.Name) and func.id in symbols:
        module, attr = symbols[func.id]
        return (module, attr) if attr else None
    if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name):
        module, attr = symbols.get(func.value.id, (None, None))
        if module is not None:
            # `writes.publish`: `from . import writes` names a module through its package.
            return (f"{module}.{attr}" if attr else module, func.attr)
    return None


def _argument(call: ast.Call, name: str | None, index: int | None) -> ast.expr | None:
    for kw in call.keywords:
        if kw.arg == name:
            return kw.value
    if index is not None and index < len(call.args):
        return call.args[index]
    return None


def _params(func: ast.FunctionDef) -> list[str]:
    return [a.arg for a in [*func.args.posonlyargs, *func.args.args]]


def _strings(expr: ast.expr, module: str) -> list[str] | None:
    if isinstance(expr, ast.Constant) and isinstance(expr.value, str):
        return [expr.value]
    if isinstance(expr, ast.IfExp):
        body, orelse = _strings(expr.body, module), _strings(expr.orelse, module)
        return body + orelse if body is not None and orelse is not None else None
    if isinstance(expr, ast.Name):
        value = getattr(importlib.import_module(module), expr.id, None)
        return [value] if isinstance(value, str) else None
    return None


def _kind(room: ast.expr | None, symbols, module: str) -> str | None:
    """The room kind of `<feature>_room(<id>)`, by calling the feature's own room function."""
    if not (isinstance(room, ast.Call) and isinstance(room.func, ast.Name)):
        return None
    source_module, attr = symbols.get(room.func.id, (module, room.func.id))
    function = getattr(importlib.import_module(source_module), attr)
    return room_kind(function(1))


def _assigned(func: ast.FunctionDef, name: str) -> ast.expr | None:
    """What a local name was set to (`room = user_room(...)`), if it was set once."""
    values = [
        node.value
        for node in ast.walk(func)
        if isinstance(node, ast.Assign)
        and [t.id for t in node.targets if isinstance(t, ast.Name)] == [name]
    ]
    return values[0] if len(values) == 1 else None


def _position(func: ast.FunctionDef, name: str) -> int | None:
    positional = _params(func)
    return positional.index(name) if name in positional else None


def publish_sites() -> list[Site]:
    modules = _modules()
    symbols = {module: _symbols(module, tree) for module, (_path, tree) in modules.items()}
    publishers: dict[tuple[str, str], Publisher] = {
        BASE: Publisher("live.publish", "type", None, room=None, room_name="room")
    }
    sites: dict[tuple[str, str | None], Site] = {}
    changed = True
    while changed:  # follow wrappers of wrappers until nothing new is found
        changed = False
        for module, (path, tree) in modules.items():
            for func in [n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef)]:
                params = _params(func) + [a.arg for a in func.args.kwonlyargs]
                for call in [n for n in ast.walk(func) if isinstance(n, ast.Call)]:
                    callee = _callee(call, symbols[module])
                    target = publishers.get(callee) if callee else None
                    if target is None or callee == (module, func.name):
                        continue
                    type_expr = _argument(call, target.type_name, target.type_index)
                    if target.room_name is not None:  # passed in: what this call passes
                        room_expr, room_module = (
                            _argument(call, target.room_name, target.room_index),
                            module,
                        )
                    else:
                        room_expr, room_module = target.room, target.module
                    if isinstance(room_expr, ast.Name) and room_expr.id not in params:
                        room_expr = _assigned(func, room_expr.id) or room_expr
                    if isinstance(type_expr, ast.Name) and type_expr.id in params:
                        # This function publishes whatever type it is given: a wrapper.
                        if (module, func.name) not in publishers:
                            room_name = (
                                room_expr.id
                                if isinstance(room_expr, ast.Name) and room_expr.id in params
                                else None
                            )
                            publishers[(module, func.name)] = Publisher(
                                module,
                                type_expr.id,
                                _position(func, type_expr.id),
                                room=None if room_name else room_expr,
                                room_name=room_name,
                                room_index=_position(func, room_name) if room_name else None,
                            )
                            changed = True
                        continue
                    where = f"{path.relative_to(ROOT)}:{call.lineno}"
                    kind = _kind(room_expr, symbols[room_module], room_module)
                    types = _strings(type_expr, module) if type_expr is not None else None
                    for type_ in types or [None]:
                        sites[(where, type_)] = Site(where, kind, type_)
    return sorted(sites.values(), key=lambda s: (s.where, s.type or ""))
