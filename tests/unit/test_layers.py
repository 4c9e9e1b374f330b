"""The house plan: each part imports only from the parts below it (docs/adr/0004)."""

from __future__ import annotations

import tomllib

from importlinter.cli import lint_imports

from core.settings import PROJECT_ROOT

PYPROJECT = tomllib.loads((PROJECT_ROOT / "pyproject.toml").read_text())
LINTER = PYPROJECT["tool"]["importlinter"]


def test_no_import_runs_back_up_the_layers() -> None:
    assert lint_imports(config_filename=str(PROJECT_ROOT / "pyproject.toml")) == 0


def test_every_package_we_ship_has_its_place_in_the_layers() -> None:
    shipped = {
        pattern.removesuffix("*")
        for pattern in PYPROJECT["tool"]["setuptools"]["packages"]["find"]["include"]
    }
    layered = set(LINTER["root_packages"])
    (contract,) = LINTER["contracts"]
    placed = {name.strip() for layer in contract["layers"] for name in layer.split("|")}
    assert shipped == layered == placed
