"""Sending mail through Django's e-mail framework (settings: EMAIL_URL or EMAIL_*), and saying
honestly when it failed: a caller learns whether the message left, and a failure is logged
with what the operator needs (the recipients and the error), never shown as sent."""

from __future__ import annotations

import logging
import smtplib

from django.core.mail import EmailMessage

logger = logging.getLogger(__name__)

# What a mail server (or its absence) raises: refused connection, timeout, TLS, SMTP replies.
MAIL_ERRORS = (smtplib.SMTPException, OSError)


def deliver(message: EmailMessage) -> bool:
    """Send one message; True when the backend accepted it, False (logged) when it failed."""
    try:
        sent = message.send(fail_silently=False)
    except MAIL_ERRORS as error:
        logger.error(
            "mail not sent: subject=%r to=%s error=%s: %s",
            message.subject,
            ",".join(message.to),
            type(error).__name__,
            error,
        )
        return False
    return bool(sent)
