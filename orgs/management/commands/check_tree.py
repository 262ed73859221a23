from django.core.management.base import BaseCommand

from orgs.integrity import tree_problems


class Command(BaseCommand):
    help = "Check the org tree's nested set and kind rules; exits 1 when it finds problems."

    def handle(self, *args, **options):
        problems = tree_problems()
        for problem in problems:
            self.stdout.write(problem)
        self.stdout.write(f"{len(problems)} problems")
        if problems:
            raise SystemExit(1)
