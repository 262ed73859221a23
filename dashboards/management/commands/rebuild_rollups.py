from django.core.management.base import BaseCommand
from django.db import transaction

from dashboards.rollups import rebuild


class Command(BaseCommand):
    help = "Replace every case rollup row by a recount from the cases."

    def handle(self, *args, **options):
        with transaction.atomic():
            rows = rebuild()
        self.stdout.write(self.style.SUCCESS(f"rollups rebuilt: {rows} rows"))
