"""Text messages to residents' phones, behind one small function.

``SMS_BACKEND`` names a class with ``send(phone, text)``. The default prints
the message to the server's log and keeps it in ``outbox`` (as Django's
locmem mail backend does), so `make run` and the suite work without a
gateway; a city plugs in its SMS provider's class in production.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)

outbox: list[tuple[str, str]] = []


class ConsoleBackend:
    def send(self, phone: str, text: str) -> None:
        outbox.append((phone, text))
        logger.warning("SMS to %s: %s", phone, text)


def sms_send(*, phone: str, text: str) -> None:
    import_string(settings.SMS_BACKEND)().send(phone, text)
