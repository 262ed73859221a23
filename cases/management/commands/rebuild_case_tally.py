from django.core.management.base import BaseCommand
from django.db import transaction

from cases.tally import rebuild


class Command(BaseCommand):
    help = "Replace every case tally row (the case lists' counts) by a recount from the cases."

    def handle(self, *args, **options):
        with transaction.atomic():
            rows = rebuild()
        self.stdout.write(self.style.SUCCESS(f"case tally rebuilt: {rows} rows"))
