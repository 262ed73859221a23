from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "cases"
    verbose_name = _("Cases")

    def ready(self):
        from grid_gov import outbox

        from . import notify, receivers  # noqa: F401

        outbox.register(notify.NOTIFY, notify.handle_notify)
        outbox.register(notify.DELIVER, notify.handle_deliver, first_retry=5, max_retry=600)
