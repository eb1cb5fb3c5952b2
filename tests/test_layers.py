"""The layout reads bottom-up: apps import only from below (import-linter's
contract in pyproject.toml, run by `make lint` and `make test`), and never
across apps from inside a function, where an import hides a dependency that
the module's head should declare."""

from __future__ import annotations

import ast
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LAYERS = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"][
    "contracts"
][0]["layers"]
# (module path, imported app): why it must stay inside the function.
ALLOWED_INNER_IMPORTS: dict[tuple[str, str], str] = {}


def _inner_cross_app_imports() -> list[tuple[str, int, str]]:
    found = []
    for app in LAYERS:
        for path in sorted((ROOT / app).rglob("*.py")):
            if "migrations" in path.parts:
                continue
            tree = ast.parse(path.read_text(), filename=str(path))
            for function in ast.walk(tree):
                if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
                    continue
                for node in ast.walk(function):
                    if isinstance(node, ast.Import):
                        names = [alias.name for alias in node.names]
                    elif isinstance(node, ast.ImportFrom) and not node.level:
                        names = [node.module or ""]
                    else:
                        continue
                    for name in names:
                        other = name.split(".")[0]
                        relative = str(path.relative_to(ROOT))
                        if (
                            other in LAYERS
                            and other != app
                            and (relative, other) not in ALLOWED_INNER_IMPORTS
                        ):
                            found.append((relative, node.lineno, name))
    return found


def test_no_cross_app_imports_inside_functions():
    assert _inner_cross_app_imports() == []


def test_every_app_is_a_layer():
    """A new top-level app must take its place in the contract."""
    apps = {
        path.parent.name
        for path in ROOT.glob("*/apps.py")
        if path.parent.name not in {"tests", "bench"}
    }
    assert apps <= set(LAYERS), apps - set(LAYERS)


def test_import_contract_is_kept():
    lint = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run(
        [str(lint), "--no-cache"], cwd=ROOT, capture_output=True, text=True,
        timeout=120, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout[-3000:]
