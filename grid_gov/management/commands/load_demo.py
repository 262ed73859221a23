import random

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from cases import demo as cases_demo
from dashboards import demo as dashboards_demo
from grids import demo as grids_demo
from intake import demo as intake_demo
from members import demo as members_demo
from orgs import demo as orgs_demo
from participation import demo as participation_demo


class Command(BaseCommand):
    help = "Load the demo district (Xiangzhou-shaped) with demo users. Only under DEBUG."

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=2026)

    def handle(self, *args, seed, **options):
        # Demo accounts share one published password: never on a real site.
        if not settings.DEBUG:
            raise CommandError("The demo district is only loaded when DEBUG is on.")
        if orgs_demo.is_loaded():
            self.stdout.write("demo district already loaded")
            return
        rng = random.Random(seed)
        with transaction.atomic():
            region = orgs_demo.load_units(rng=rng)
            users = orgs_demo.load_users(region=region)
            members_demo.load(region=region, users=users, rng=rng)
            grids_demo.load(region=region, users=users, rng=rng)
            cases_demo.load(region=region, users=users, rng=rng)
            participation_demo.load(region=region, users=users, rng=rng)
            intake_demo.load(region=region, users=users, rng=rng)
            dashboards_demo.load(region=region, users=users, rng=rng)
        self.stdout.write(
            self.style.SUCCESS(f"demo district loaded: {region.get_descendant_count() + 1} units")
        )
