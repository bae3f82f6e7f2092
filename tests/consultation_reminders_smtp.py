"""A real SMTP server on this machine (aiosmtpd) that records what it accepts: for the reminder
tests and the reminders benchmark."""

import contextlib
import logging
import socket
import threading
from dataclasses import dataclass, field
from email import policy
from email.parser import BytesHeaderParser


@dataclass
class Received:
    recipient: str
    subject: str
    reminder: str  # the X-Council-Reminder header: the reminder row the email was for


@dataclass
class Sink:
    host: str
    port: int
    received: list[Received] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    rcpts: int = 0  # RCPT commands answered so far
    holding: threading.Event = field(default_factory=threading.Event)  # the held message has arrived
    released: threading.Event = field(default_factory=threading.Event)  # let the held message go on

    def count(self) -> int:
        with self.lock:
            return len(self.received)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextlib.contextmanager
def smtp_sink(hold_at: int | None = None):
    """Run an SMTP server on 127.0.0.1 for the block; yields a ``Sink`` whose ``received`` fills as
    emails arrive (one entry per recipient). With ``hold_at``, the ``hold_at``-th recipient is held
    at its RCPT command (before any of its message arrives) until ``sink.released`` is set."""
    import asyncio

    from aiosmtpd.controller import Controller

    logging.getLogger("mail.log").setLevel(logging.WARNING)  # aiosmtpd logs every command at INFO
    sink = Sink("127.0.0.1", free_port())

    class Handler:
        async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
            with sink.lock:
                sink.rcpts += 1
                held = sink.rcpts == hold_at
            if held:
                sink.holding.set()
                while not sink.released.is_set():
                    await asyncio.sleep(0.05)
            envelope.rcpt_tos.append(address)
            return "250 OK"

        async def handle_DATA(self, server, session, envelope):
            message = BytesHeaderParser(policy=policy.default).parsebytes(envelope.content)  # headers only
            subject = str(message["Subject"] or "").strip()
            reminder = str(message["X-Council-Reminder"] or "")
            with sink.lock:
                sink.received.extend(Received(rcpt, subject, reminder) for rcpt in envelope.rcpt_tos)
            return "250 Message accepted for delivery"

    controller = Controller(Handler(), hostname=sink.host, port=sink.port)
    controller.start()
    try:
        yield sink
    finally:
        sink.released.set()
        controller.stop()
