from django.core.management.base import BaseCommand, CommandError

from cases.tally import differences


class Command(BaseCommand):
    help = "Recount the case tally (the case lists' counts) and report every difference."

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
                f"{len(problems)} case tally rows differ from a recount; run rebuild_case_tally"
            )
        self.stdout.write(self.style.SUCCESS("case tally matches a recount: 0 differences"))
