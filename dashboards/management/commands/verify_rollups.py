from django.core.management.base import BaseCommand, CommandError

from dashboards.rollups import differences


class Command(BaseCommand):
    help = "Recount the case rollups from the cases and report every difference."

    def add_arguments(self, parser):
        parser.add_argument("--limit", type=int, default=50, help="differences to print")

    def handle(self, *args, limit, **options):
        problems = differences()
        for line in problems[:limit]:
            self.stdout.write(line)
        if len(problems) > limit:
            self.stdout.write(f"… and {len(problems) - limit} more")
        if problems:
            raise CommandError(
                f"{len(problems)} rollup rows differ from a recount; run rebuild_rollups"
            )
        self.stdout.write(self.style.SUCCESS("rollups match a recount: 0 differences"))
