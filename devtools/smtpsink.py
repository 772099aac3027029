"""Local SMTP servers that accept every message and count it: the reminders go over real SMTP,
as in production, to a server on loopback.

- `SmtpSink`: aiosmtpd in a thread of the caller (the tests): keeps what it received, can
  offer PIPELINING and refuse chosen recipients, as servers do.
- `LeanSink`: a minimal server in a process of its own (the benchmark). aiosmtpd costs
  ~1.5 ms of CPU a message: 150 s for 100,000, more than the fan-out it would measure. This
  one reads pipelined commands in bulk and answers them in one write (tens of µs a message),
  so the figure is the portal's, as it would be against Postfix. `python -m devtools.smtpsink`
  runs it (no Django: it prints its port, then serves until terminated).
"""

import logging
import os
import socket
import subprocess
import sys
import threading
import time

from aiosmtpd.controller import Controller

REFUSED = "550 5.1.1 Không có hộp thư này"  # noqa: RUF001 - what the server says, in Vietnamese


class _Counter:
    def __init__(self, keep: bool, pipelining: bool, refuse: set[str]) -> None:
        self.count = 0
        self.keep = keep
        self.pipelining = pipelining
        self.refuse = {address.lower() for address in refuse}
        self.messages: list[tuple[list[str], bytes]] = []  # (recipients, data) when kept
        self.lock = threading.Lock()

    async def handle_EHLO(self, server, session, envelope, hostname, responses):  # noqa: N802 - aiosmtpd's hook name
        session.host_name = hostname
        if self.pipelining:
            responses.insert(-1, "250-PIPELINING")
        return responses

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # noqa: N802
        if address.lower() in self.refuse:
            return REFUSED
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope) -> str:  # noqa: N802
        with self.lock:
            self.count += len(envelope.rcpt_tos)
            if self.keep:
                self.messages.append((list(envelope.rcpt_tos), envelope.original_content))
        return "250 OK"


class SmtpSink:
    """`with SmtpSink() as sink:` serves SMTP on 127.0.0.1:`sink.port`; `sink.count` is the
    number of recipients accepted so far. `pipelining` offers RFC 2920 pipelining; addresses
    in `refuse` are refused at RCPT (550), as a server refuses an unknown mailbox."""

    def __init__(self, *, keep: bool = False, pipelining: bool = False, refuse: set[str] = frozenset()) -> None:
        from devtools.bench import free_port

        self.port = free_port()
        self.handler = _Counter(keep, pipelining, set(refuse))
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


# --- the lean server --------------------------------------------------------------------------


class _Lean:
    """The server's state: how many recipients it accepted (XCOUNT tells, with its CPU time)."""

    def __init__(self) -> None:
        self.count = 0
        self.lock = threading.Lock()

    def session(self, conn: socket.socket) -> None:
        with conn:
            conn.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            conn.sendall(b"220 127.0.0.1 ESMTP sink\r\n")
            buffer, data, recipients = b"", False, 0
            while chunk := conn.recv(1 << 16):
                buffer += chunk
                replies = []
                while True:
                    if data:  # the message ends at a line holding only "."
                        end = 0 if buffer.startswith(b".\r\n") else buffer.find(b"\r\n.\r\n")
                        if end < 0:
                            break
                        buffer = buffer[end + (3 if end == 0 else 5) :]
                        with self.lock:
                            self.count += recipients
                        data, recipients = False, 0
                        replies.append(b"250 OK")
                        continue
                    line, sep, rest = buffer.partition(b"\r\n")
                    if not sep:
                        break
                    buffer = rest
                    verb = line[:4].upper()
                    if verb == b"EHLO":
                        replies.append(b"250-127.0.0.1\r\n250-PIPELINING\r\n250-8BITMIME\r\n250 SIZE 33554432")
                    elif verb == b"RCPT":
                        recipients += 1
                        replies.append(b"250 OK")
                    elif verb == b"DATA":
                        data = recipients > 0
                        replies.append(b"354 End data with <CR><LF>.<CR><LF>" if data else b"554 No valid recipients")
                    elif verb in (b"MAIL", b"RSET"):
                        recipients = 0
                        replies.append(b"250 OK")
                    elif verb == b"QUIT":
                        conn.sendall(b"\r\n".join([*replies, b"221 Bye"]) + b"\r\n")
                        return
                    elif verb == b"XCOU":
                        replies.append(f"250 {self.count} {time.process_time():.3f}".encode())
                    else:  # HELO, NOOP and the rest
                        replies.append(b"250 OK")
                if replies:
                    conn.sendall(b"\r\n".join(replies) + b"\r\n")

    def serve(self, listener: socket.socket) -> None:
        while True:
            conn, _address = listener.accept()
            threading.Thread(target=self.session, args=(conn,), daemon=True).start()


class LeanSink:
    """`with LeanSink() as sink:` serves SMTP on 127.0.0.1:`sink.port` from a process of its
    own; `sink.count` is the number of recipients accepted so far, `sink.cpu_seconds` the
    server's CPU time."""

    def __enter__(self) -> "LeanSink":
        self.process = subprocess.Popen(  # noqa: S603 - our own interpreter and module  # nosec
            [sys.executable, "-m", "devtools.smtpsink"],
            cwd=os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
            stdout=subprocess.PIPE,
        )
        self.port = int(self.process.stdout.readline())
        return self

    def _ask(self) -> tuple[int, float]:
        with socket.create_connection(("127.0.0.1", self.port), timeout=10) as conn:
            stream = conn.makefile("rb")
            stream.readline()  # the greeting
            conn.sendall(b"XCOUNT\r\nQUIT\r\n")
            _code, count, cpu = stream.readline().split()
        return int(count), float(cpu)

    @property
    def count(self) -> int:
        return self._ask()[0]

    @property
    def cpu_seconds(self) -> float:
        return self._ask()[1]

    def __exit__(self, *exc) -> None:
        self.process.terminate()
        self.process.wait(10)


if __name__ == "__main__":
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(64)
    print(server.getsockname()[1], flush=True)
    _Lean().serve(server)
