from django.core.management.base import BaseCommand

from grids.tally import rebuild


class Command(BaseCommand):
    help = "Replace every people tally row (the dashboards' structure and people figures)."

    def handle(self, *args, **options):
        rows = rebuild()
        self.stdout.write(self.style.SUCCESS(f"people tally rebuilt: {rows} rows"))
