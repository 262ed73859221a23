from django.core.management.base import BaseCommand, CommandError

from members.points import totals_differences


class Command(BaseCommand):
    help = "Recount every member's score and year totals from the ledger and report differences."

    def add_arguments(self, parser):
        parser.add_argument("--limit", type=int, default=50, help="differences to print")

    def handle(self, *args, limit, **options):
        problems = totals_differences()
        for line in problems[:limit]:
            self.stdout.write(line)
        if len(problems) > limit:
            self.stdout.write(f"… and {len(problems) - limit} more")
        if problems:
            raise CommandError(
                f"{len(problems)} totals differ from the ledger; run rebuild_member_points"
            )
        self.stdout.write(self.style.SUCCESS("member points match the ledger: 0 differences"))
