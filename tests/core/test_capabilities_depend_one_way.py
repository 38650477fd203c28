"""Capabilities depend on each other one way: no import cycle between them, the kernel imports none,
and only the command line reaches the lab."""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

import antifraud

SRC = Path(antifraud.__file__).parent
KERNEL = {"core", "settings"}
ASSEMBLY = {"cli", "web", "migrations"}
"""Where the house is put together: they import every capability."""


def _room(module: str) -> str:
    """The room (capability folder or top-level module) of a dotted module name under antifraud."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else parts[0]


def _module_name(path: Path) -> str:
    rel = path.relative_to(SRC.parent).with_suffix("")
    parts = rel.parts[:-1] if rel.name == "__init__" else rel.parts
    return ".".join(parts)


def _type_checking_only(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def _imports(tree: ast.AST, here: str) -> set[str]:
    """Every antifraud module imported anywhere in a file (functions too), except under TYPE_CHECKING."""
    found: set[str] = set()

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.If) and _type_checking_only(node):
            for child in node.orelse:
                visit(child)
            return
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.startswith("antifraud."))
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(here.split(".")[:-node.level] + ([base] if base else []))
            if base.startswith("antifraud."):
                found.add(base)
                found.update(f"{base}.{a.name}" for a in node.names)
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(tree)
    return found


def room_graph() -> dict[str, set[str]]:
    """Room -> the other rooms its modules import."""
    graph: dict[str, set[str]] = defaultdict(set)
    for path in sorted(SRC.rglob("*.py")):
        if path.parent.name == "versions":  # migrations name the tables of their day, not the code
            continue
        here = _module_name(path)
        room = _room(here)
        graph[room]  # every room is a node, importing or not
        for target in _imports(ast.parse(path.read_text(encoding="utf-8")), here):
            other = _room(target)
            if other != room and ((SRC / other).is_dir() or (SRC / f"{other}.py").is_file()):
                graph[room].add(other)
    return graph


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import cycle between rooms, or None."""
    state: dict[str, int] = {}
    stack: list[str] = []

    def walk(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                return stack[stack.index(nxt):] + [nxt]
            if nxt not in state and (found := walk(nxt)):
                return found
        stack.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state and (found := walk(node)):
            return found
    return None


def test_no_import_cycle_between_capabilities() -> None:
    graph = {room: targets - ASSEMBLY for room, targets in room_graph().items() if room not in ASSEMBLY}
    assert {"warnings", "desk", "peers", "classifier", "lab", "cases", "simulation"} <= set(graph)
    assert _cycle(graph) is None, " → ".join(_cycle(graph) or [])


def test_the_walker_finds_a_cycle_when_there_is_one() -> None:
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert _cycle({"a": {"b"}, "b": set(), "c": {"a"}}) is None
    tree = ast.parse("from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    import antifraud.x.y\n"
                     "def f():\n    from antifraud.z import w\n")
    assert _imports(tree, "antifraud.q.m") == {"antifraud.z", "antifraud.z.w"}


def test_the_kernel_imports_no_capability() -> None:
    graph = room_graph()
    for room in KERNEL:
        assert graph[room] <= KERNEL, f"{room} imports {sorted(graph[room] - KERNEL)}"


def test_the_ui_kit_imports_no_capability() -> None:
    graph = room_graph()
    assert graph["ui"] <= KERNEL, f"ui imports {sorted(graph['ui'] - KERNEL)}"


WEB_KIT = {"antifraud.web.deps", "antifraud.web.openapi"}
"""What of `web` a capability's routes use: request dependencies and the documented answers."""


def test_capabilities_use_only_webs_request_kit() -> None:
    reached: dict[str, set[str]] = defaultdict(set)
    for path in sorted(SRC.rglob("*.py")):
        here = _module_name(path)
        if _room(here) in ASSEMBLY | KERNEL:
            continue
        for target in _imports(ast.parse(path.read_text(encoding="utf-8")), here):
            base = ".".join(target.split(".")[:3])
            if _room(target) == "web" and base not in WEB_KIT:
                reached[here].add(base)
    # The demo command serves the whole app it has just filled, with the server options `antifraud serve`
    # uses: the one capability reaching the assembly.
    assert reached == {"antifraud.simulation.demo": {"antifraud.web.app", "antifraud.web.security"}}, dict(reached)


def test_only_the_command_line_reaches_the_lab() -> None:
    users = {room for room, targets in room_graph().items() if "lab" in targets}
    assert users <= {"cli"}, f"{sorted(users - {'cli'})} import the lab"


PRIVATE = {"models", "store"}
"""A room's tables (`models`) and raw storage (`store`): other rooms go through its service."""
MAY_READ_EVERY_TABLE = {"migrations"}  # Alembic's env collects every model to compare the schema


def _private_target(target: str) -> str | None:
    """The room whose tables or store a dotted import reaches, or None."""
    parts = target.split(".")
    if len(parts) >= 3 and parts[2] in PRIVATE:
        return parts[1]
    return None


def private_imports() -> list[str]:
    """Every `room → other.models|store` import outside the room that owns it (TYPE_CHECKING aside)."""
    found = []
    for path in sorted(SRC.rglob("*.py")):
        here = _module_name(path)
        room = _room(here)
        if room in MAY_READ_EVERY_TABLE:
            continue
        for target in sorted(_imports(ast.parse(path.read_text(encoding="utf-8")), here)):
            owner = _private_target(target)
            if owner is not None and owner != room:
                found.append(f"{here} imports {'.'.join(target.split('.')[:3])}")
    return sorted(set(found))


def test_no_capability_reads_another_capabilitys_tables() -> None:
    assert private_imports() == []


def test_the_walker_sees_a_reach_into_another_rooms_tables() -> None:
    tree = ast.parse("from antifraud.orgs.models import User\nfrom antifraud.tracing import store\n"
                     "from antifraud.cases.service import get_case\n")
    targets = _imports(tree, "antifraud.desk.service")
    assert {_private_target(t) for t in targets} == {"orgs", "tracing", None}
