"""A local SMTP server that accepts every message and counts it (aiosmtpd, in a thread of
the benchmark): the reminders go over real SMTP, as in production, to a server on loopback."""

import logging
import threading

from aiosmtpd.controller import Controller

from devtools.bench import free_port


class _Counter:
    def __init__(self) -> None:
        self.count = 0
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope) -> str:  # noqa: N802 - aiosmtpd's hook name
        with self.lock:
            self.count += len(envelope.rcpt_tos)
        return "250 OK"


class SmtpSink:
    """`with SmtpSink() as sink:` serves SMTP on 127.0.0.1:`sink.port`; `sink.count` is the
    number of recipients accepted so far."""

    def __init__(self) -> None:
        self.port = free_port()
        self.handler = _Counter()
        self.controller = Controller(self.handler, hostname="127.0.0.1", port=self.port)

    @property
    def count(self) -> int:
        return self.handler.count

    def __enter__(self) -> "SmtpSink":
        logging.getLogger("mail.log").setLevel(logging.WARNING)  # aiosmtpd logs every command
        self.controller.start()
        return self

    def __exit__(self, *exc) -> None:
        self.controller.stop()
