from django.core.management.base import BaseCommand, CommandError

from dashboards.periods import parse_quarter, previous_quarter, quarter_of, today
from dashboards.services import assessment_publish


class Command(BaseCommand):
    help = "Score every grid and party group for a quarter and publish the results."

    def add_arguments(self, parser):
        parser.add_argument("--quarter", help="e.g. 2025Q1; default: the last finished quarter")

    def handle(self, *args, quarter, **options):
        if quarter:
            parsed = parse_quarter(quarter)
            if parsed is None:
                raise CommandError(f"{quarter!r} is not a quarter: write it like 2025Q1")
        else:
            parsed = previous_quarter(*quarter_of(today()))
        n = assessment_publish(year=parsed[0], quarter=parsed[1])
        self.stdout.write(self.style.SUCCESS(f"{parsed[0]}Q{parsed[1]}: {n} results published"))
