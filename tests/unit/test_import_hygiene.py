"""The layers hold: domain, storage and export never import Textual, each layer imports only
the layers below it."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest


def _printed(code: str) -> str:
    """What a fresh Python prints running `code` (which must not fail)."""
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


@pytest.mark.parametrize("package", ["cardgame.domain", "cardgame.storage", "cardgame.export"])
def test_layer_does_not_import_textual(package: str) -> None:
    code = (
        "import importlib, pkgutil, sys\n"
        f"pkg = importlib.import_module({package!r})\n"
        "for info in pkgutil.walk_packages(pkg.__path__, pkg.__name__ + '.'):\n"
        "    importlib.import_module(info.name)\n"
        "bad = sorted(m for m in sys.modules if m == 'textual' or m.startswith('textual.'))\n"
        "print(','.join(bad))\n"
    )
    assert _printed(code) == "", f"{package} imports {_printed(code)}"


LAYERS = {
    "i18n": set(),
    "domain": {"i18n"},
    "storage": {"domain"},
    "export": {"i18n", "domain", "storage"},
}
"""What each layer may import from cardgame: each only from the layers below it. Storage says
what happened with `Said` and the domain's errors, which the screens and the CLI put into
words: it does not import the catalogue."""
PACKAGE = Path(__file__).resolve().parents[2] / "cardgame"


def _imported(path: Path) -> set[str]:
    """The cardgame subpackages a module imports (at any depth of the file)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            names = [node.module]
        for name in names:
            parts = name.split(".")
            if parts[0] == "cardgame" and len(parts) > 1:
                found.add(parts[1])
    return found


@pytest.mark.parametrize("layer", list(LAYERS))
def test_layers_import_only_the_layers_below(layer: str) -> None:
    """domain < storage < export: the folder tree is the architecture, and it holds."""
    for path in (PACKAGE / layer).rglob("*.py"):
        wrong = _imported(path) - LAYERS[layer] - {layer}
        assert not wrong, f"{path.relative_to(PACKAGE)} imports {sorted(wrong)}"


def test_the_start_screen_needs_neither_pydantic_nor_the_session_store() -> None:
    """What the first frame of `cardgame` imports: the store (and pydantic, with the models)
    is read after it, when the sessions are listed."""
    code = (
        "import sys\n"
        "import cardgame.__main__, cardgame.app, cardgame.screens.start\n"
        "heavy = sorted(m for m in sys.modules if m == 'pydantic'\n"
        "               or m in ('cardgame.storage.store', 'cardgame.domain.session'))\n"
        "print(','.join(heavy))\n"
    )
    assert _printed(code) == "", f"imported before the first frame: {_printed(code)}"


def _module(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _runtime_imports(path: Path, modules: set[str]) -> set[str]:
    """The cardgame modules a module imports when it runs, at any depth of the file (imports
    under `if TYPE_CHECKING:` are for the type checker only)."""
    found: set[str] = set()

    def visit(node: ast.AST) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and "TYPE_CHECKING" in ast.unparse(child.test):
                continue
            names: list[str] = []
            if isinstance(child, ast.Import):
                names = [alias.name for alias in child.names]
            elif isinstance(child, ast.ImportFrom) and child.module and not child.level:
                names = [f"{child.module}.{alias.name}" for alias in child.names]
            for name in names:
                while name and name not in modules:
                    name = name.rpartition(".")[0]
                if name:
                    found.add(name)
            visit(child)

    visit(ast.parse(path.read_text("utf-8")))
    return found


def test_no_import_circle_among_cardgame_modules() -> None:
    """No module imports, through others, a module that imports it: each can be read and
    tested from the bottom up."""
    paths = {_module(path): path for path in PACKAGE.rglob("*.py")}
    graph = {name: _runtime_imports(path, set(paths)) - {name} for name, path in paths.items()}
    circles = []
    for start in graph:  # a path from a module's imports back to it is a circle
        seen, todo = set(), list(graph[start])
        while todo:
            name = todo.pop()
            if name == start:
                circles.append(start)
                break
            if name not in seen:
                seen.add(name)
                todo.extend(graph[name])
    assert circles == []
