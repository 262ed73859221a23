from django.core.management.base import BaseCommand

from members.points import rebuild_totals


class Command(BaseCommand):
    help = "Recompute every member's score and year totals from the ledger."

    def handle(self, *args, **options):
        n = rebuild_totals()
        self.stdout.write(self.style.SUCCESS(f"{n} year totals rebuilt from the ledger"))
