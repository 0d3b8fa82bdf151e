"""The core is pure Python: nothing under localaction/core imports Django or the apps."""

import ast
from pathlib import Path

CORE = Path(__file__).resolve().parents[1]
FORBIDDEN = ("django", "rest_framework", "localaction.accounts", "localaction.network")


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(), filename=str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def test_core_imports_nothing_from_django():
    sources = [p for p in CORE.rglob("*.py") if "tests" not in p.parts]
    assert sources, "the core has no modules to check"
    offenders = {
        f"{path.relative_to(CORE)}: {name}"
        for path in sources
        for name in imported_modules(path)
        if name.split(".")[0] == "django" or name.startswith(FORBIDDEN)
    }
    assert not offenders
