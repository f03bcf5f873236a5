"""The layout's rules, enforced: data flows model -> source -> outputs, and outputs stay apart.

Each rule is read from the code itself (the import statements of every module),
so a new module that breaks one fails here with the import that breaks it.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "ext" / "sphinx_policy"

# What each part may import from the package, besides itself.  Outputs may use
# everything below them but never another output; the commands (site builder,
# audit) sit on top.  The audit reads published feeds, so it needs only the model.
BELOW = {
    "model": set(),
    "source": {"model"},
    "publishing": {"model"},
    "i18n": {"model", "source", "publishing"},
    "outputs": {"model", "source", "publishing", "i18n"},
    "audit": {"model"},
}
COMMANDS = {"site", "hosting"}


def _modules() -> list[Path]:
    return sorted(path for path in PACKAGE.rglob("*.py") if "__pycache__" not in path.parts)


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path) -> list[tuple[int, str]]:
    """Every module ``path`` imports, relative imports resolved, with the line."""
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    package = _module_name(path) if path.name == "__init__.py" else _module_name(path).rpartition(".")[0]
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                module = ".".join([*base, node.module] if node.module else base)
            else:
                module = node.module or ""
            # `from . import words` imports a module: count each name too.
            found += [(node.lineno, module)]
            found += [(node.lineno, f"{module}.{alias.name}") for alias in node.names]
    return found


def _part(module: str) -> str:
    """The part a module of the package belongs to: 'model', 'outputs.feeds', 'site'..."""
    parts = module.split(".")[1:]
    if not parts:
        return ""
    if parts[0] == "outputs" and len(parts) > 1:
        return f"outputs.{parts[1]}"
    return parts[0]


def _own_imports(path: Path) -> list[tuple[int, str]]:
    return [
        (line, module)
        for line, module in _imports(path)
        if module.startswith("sphinx_policy.") and _part(module) and _part(module) != "outputs"
    ]


def test_the_model_imports_neither_sphinx_nor_docutils_nor_another_part() -> None:
    for path in sorted((PACKAGE / "model").glob("*.py")):
        for line, module in _imports(path):
            assert module.split(".")[0] not in ("sphinx", "docutils"), f"{path}:{line} imports {module}"
            if module.startswith("sphinx_policy."):
                assert _part(module) == "model", f"{path}:{line} imports {module}"


def test_importing_the_model_loads_no_sphinx() -> None:
    """A validator or feed consumer that imports the model gets neither Sphinx nor docutils."""
    code = (
        "import sys, sphinx_policy.model\n"
        "loaded = sorted(m for m in sys.modules if m.split('.')[0] in ('sphinx', 'docutils'))\n"
        "print(' '.join(loaded))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == ""


@pytest.mark.parametrize("path", _modules(), ids=lambda path: str(path.relative_to(PACKAGE)))
def test_each_module_imports_only_the_parts_below_it(path: Path) -> None:
    own = _part(_module_name(path))
    if own in COMMANDS or own == "":
        return  # the commands and the extension's entry point sit on top
    layer = own.split(".")[0]
    allowed = BELOW[layer] | {own}
    for line, module in _own_imports(path):
        target = _part(module)
        assert target in allowed, f"{path.relative_to(PACKAGE)}:{line} imports {module}: {own} may use {allowed}"


def test_no_output_imports_another_output() -> None:
    outputs = sorted(
        {_part(_module_name(path)) for path in _modules() if _part(_module_name(path)).startswith("outputs.")}
    )
    assert {"outputs.feeds", "outputs.jsonld", "outputs.checks", "outputs.consent", "outputs.versions"} <= set(outputs)
    for path in _modules():
        own = _part(_module_name(path))
        for line, module in _imports(path):
            target = _part(module) if module.startswith("sphinx_policy.") else ""
            if target.startswith("outputs.") and own.startswith("outputs."):
                assert target == own, f"{path.relative_to(PACKAGE)}:{line}: {own} imports {target}"


def test_every_part_plugs_itself_in_and_the_entry_point_only_calls_them() -> None:
    entry = (PACKAGE / "__init__.py").read_text(encoding="utf-8")
    assert len(entry.splitlines()) <= 80
    setup = next(node for node in ast.parse(entry).body if isinstance(node, ast.FunctionDef) and node.name == "setup")
    called = [
        node.func.value.id
        for node in ast.walk(setup)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "setup"
        and isinstance(node.func.value, ast.Name)
    ]
    outputs = sorted(
        path.stem if path.is_file() else path.name
        for path in (PACKAGE / "outputs").iterdir()
        if (path.suffix == ".py" and path.stem != "__init__") or (path / "__init__.py").is_file()
    )
    parts = ["source", "publishing", "i18n", *outputs]
    assert sorted(called) == sorted(parts)
    # Nothing but the calls: no event is connected and no config value added here.
    assert "app.connect" not in entry and "add_config_value" not in entry


def test_no_module_is_longer_than_about_400_lines() -> None:
    for path in _modules():
        lines = len(path.read_text(encoding="utf-8").splitlines())
        assert lines <= 420, f"{path.relative_to(PACKAGE)} has {lines} lines: split it by what its parts do"
