from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "cases"
    verbose_name = _("Cases")

    def ready(self):
        from PIL import Image

        from grid_gov import outbox

        from . import notify, receivers  # noqa: F401
        from .photos import max_pixels

        outbox.register(notify.NOTIFY, notify.handle_notify)
        outbox.register(notify.DELIVER, notify.handle_deliver, first_retry=5, max_retry=600)
        # Pillow warns above this many pixels and refuses above twice it.
        Image.MAX_IMAGE_PIXELS = max_pixels()
