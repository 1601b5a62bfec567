"""The house's import rules, read from the code itself: the command line reads as the pages do, by name
through the catalogue, and a read never reaches up into the writes. Each failure names the file and
the line that breaks the rule."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

from dash import catalogue

SRC = Path(__file__).resolve().parents[1] / "src" / "dash"
SQL_CALLS = (".execute", ".executemany", ".sql")
CURSOR_TAKERS = {"catalogue.fetch", "catalogue.build", "catalogue.build_comparison"}  # what a command may
# hand its cursor to


def _modules(package: str) -> list[Path]:
    return sorted((SRC / package).rglob("*.py"))


def _imported(tree: ast.AST) -> Iterator[tuple[int, str]]:
    """Every module a file imports, function-local imports too: ``from dash import queries`` is
    ``dash.queries``."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from ((node.lineno, alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            yield node.lineno, node.module
            yield from ((node.lineno, f"{node.module}.{alias.name}") for alias in node.names)


def _name(node: ast.AST) -> str:
    """``catalogue.fetch`` for that callee; ``""`` for one that is not a plain (dotted) name."""
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        inner = _name(node.value)
        return f"{inner}.{node.attr}" if inner else ""
    return ""


def _is_cursor(node: ast.AST) -> bool:
    return (isinstance(node, ast.Name) and node.id == "cursor") or (
        isinstance(node, ast.Call) and _name(node.func) == "store_cursor")


def _local_functions() -> set[str]:
    """Functions the command line defines itself (``filters_asked``): a cursor may pass through them."""
    return {node.name for path in _modules("cli") for node in ast.walk(ast.parse(path.read_text()))
            if isinstance(node, ast.FunctionDef)}


def test_no_command_imports_a_query_or_the_store():
    broken = [f"{path.name}:{line} imports {name}" for path in _modules("cli")
              for line, name in _imported(ast.parse(path.read_text()))
              if name.startswith(("dash.queries", "dash.store"))
              and not (path.name == "options.py" and name.startswith("dash.store"))  # the one reader
              # publishing copies the store and its journal whole: it reads no figure, writes no record
              and not (path.name in ("deploy.py", "serve.py") and name.startswith("dash.store.publish"))]
    assert broken == [], "a command reads through dash.catalogue, by name"


def test_a_command_hands_its_cursor_only_to_the_catalogue():
    """No query, and nothing that runs one, is called on a command's cursor: only a named read."""
    allowed = CURSOR_TAKERS | _local_functions()
    broken = []
    for path in _modules("cli"):
        for node in ast.walk(ast.parse(path.read_text())):
            if not isinstance(node, ast.Call):
                continue
            callee = _name(node.func)
            if callee.endswith(SQL_CALLS):
                broken.append(f"{path.name}:{node.lineno} runs SQL ({callee})")
            elif any(_is_cursor(arg) for arg in [*node.args, *(k.value for k in node.keywords)]) \
                    and callee not in allowed:
                broken.append(f"{path.name}:{node.lineno} hands a cursor to {callee or 'a callable'}")
    assert broken == []


def test_every_read_a_command_names_is_in_the_catalogue():
    named = {(path.name, node.args[0].value) for path in _modules("cli")
             for node in ast.walk(ast.parse(path.read_text()))
             if isinstance(node, ast.Call) and _name(node.func) in CURSOR_TAKERS
             and node.args and isinstance(node.args[0], ast.Constant)}
    assert named, "the commands' reads were not found"
    assert [f"{file}: {name}" for file, name in sorted(named) if name not in catalogue.READS] == []


def test_no_read_imports_a_write_or_anything_above_it():
    """dash.queries is below the writes, the catalogue, the session glue and the command line: what it
    needs of them (the kinds of write's words) comes in as data."""
    above = ("dash.write", "dash.catalogue", "dash.ui", "dash.cli", "dash.export", "streamlit")
    broken = [f"{path.name}:{line} imports {name}" for path in _modules("queries")
              for line, name in _imported(ast.parse(path.read_text())) if name.startswith(above)]
    assert broken == []


def test_sql_runs_only_in_the_reads_the_writes_and_the_store():
    """Read SQL is in dash.queries, write SQL in dash.write (its kinds, the build, the suggestions'
    writer), the schema and the journal's bookkeeping in dash.store; the developer tools (a synthetic
    store, the benchmarks) are apart from the app."""
    homes = {"queries", "write", "store", "devtools"}
    broken = [f"{path.relative_to(SRC)}:{node.lineno} runs SQL"
              for path in sorted(SRC.rglob("*.py")) if path.relative_to(SRC).parts[0] not in homes
              for node in ast.walk(ast.parse(path.read_text()))
              if isinstance(node, ast.Call) and _name(node.func).endswith(SQL_CALLS)]
    assert broken == []
