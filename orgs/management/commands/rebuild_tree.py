from django.core.management.base import BaseCommand

from orgs.integrity import tree_problems
from orgs.locking import tree_write
from orgs.models import OrgUnit


class Command(BaseCommand):
    help = "Rebuild the org tree's nested-set fields from the parent links, under the tree lock."

    def handle(self, *args, **options):
        with tree_write():
            OrgUnit.objects.rebuild()
        self.stdout.write(f"rebuilt; {len(tree_problems())} problems")
