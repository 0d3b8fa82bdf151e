"""The layers of the code map (README, "The code"): a lower layer never imports a
higher one, directly or through other modules. The layers are import-linter's
contract in pyproject.toml; this test runs it, so that `make test` enforces it.
Where a lower page needs a higher domain's data, the higher app contributes it
(the member profile's sections, the work page's queues, a notification's words).

Tests are left out: a test may set up whatever it needs.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

from importlinter.cli import EXIT_STATUS_SUCCESS, lint_imports

PACKAGE = Path(__file__).resolve().parents[1]
PYPROJECT = PACKAGE.parent / "pyproject.toml"


def _layers() -> list[set[str]]:
    config = tomllib.loads(PYPROJECT.read_text())["tool"]["importlinter"]
    (contract,) = (c for c in config["contracts"] if c["id"] == "layers")
    return [
        {name.strip() for name in layer.replace("|", ":").split(":")}
        for layer in contract["layers"]
    ]


def test_no_layer_imports_a_higher_one():
    # The broken contract's imports are printed above the failure.
    status = lint_imports(config_filename=str(PYPROJECT), no_logo=True, no_cache=True)
    assert status == EXIT_STATUS_SUCCESS


def test_every_app_is_on_the_map():
    placed = set().union(*_layers())
    apps = {f"localaction.{p.name}" for p in PACKAGE.iterdir() if (p / "apps.py").exists()}
    # accounts is placed module by module: people below the register, teams above it.
    assert apps - placed == {"localaction.accounts"}


def test_every_module_of_accounts_is_on_the_map():
    """accounts straddles the register, so a new module of it must say on which side."""
    placed = set().union(*_layers())
    folder = PACKAGE / "accounts"
    modules = {
        f"localaction.accounts.{p.stem}"
        for p in folder.iterdir()
        if (p.suffix == ".py" and p.stem != "__init__")
        or (p.is_dir() and (p / "__init__.py").exists() and p.name not in {"tests", "migrations"})
    }
    assert modules - placed - {"localaction.accounts.apps"} == set()
