"""A local SMTP server that accepts every message and counts it (aiosmtpd, in a thread of
the benchmark): the reminders go over real SMTP, as in production, to a server on loopback."""

import logging
import threading

from aiosmtpd.controller import Controller

from devtools.bench import free_port


class _Counter:
    def __init__(self, keep: bool) -> None:
        self.count = 0
        self.keep = keep
        self.messages: list[tuple[list[str], bytes]] = []  # (recipients, data) when kept
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope) -> str:  # noqa: N802 - aiosmtpd's hook name
        with self.lock:
            self.count += len(envelope.rcpt_tos)
            if self.keep:
                self.messages.append((list(envelope.rcpt_tos), envelope.original_content))
        return "250 OK"


class SmtpSink:
    """`with SmtpSink() as sink:` serves SMTP on 127.0.0.1:`sink.port`; `sink.count` is the
    number of recipients accepted so far."""

    def __init__(self, *, keep: bool = False) -> None:
        self.port = free_port()
        self.handler = _Counter(keep)
        self.controller = Controller(self.handler, hostname="127.0.0.1", port=self.port)

    @property
    def count(self) -> int:
        return self.handler.count

    @property
    def messages(self) -> list[tuple[list[str], bytes]]:
        return self.handler.messages

    def __enter__(self) -> "SmtpSink":
        logging.getLogger("mail.log").setLevel(logging.WARNING)  # aiosmtpd logs every command
        self.controller.start()
        return self

    def __exit__(self, *exc) -> None:
        self.controller.stop()
