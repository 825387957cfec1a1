"""Where a message goes out: one small interface, `send(message, text, recipient) -> provider id`,
raising Temporary (try again later: a timeout, a 5xx, a refused connection) or Permanent (will
never work: a 4xx for this recipient). Chosen by settings:

- email: SMTP (MESSAGE_SMTP_HOST ...), else a file;
- sms and whatsapp: an HTTP provider (MESSAGE_SMS_URL / MESSAGE_WHATSAPP_URL, MESSAGE_PROVIDER_TOKEN,
  MESSAGE_SENDER), else a file.

Files go under instance/outbox/ (readable by the server's user only), never to the log.
"""
import email.message
import email.utils
import os
import smtplib
from pathlib import Path

import httpx


class Temporary(Exception):
    """Sending failed this time; `reason` is short and free of personal data (e.g. "HTTP 503")."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


class Permanent(Temporary):
    """Sending will never work for this message (the provider refused it)."""


class FileChannel:
    """make run without a provider: each message a file, for the developer to read."""

    def __init__(self, folder: Path):
        self.folder = folder

    def send(self, message, text: dict, recipient: str) -> str:
        self.folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        path = self.folder / f"{message.id:06d}-{message.channel}-{message.kind}.txt"
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(f"Kepada: {recipient}\nKunci: {message.key}\n")
            if text.get("subject"):
                out.write(f"Subjek: {text['subject']}\n")
            out.write(f"\n{text['body']}\n")
        return f"file:{path.name}"


class SmtpChannel:
    def __init__(self, host: str, port: int, sender: str, user: str = "", password: str = "",
                 starttls: bool = False, timeout: float = 20):
        self.host, self.port, self.sender = host, port, sender
        self.user, self.password, self.starttls, self.timeout = user, password, starttls, timeout

    def send(self, message, text: dict, recipient: str) -> str:
        mail = email.message.EmailMessage()
        mail["From"], mail["To"], mail["Subject"] = self.sender, recipient, text["subject"]
        # The same Message-ID on every try: a mail system that saw it once can drop the copy.
        mail["Message-ID"] = f"<{message.key}@{self.sender.rpartition('@')[2] or 'localhost'}>"
        mail["Date"] = email.utils.formatdate(localtime=False)
        mail.set_content(text["body"])
        try:
            with smtplib.SMTP(self.host, self.port, timeout=self.timeout) as smtp:
                if self.starttls:
                    smtp.starttls()
                if self.user:
                    smtp.login(self.user, self.password)
                smtp.send_message(mail)
        except smtplib.SMTPRecipientsRefused:
            raise Permanent("SMTP penerima ditolak") from None
        except smtplib.SMTPResponseException as error:
            if 500 <= error.smtp_code < 600:
                raise Permanent(f"SMTP {error.smtp_code}") from None
            raise Temporary(f"SMTP {error.smtp_code}") from None
        except (OSError, smtplib.SMTPException) as error:
            raise Temporary(f"SMTP {type(error).__name__}") from None
        return mail["Message-ID"]


class HttpChannel:
    """An SMS or WhatsApp provider behind one JSON POST. The body is
    {"channel", "to", "from", "text"}, with the headers Authorization: Bearer <token> and
    Idempotency-Key: <the message's key> (the same on every try). A 2xx answer is accepted and
    may carry {"id": ...}; 408, 429 and 5xx are tried again; another 4xx is final."""

    def __init__(self, url: str, token: str, sender: str, channel: str, timeout: float = 10):
        self.url, self.token, self.sender, self.channel, self.timeout = url, token, sender, channel, timeout

    def send(self, message, text: dict, recipient: str) -> str:
        try:
            headers = {"Idempotency-Key": message.key}
            if self.token:
                headers["Authorization"] = f"Bearer {self.token}"
            response = httpx.post(self.url, timeout=self.timeout, headers=headers,
                json={"channel": self.channel, "to": recipient, "from": self.sender, "text": text["body"]})
        except (OSError, httpx.HTTPError) as error:
            raise Temporary(f"HTTP {type(error).__name__}") from None
        if response.status_code in (408, 429) or response.status_code >= 500:
            raise Temporary(f"HTTP {response.status_code}")
        if response.status_code >= 400:
            raise Permanent(f"HTTP {response.status_code}")
        try:
            return str(response.json().get("id", ""))[:120]
        except (ValueError, AttributeError):
            return ""


def channels(config, instance_path: str) -> dict:
    """The channel for sms, whatsapp and email, from the settings."""
    files = FileChannel(Path(config["MESSAGE_FILE_DIR"] or Path(instance_path) / "outbox"))
    found = {"sms": files, "whatsapp": files, "email": files}
    if config["MESSAGE_SMTP_HOST"]:
        found["email"] = SmtpChannel(config["MESSAGE_SMTP_HOST"], config["MESSAGE_SMTP_PORT"],
                                     config["MESSAGE_EMAIL_FROM"], config["MESSAGE_SMTP_USER"],
                                     config["MESSAGE_SMTP_PASSWORD"], config["MESSAGE_SMTP_STARTTLS"])
    for channel in ("sms", "whatsapp"):
        url = config[f"MESSAGE_{channel.upper()}_URL"]
        if url:
            found[channel] = HttpChannel(url, config["MESSAGE_PROVIDER_TOKEN"], config["MESSAGE_SENDER"], channel)
    return found
