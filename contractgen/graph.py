"""Reachability over a graph given as a function from a node to its neighbours: the walk that the IR's
incremental rebuild (importers), the change engine (declarations naming a changed one) and watch's
change summary (packages referred to, and referring) each need."""

from __future__ import annotations

from typing import Callable, Hashable, Iterable, TypeVar

Node = TypeVar("Node", bound=Hashable)


def reachable(roots: Iterable[Node], neighbours: Callable[[Node], Iterable[Node]]) -> set[Node]:
    """`roots` and every node reachable from one of them."""
    found = set(roots)
    todo = list(found)
    while todo:
        for node in neighbours(todo.pop()):
            if node not in found:
                found.add(node)
                todo.append(node)
    return found
