"""Reading back what the SMTP server received, by recipient and subject."""

from collections import Counter

from tests.mail import plain_text


def received(collector) -> Counter:
    """(address, subject) -> how many times the server received it."""
    return Counter((message["To"], message["Subject"]) for message in collector.messages)


def addresses(collector) -> Counter:
    return Counter(message["To"] for message in collector.messages)


def subjects_to(collector, address: str) -> list[str]:
    return sorted(message["Subject"] for message in collector.messages if message["To"] == address)


def text_to(collector, address: str) -> str:
    return "\n".join(plain_text(m) for m in collector.messages if m["To"] == address)
