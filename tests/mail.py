"""A real SMTP server on 127.0.0.1 for the tests, and Django pointed at it."""

import re
import socket
from email import message_from_bytes, policy
from email.message import EmailMessage

import pytest
from aiosmtpd.controller import Controller


class Collector:
    """Keeps every message the server receives, parsed. ``refused`` addresses get a permanent 550 at
    RCPT (a bounce); ``stop()`` and ``start()`` take the server down and bring it back on its port."""

    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []
        self.refused: set[str] = set()
        self.controller: Controller | None = None
        self.port = 0

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refused:
            return "550 5.1.1 No such mailbox here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # aiosmtpd calls this hook by name
        self.messages.append(message_from_bytes(envelope.original_content, policy=policy.default))
        return "250 OK"

    def start(self) -> None:
        self.controller = Controller(self, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self) -> None:
        if self.controller is not None:
            self.controller.stop()
            self.controller = None


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp_server(settings):
    collector = Collector()
    collector.port = _free_port()
    collector.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = collector.port
    settings.EMAIL_TIMEOUT = 5
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    settings.DEFAULT_FROM_EMAIL = "Credentialing Tracker <no-reply@tracker.example.gov>"
    try:
        yield collector
    finally:
        collector.stop()


def plain_text(message: EmailMessage) -> str:
    part = message.get_body(preferencelist=("plain",))
    assert part is not None, "the e-mail has a plain-text part"
    return part.get_content()


def link_in(message: EmailMessage) -> str:
    """The path of the first link of the plain-text part."""
    found = re.search(r"https?://[^/\s]+(/\S+)", plain_text(message))
    assert found, plain_text(message)
    return found.group(1)
