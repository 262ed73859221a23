import logging
import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "grid_gov.settings.local")

app = Celery("grid_gov")
# All Celery settings live in Django settings with the CELERY_ prefix.
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

RELAY = "grid_gov.tasks.relay_outbox"


class QuietRelay(logging.Filter):
    """The outbox relay runs every second: its routine lines (sent by beat,
    received, a run that delivered nothing) would drown the log. A run that
    delivered something, and every warning and error, stay."""

    def filter(self, record):
        if record.levelno > logging.INFO:
            return True
        args = record.args if isinstance(record.args, dict) else {}
        if args.get("name") == RELAY:
            return "return_value" in args and args["return_value"] not in ("0", 0)
        if isinstance(record.args, tuple) and RELAY in record.args:
            return False
        return True


for _name in ("celery.beat", "celery.worker.strategy", "celery.app.trace"):
    logging.getLogger(_name).addFilter(QuietRelay())
