from django.core.management.base import BaseCommand, CommandError

from grids.tally import differences


class Command(BaseCommand):
    help = "Recount the people tally (the dashboards' structure and people figures)."

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
                f"{len(problems)} people tally rows differ from a recount; run rebuild_people_tally"
            )
        self.stdout.write(self.style.SUCCESS("people tally matches a recount: 0 differences"))
