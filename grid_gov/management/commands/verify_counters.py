from django.core.management.base import BaseCommand, CommandError

from grid_gov.counters import named


class Command(BaseCommand):
    help = (
        "Recount counter tables from their source rows and report every difference "
        "(exit 1 if any). Names: the sets to check; none checks every set."
    )

    def add_arguments(self, parser):
        parser.add_argument("names", nargs="*", metavar="name")
        parser.add_argument("--limit", type=int, default=50, help="differences to print per set")

    def handle(self, *args, names, limit, **options):
        failed = []
        for name, counters in named(names).items():
            problems = counters.differences()
            for line in problems[:limit]:
                self.stdout.write(line)
            if len(problems) > limit:
                self.stdout.write(f"… and {len(problems) - limit} more")
            if problems:
                failed.append(
                    f"{len(problems)} {counters.noun} rows differ from a recount; "
                    f"run rebuild_counters {name}"
                )
            else:
                self.stdout.write(self.style.SUCCESS(f"{name} match a recount: 0 differences"))
        if failed:
            raise CommandError("; ".join(failed))
