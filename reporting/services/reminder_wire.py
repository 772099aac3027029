"""A reminder as SMTP sends it: the marks a group's rendering (reminder_delivery.render_group)
leaves where each recipient's values go, the group's message cut at those marks and dot-stuffed
once (`Wire`), and sending over one connection with RFC 2920 pipelining (`send_pipelined`)."""

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from html import escape as html_escape  # Django's escape but for its SafeString (and lazy strings)
from smtplib import SMTPResponseException, quoteaddr

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.core.mail.message import sanitize_address
from django.utils.html import escape

NAME_MARK, PATH_MARK, AREA_MARK = "@@recipient@@", "@@path@@", "@@area@@"  # survive HTML escaping
# A report's plan and deadline: one rendering serves every plan due that day.
REFERENCE_MARK, COMMITTEE_MARK, TITLE_MARK = "@@reference@@", "@@committee@@", "@@title@@"
REPORTER_MARK, RECEIVER_MARK, VIA_MARK = "@@reporter@@", "@@receiver@@", "@@via@@"
PLAN_MARKS = (REFERENCE_MARK, COMMITTEE_MARK, TITLE_MARK, REPORTER_MARK, RECEIVER_MARK, VIA_MARK)
TO_MARK, ID_MARK = "to@reminder.invalid", "msgid@reminder.invalid"
MARKS = (NAME_MARK, PATH_MARK, AREA_MARK, *PLAN_MARKS)
_MARK = re.compile("|".join(re.escape(m) for m in MARKS))


def _fill(template: str, values: dict[str, str], quote: Callable[[str], str] = str) -> str:
    """Every mark replaced in one pass (a value that holds a mark's text stays as it is)."""
    return _MARK.sub(lambda found: quote(values[found[0]]) if found[0] in values else found[0], template)


@dataclass(frozen=True)
class Rendered:
    """The subject, text and HTML of a group, with the recipient's name, link and commune
    left as marks; `fill` puts one recipient's in (escaped in the HTML)."""

    subject: str
    text: str
    html: str

    def fill(self, values: dict[str, str]) -> tuple[str, str]:
        return _fill(self.text, values), _fill(self.html, values, escape)


_SPLIT = re.compile(b"(" + b"|".join(re.escape(m.encode()) for m in (*MARKS, TO_MARK, ID_MARK)) + b")")
_HTML_PART = b"Content-Type: text/html"
_BYTES = {mark: mark.encode() for mark in MARKS}
_TO, _ID = TO_MARK.encode(), ID_MARK.encode()
LINE_LIMIT = 998  # RFC 5322: bytes in a line, without its CRLF
_PLAIN_ADDRESS = re.compile(r"[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9.-]+\Z")


def envelope_address(address: str) -> bytes:
    """The address as MAIL FROM and RCPT TO take it: smtplib's quoteaddr, which parses every
    address as a header would (a tenth of a millisecond each), for any but a plain one."""
    if _PLAIN_ADDRESS.match(address):
        return b"<%s>" % address.encode()
    return quoteaddr(address).encode()


class Wire:
    """A group's whole message as SMTP sends it (RFC 5322 bytes, built once by Django's
    EmailMultiAlternatives) cut at the marks, the lines within each cut dot-stuffed for DATA
    already; `data_for` puts one recipient's values in. Not `usable` when a mark did not
    survive as plain bytes (a body the encoder folded): those go out as ordinary messages,
    as does a recipient whose values could make a line longer than SMTP allows."""

    def __init__(self, rendered: Rendered) -> None:
        message = EmailMultiAlternatives(
            rendered.subject,
            rendered.text,
            settings.DEFAULT_FROM_EMAIL,
            [TO_MARK],
            headers={"Message-ID": f"<{ID_MARK}>"},
        )
        message.attach_alternative(rendered.html, "text/html")
        encoding = message.encoding or settings.DEFAULT_CHARSET
        self.sender = quoteaddr(sanitize_address(settings.DEFAULT_FROM_EMAIL, encoding)).encode()
        data = message.message().as_bytes(linesep="\r\n")
        text_part, sep, html_part = data.partition(_HTML_PART)
        # The name and link appear in the text part as they are and in the HTML part escaped.
        self.parts = [
            ([p if i % 2 else p.replace(b"\n.", b"\n..") for i, p in enumerate(_SPLIT.split(part))], html)
            for part, html in ((text_part + sep, False), (html_part, True))
        ]
        found = {piece for pieces, _html in self.parts for piece in pieces[1::2]}
        marks = {m.encode() for m in MARKS if m in rendered.text + rendered.html} | {TO_MARK.encode(), ID_MARK.encode()}
        # Values go in as UTF-8 as they are: only into parts sent as 8bit (not folded, not encoded).
        self.usable = bool(sep) and marks <= found and data.count(b"Content-Transfer-Encoding: 8bit\r\n") == 2
        self.longest = max(len(line) for line in data.split(b"\r\n"))
        # The message as one list, each mark a slot; a slot a value may start a line at is
        # checked for a leading dot. Values hold no line break, but one may be empty: a cut
        # that could then start a line with a dot sends the message the careful way.
        self.flat: list[bytes] = []
        self.slots: list[tuple[int, bytes, bool, bool]] = []  # (place, mark, in the HTML, may start a line)
        self.careful, may_start = False, {True}
        for pieces, html in self.parts:
            for i, piece in enumerate(pieces):
                if i % 2:
                    self.slots.append((len(self.flat), piece, html, True in may_start))
                    may_start |= {False}
                elif piece:
                    self.careful |= piece[:1] == b"." and True in may_start
                    may_start = {piece.endswith(b"\n")}
                self.flat.append(piece)

    def data_for(self, email: str, message_id: str, values: dict[str, str]) -> bytes | None:
        """The recipient's message, dot-stuffed and ended for SMTP's DATA; None if its values
        hold a line break or could stretch a line past SMTP's limit (as an ordinary message
        the encoder folds it)."""
        plain = {_TO: email.encode(), _ID: message_id.encode()}
        escaped = dict(plain)
        for mark, value in values.items():
            plain[_BYTES[mark]], escaped[_BYTES[mark]] = value.encode(), html_escape(value).encode()
        everything = b"".join(escaped.values())
        if self.longest + len(everything) > LINE_LIMIT or b"\n" in everything or b"\r" in everything:
            return None
        if not self.careful:
            out = self.flat.copy()
            for place, mark, html, may_start in self.slots:
                value = escaped[mark] if html else plain[mark]
                out[place] = b"." + value if may_start and value[:1] == b"." else value
            data = b"".join(out)
            return data + (b".\r\n" if data.endswith(b"\r\n") else b"\r\n.\r\n")
        out = []
        line_start = True  # the cuts are stuffed within: a line that starts at a cut is stuffed here
        for pieces, html in self.parts:
            table = escaped if html else plain
            for i, piece in enumerate(pieces):
                chunk = table[piece] if i % 2 else piece
                if chunk:
                    if line_start and chunk[:1] == b".":
                        out.append(b".")
                    out.append(chunk)
                    line_start = chunk[-1:] == b"\n"
        data = b"".join(out)
        return data + (b".\r\n" if data.endswith(b"\r\n") else b"\r\n.\r\n")


def one_line(value: str) -> str:
    """The value with its line breaks as spaces (the check first: most values have none)."""
    return value if value.isprintable() else " ".join(value.splitlines())


def refusal(kind: str, code: int, reply: bytes) -> str:
    return f"{kind}: ({code}, {reply.decode(errors='replace')!r})"


def send_pipelined(smtp, sender: bytes, messages: list[tuple[str, bytes]]) -> Iterator[tuple[int, str]]:
    """Send the messages (recipient, DATA bytes) over an open smtplib connection with RFC 2920
    pipelining: a message's content goes out in one write with the next one's MAIL, RCPT and
    DATA, so each costs one round trip. Yields (index, error: '' when the server took it) as
    the server answers; raises SMTPServerDisconnected or OSError if the connection is lost
    (the messages not yet answered were not sent, as far as anyone knows)."""
    waiting = None  # the message whose content went out, its reply unread
    reset = False  # a refused transaction: RSET before the next
    for index in range(len(messages) + 1):
        out = [messages[waiting][1]] if waiting is not None else []
        if index < len(messages):
            if reset:
                out.append(b"RSET\r\n")
            out.append(b"MAIL FROM:%s\r\nRCPT TO:%s\r\nDATA\r\n" % (sender, envelope_address(messages[index][0])))
        if out:
            smtp.send(b"".join(out))
        if waiting is not None:
            code, reply = smtp.getreply()
            yield waiting, "" if code == 250 else refusal("SMTPDataError", code, reply)
            waiting = None
        if index == len(messages):
            return
        if reset:
            smtp.getreply()
            reset = False
        (mail, mail_reply), (rcpt, rcpt_reply), (data, data_reply) = (smtp.getreply() for _ in range(3))
        if mail == 250 and rcpt in (250, 251) and data == 354:
            waiting = index
        elif data == 354:  # DATA accepted for a refused sender or recipient: not SMTP as we know it
            raise SMTPResponseException(data, b"DATA accepted without a recipient")
        else:
            if mail != 250:
                error = refusal("SMTPSenderRefused", mail, mail_reply)
            elif rcpt not in (250, 251):
                error = refusal("SMTPRecipientsRefused", rcpt, rcpt_reply)
            else:
                error = refusal("SMTPDataError", data, data_reply)
            yield index, error
            reset = True
