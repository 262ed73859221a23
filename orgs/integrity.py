"""Checks of the nested set against the parent links: what `check_tree` reports."""

from collections import defaultdict

from .kinds import child_kind_allowed
from .models import OrgUnit


def tree_problems() -> list[str]:
    rows = list(
        OrgUnit.objects.values_list("id", "parent_id", "kind", "tree_id", "lft", "rght", "level")
    )
    problems: list[str] = []
    by_id = {r[0]: r for r in rows}
    children = defaultdict(list)
    for r in rows:
        children[r[1]].append(r)

    for uid, parent_id, kind, tree_id, lft, rght, level in rows:
        if lft >= rght:
            problems.append(f"unit {uid}: lft {lft} >= rght {rght}")
        if (rght - lft - 1) % 2:
            problems.append(f"unit {uid}: odd width {rght - lft}")
        parent = by_id.get(parent_id)
        if parent_id is not None and parent is None:
            problems.append(f"unit {uid}: parent {parent_id} missing")
            continue
        parent_kind = parent[2] if parent else None
        if not child_kind_allowed(parent_kind, kind):
            problems.append(f"unit {uid}: kind {kind} not allowed under {parent_kind}")
        if parent:
            _, _, _, p_tree, p_lft, p_rght, p_level = parent
            if tree_id != p_tree or not (p_lft < lft and rght < p_rght):
                problems.append(f"unit {uid}: not inside parent {parent_id}'s range")
            if level != p_level + 1:
                problems.append(f"unit {uid}: level {level}, parent's {p_level}")
        elif level != 0 or lft != 1:
            problems.append(f"unit {uid}: root with level {level}, lft {lft}")

    # Every tree's edges must be exactly 1..2n, each used once.
    edges = defaultdict(list)
    for r in rows:
        edges[r[3]].extend((r[4], r[5]))
    for tree_id, values in edges.items():
        if sorted(values) != list(range(1, len(values) + 1)):
            problems.append(f"tree {tree_id}: lft/rght are not 1..{len(values)} each once")

    # Each node's width must match its descendants counted through parent links.
    def size(uid, seen=()):
        if uid in seen:
            return None
        total = 1
        for child in children[uid]:
            s = size(child[0], (*seen, uid))
            if s is None:
                return None
            total += s
        return total

    for r in rows:
        n = size(r[0])
        if n is None:
            problems.append(f"unit {r[0]}: cycle in parent links")
        elif r[5] - r[4] + 1 != 2 * n:
            problems.append(f"unit {r[0]}: width {r[5] - r[4] + 1} but {n} nodes below")
    return problems
