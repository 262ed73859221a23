"""The units a sheet may name: every unit the caller can see, by id and by
code path, loaded once per file."""

from orgs.access import scope_roots
from orgs.models import OrgUnit

from .reading import cell_text

PATH_SEP = "/"


class UnitIndex:
    """Every unit the caller can see, by id and by code path ("XZ/01/003/02"),
    loaded in one query so a 50,000-row file never queries per row. Units
    created during an import are added as they are saved."""

    def __init__(self, roots):
        self.nodes: dict[int, tuple] = {}  # id -> (parent_id, kind, code, name)
        self._paths: dict[int, str] = {}
        self._names: dict[int, str] = {}
        self.by_path: dict[str, int] = {}
        ancestor_q = None
        for root in roots:
            q = OrgUnit.objects.filter(tree_id=root.tree_id, lft__lte=root.lft, rght__gte=root.rght)
            q |= OrgUnit.objects.filter(tree_id=root.tree_id, lft__gt=root.lft, rght__lt=root.rght)
            ancestor_q = q if ancestor_q is None else ancestor_q | q
        if ancestor_q is not None:
            for pk, parent_id, kind, code, name in ancestor_q.values_list(
                "pk", "parent_id", "kind", "code", "name"
            ):
                self.nodes[pk] = (parent_id, kind, code, name)
        for pk in self.nodes:
            self.by_path[self.path(pk)] = pk

    @classmethod
    def for_user(cls, user):
        return cls(scope_roots(user))

    def add(self, unit):
        self.__dict__.pop("_other_names", None)
        self.nodes[unit.pk] = (unit.parent_id, unit.kind, unit.code, unit.name)
        self._paths.pop(unit.pk, None)
        self._names.pop(unit.pk, None)
        self.by_path[self.path(unit.pk)] = unit.pk

    def kind(self, pk) -> str | None:
        node = self.nodes.get(pk)
        return node[1] if node else None

    def chain(self, pk) -> list[int]:
        """`pk` and its ancestors, nearest first."""
        out = []
        while pk is not None and pk in self.nodes:
            out.append(pk)
            pk = self.nodes[pk][0]
        return out

    def path(self, pk) -> str:
        if pk is None:
            return ""
        if pk not in self._paths:
            self._paths[pk] = PATH_SEP.join(self.nodes[p][2] for p in reversed(self.chain(pk)))
        return self._paths[pk]

    def name_path(self, pk, skip_root=True) -> str:
        """Names from below the district down to the unit, for people."""
        if pk is None:
            return ""
        if pk not in self._names:
            chain = list(reversed(self.chain(pk)))
            if skip_root and len(chain) > 1:
                chain = chain[1:]
            self._names[pk] = PATH_SEP.join(self.nodes[p][3] for p in chain)
        return self._names[pk]

    def get(self, path: str, kinds=None) -> int | None:
        """The unit a cell names: by its code path ("XZ/01/003/02"), or, when
        only one unit the caller can see answers to it, by its full name,
        its names below the district ("新泉社区/第1网格") or its own code as
        the unit page shows it ("01")."""
        text = normalize_path(path)
        found = self.by_path.get(text)
        if found is not None or not text:
            return found
        if not hasattr(self, "_other_names"):
            self._other_names = {}
            for pk, (_parent, _kind, code, name) in self.nodes.items():
                for key in {name, code, self.name_path(pk)}:
                    if key:
                        self._other_names.setdefault(key, set()).add(pk)
        matches = self._other_names.get(text, set())
        if kinds is not None:
            matches = {pk for pk in matches if self.nodes[pk][1] in kinds}
        return next(iter(matches)) if len(matches) == 1 else None

    def ancestor_ids(self, pk) -> dict[str, int | None]:
        from orgs.kinds import ANCESTOR_KINDS

        ids = {kind: None for kind in ANCESTOR_KINDS}
        for p in self.chain(pk):
            kind = self.nodes[p][1]
            if kind in ids and ids[kind] is None:
                ids[kind] = p
        return ids

    def under_any(self, pk, roots) -> bool:
        chain = set(self.chain(pk))
        return any(r.pk in chain for r in roots)


def normalize_path(value) -> str:
    text = cell_text(value).replace("\\", PATH_SEP).replace("／", PATH_SEP)
    return PATH_SEP.join(part.strip() for part in text.split(PATH_SEP) if part.strip())
