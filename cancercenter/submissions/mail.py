"""SMTP sending that knows when the server is about to accept a message.

SMTP gives one moment of acceptance: the server's reply to the final "." of DATA. Until
that dot is sent, a crash or a lost connection means the server discards the message, so it
is safe to send again. After it, the server may have accepted the message even if we never
heard the reply. The outbox (`services.notification_send`) needs to tell the two apart, so
this backend calls the message's `handover` callback (which records the moment in the
database) just before the final dot, and raises `DeliveryUnknown` when the reply to the dot
is lost. If the callback fails, the connection is dropped before the dot: nothing is sent.
"""

import re
import smtplib
from functools import partial

from django.core.mail.backends.smtp import EmailBackend

CRLF = b"\r\n"


class DeliveryUnknown(smtplib.SMTPException):
    """The message was handed over, but the server's answer never came: it may be sent."""


def _data_with_handover(connection: smtplib.SMTP, handover, msg: bytes):
    """smtplib.SMTP.data(), with `handover()` called right before the final dot."""
    connection.putcmd("data")
    code, reply = connection.getreply()
    if code != 354:
        raise smtplib.SMTPDataError(code, reply)
    body = re.sub(rb"(?m)^\.", b"..", msg)
    if not body.endswith(CRLF):
        body += CRLF
    connection.send(body)
    try:
        handover()
    except BaseException:
        connection.close()  # without the dot, the server throws the message away
        raise
    connection.send(b"." + CRLF)
    try:
        return connection.getreply()
    except smtplib.SMTPServerDisconnected as exc:
        raise DeliveryUnknown(f"no answer after the message was handed over: {exc}") from exc


class OutboxSMTPBackend(EmailBackend):
    """Django's SMTP backend, plus the handover callback for messages that carry one."""

    records_handover = True

    def _send(self, email_message):
        handover = getattr(email_message, "handover", None)
        if handover is None or self.connection is None:
            return super()._send(email_message)
        self.connection.data = partial(_data_with_handover, self.connection, handover)
        try:
            return super()._send(email_message)
        finally:
            if self.connection is not None:
                self.connection.__dict__.pop("data", None)
