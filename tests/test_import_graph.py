"""The package's modules import each other without cycles, and data flows one way.

The graph is read from the source (``ast``), not from ``sys.modules``: imports
inside functions (kept lazy for start-up cost, see ``test_startup_cost.py``)
count too, since a cycle through them is still a cycle a reader has to untangle.
``if TYPE_CHECKING:`` blocks do not count (they never run).  The package root's
``setup`` only forwards to ``extension.setup`` (so that ``sphinx_concepts`` is
the name in ``extensions``) and is left out as a node.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import sphinx_concepts

PACKAGE = Path(sphinx_concepts.__file__).parent
ROOT = "sphinx_concepts"


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(p for p in parts if p != "__init__")


MODULES = {_module_name(p): p for p in PACKAGE.rglob("*.py")}


def _statements(body: list[ast.stmt]) -> Iterator[ast.stmt]:
    """Every statement, at any depth, outside ``if TYPE_CHECKING:``."""
    for node in body:
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            yield from _statements(node.orelse)
            continue
        yield node
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.stmt):
                yield from _statements([child])
            elif isinstance(child, ast.ExceptHandler):
                yield from _statements(child.body)


def imports_of(name: str) -> set[str]:
    """The package's modules that module ``name`` imports."""
    path = MODULES[name]
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in _statements(ast.parse(path.read_text(encoding="utf-8")).body):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                module = ".".join([*base, *([node.module] if node.module else [])])
            else:
                module = node.module or ""
            for alias in node.names:
                # ``from . import x`` names a module; ``from .m import f`` does not.
                candidate = f"{module}.{alias.name}"
                found.add(candidate if candidate in MODULES else module)
    return {m for m in found if m in MODULES and m not in (name, ROOT)}


GRAPH = {name: imports_of(name) for name in MODULES if name != ROOT}


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return found


def _layer(name: str) -> str:
    return name.split(".")[1]


def test_the_graph_is_read() -> None:
    # The reader of the graph itself: known edges are found (a broken walk
    # would find none and pass every test below).
    assert "sphinx_concepts.core.resolver" in GRAPH["sphinx_concepts.xref.domain"]
    assert "sphinx_concepts.core.model" in GRAPH["sphinx_concepts.sources.reading"]
    assert "sphinx_concepts.cli" in GRAPH["sphinx_concepts.__main__"]
    # An import inside a function counts: checks imports project lazily.
    assert "sphinx_concepts.cli.project" in GRAPH["sphinx_concepts.cli.checks"]


def test_no_import_cycles() -> None:
    assert _cycles(GRAPH) == []


def test_a_cycle_would_be_found() -> None:
    graph = {k: set(v) for k, v in GRAPH.items()}
    graph["sphinx_concepts.core.names"].add("sphinx_concepts.xref.domain")
    assert any("sphinx_concepts.core.names" in c for c in _cycles(graph))


# Data flows one way: the pure core knows nothing else of the package, the
# readers and writers of sources know only the core.
ALLOWED = {
    "core": {"core"},
    "sources": {"core", "sources"},
}


def test_data_flows_one_way() -> None:
    wrong = sorted(
        (name, target)
        for name, targets in GRAPH.items()
        if _layer(name) in ALLOWED
        for target in targets
        if _layer(target) not in ALLOWED[_layer(name)]
    )
    assert wrong == []
