"""Demo content is data beside the product: no product module may import the demo app."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
NOT_PRODUCT = {"demo", "tests", "bench", ".venv", "var", "scripts", "docs", "locale", "static"}


def _product_modules():
    for path in ROOT.rglob("*.py"):
        top = path.relative_to(ROOT).parts[0]
        if top not in NOT_PRODUCT and not top.startswith("."):
            yield path


def _imported_roots(path: Path):
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.module.split(".")[0]


def test_no_product_module_imports_demo():
    offenders = [
        str(path.relative_to(ROOT))
        for path in _product_modules()
        if "demo" in set(_imported_roots(path))
    ]
    assert offenders == []


def test_the_scan_sees_product_code():
    # Guards the test above against silently scanning nothing.
    scanned = {path.relative_to(ROOT).parts[0] for path in _product_modules()}
    assert {"mastery", "challenges", "project", "live"} <= scanned
