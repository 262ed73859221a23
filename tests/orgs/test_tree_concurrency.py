"""Concurrent tree writes under one parent stay consistent (PostgreSQL).

django-mptt's README warns that concurrent writes can corrupt the nested set;
every write takes the tree lock (orgs.locking), and this proves it holds.
"""

import threading

import pytest
from django.db import connection

from orgs import services
from orgs.integrity import tree_problems
from orgs.kinds import UnitKind
from orgs.models import OrgUnit
from tests.threads import join_all, start_line


@pytest.mark.django_db(transaction=True)
def test_it_keeps_the_tree_sound_under_concurrent_inserts_and_moves(needs_postgres):
    from tests.world import build_world

    world = build_world()
    errors = []
    barrier = start_line(6)

    def insert(n):
        try:
            barrier.wait()
            for i in range(8):
                parent = OrgUnit.objects.get(pk=world.c1.pk)
                services.unit_create(
                    parent=parent, name=f"并发网格{n}-{i}", kind=UnitKind.GRID, code=f"T{n}{i:02d}"
                )
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connection.close()

    def move(n):
        try:
            barrier.wait()
            for i in range(8):
                unit = OrgUnit.objects.get(pk=world.g1b.pk)
                target = world.c2 if (i + n) % 2 == 0 else world.c1
                services.unit_move(unit=unit, new_parent=OrgUnit.objects.get(pk=target.pk))
        except Exception as exc:  # noqa: BLE001
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(daemon=True, target=insert, args=(n,)) for n in range(4)]
    threads += [threading.Thread(daemon=True, target=move, args=(n,)) for n in range(2)]
    for t in threads:
        t.start()
    join_all(threads)

    assert errors == []
    assert OrgUnit.objects.filter(name__startswith="并发网格").count() == 32
    assert tree_problems() == []
