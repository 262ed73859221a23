from django.core.management.base import BaseCommand

from grid_gov.counters import named


class Command(BaseCommand):
    help = "Replace the rows of counter tables by a recount from their source rows."

    def add_arguments(self, parser):
        parser.add_argument("names", nargs="+", metavar="name")

    def handle(self, *args, names, **options):
        for name, counters in named(names).items():
            rows = counters.rebuild()
            self.stdout.write(self.style.SUCCESS(f"{name} rebuilt: {rows} rows"))
