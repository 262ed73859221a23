import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "grid_gov.settings.local")

app = Celery("grid_gov")
# All Celery settings live in Django settings with the CELERY_ prefix.
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
