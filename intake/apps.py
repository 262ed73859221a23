from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IntakeConfig(AppConfig):
    name = "intake"
    verbose_name = _("Intake")

    def ready(self):
        from grid_gov import outbox

        from . import callbacks, receivers  # noqa: F401

        outbox.register(
            callbacks.RESULT_CALLBACK, callbacks.result_post, first_retry=30, max_retry=3600
        )
