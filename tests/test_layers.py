"""Dependencies in the core run one way (docs/architecture.md, "Rooms").

Every ``import`` of a ``curator`` module is read from the source, including imports inside
functions: a lazy import that dodges a circle is still an edge here, so a circle cannot
hide behind one. Rooms are the packages under ``curator/`` (``consent``, ``exhibitions`` …)
and each module at the root (``catalogue``, ``reads``, ``trace`` …).
"""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

CORE = Path(__file__).resolve().parent.parent / "curator"


def _module(path: Path) -> str:
    parts = list(path.relative_to(CORE.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports() -> dict[str, set[str]]:
    modules = {_module(p): p for p in CORE.rglob("*.py")}
    graph: dict[str, set[str]] = defaultdict(set)
    for name, path in modules.items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                wanted = [node.module, *(f"{node.module}.{a.name}" for a in node.names)]
            elif isinstance(node, ast.Import):
                wanted = [a.name for a in node.names]
            else:
                continue
            graph[name].update(w for w in wanted if w in modules and w != name
                               and w != "curator")
    return graph


def _room(module: str) -> str:
    return module.split(".")[1] if module.count(".") else "curator"


def _cycle(graph: dict[str, set[str]]) -> list[str]:
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str]:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                return [*stack[stack.index(nxt):], nxt]
            if nxt not in state and (found := visit(nxt)):
                return found
        stack.pop()
        state[node] = 2
        return []

    for node in sorted(graph):
        if node not in state and (found := visit(node)):
            return found
    return []


def test_no_module_imports_itself_round_a_circle():
    assert _cycle(_imports()) == []


def test_rooms_depend_one_way():
    rooms: dict[str, set[str]] = defaultdict(set)
    for module, targets in _imports().items():
        rooms[_room(module)].update(_room(t) for t in targets if _room(t) != _room(module))
    assert _cycle(rooms) == []
    assert [r for r, targets in rooms.items() if "cli" in targets and r != "__main__"] == []


def test_a_circle_is_seen_even_through_a_lazy_import():
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert _cycle({"a": {"b"}, "b": set()}) == []
