"""The layers of the code map (README, "The code"): a lower layer never imports a
higher one. Where a lower page needs a higher domain's data, the higher app
contributes it (a template tag, a registered section).

Tests are left out: a test may set up whatever it needs.
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1]

# Lowest first. Apps in one layer may use each other.
LAYERS: tuple[frozenset[str], ...] = (
    frozenset({"core"}),
    frozenset({"tables", "charts", "lookups"}),
    frozenset({"accounts", "network", "background", "backups"}),
    frozenset({"inventories"}),
    frozenset({"campaigns"}),
    frozenset({"reports"}),
)
LAYER_OF = {name: index for index, names in enumerate(LAYERS) for name in names}

# A debt, not a rule: the member profile page (network/views.py) still reads
# inventories and campaigns itself instead of taking sections they register.
NOT_YET_LAYERED = {"network/views.py"}


def _imported(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def _part_of(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[0] == "localaction" else None


def test_every_app_is_on_the_map():
    apps = {p.name for p in PACKAGE.iterdir() if (p / "apps.py").exists()}
    assert apps - set(LAYER_OF) == set()


def test_no_layer_imports_a_higher_one():
    offenders = []
    for name, layer in LAYER_OF.items():
        folder = PACKAGE / name
        sources = (
            [p for p in folder.rglob("*.py") if "tests" not in p.parts]
            if folder.is_dir()
            else [PACKAGE / f"{name}.py"]
        )
        for path in sources:
            if str(path.relative_to(PACKAGE)) in NOT_YET_LAYERED:
                continue
            for module in _imported(path):
                used = _part_of(module)
                if used in LAYER_OF and LAYER_OF[used] > layer:
                    offenders.append(f"{path.relative_to(PACKAGE)} imports {module}")
    assert offenders == []
