"""A real SMTP server on loopback and the real mail worker, for the distribution
tests: the worker runs as its own process (`manage.py worker`) against the
tests' database, and sends to the server."""

import os
import signal
import subprocess
import sys
import threading
import time
from email import message_from_bytes, policy
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from django.conf import settings
from django.db import connection

from tests.sockets import free_port

ROOT = Path(__file__).resolve().parents[1]


class Mailbox:
    """What the SMTP server received; ``replies`` maps an address to the reply
    it gets (a 4xx or 5xx) instead of 250."""

    def __init__(self):
        self.lock = threading.Lock()
        self.received = []
        self.replies = {}

    async def handle_DATA(self, server, session, envelope):
        for recipient in envelope.rcpt_tos:
            if recipient in self.replies:
                return self.replies[recipient]
        message = message_from_bytes(envelope.content, policy=policy.SMTP)
        message.arrived_at = time.time()
        with self.lock:
            for recipient in envelope.rcpt_tos:
                self.received.append((recipient, message))
        return "250 OK"

    def messages(self, to=None):
        with self.lock:
            return [m for r, m in self.received if to is None or r == to]

    def count_by_recipient(self):
        counts = {}
        with self.lock:
            for recipient, _message in self.received:
                counts[recipient] = counts.get(recipient, 0) + 1
        return counts


@pytest.fixture
def smtp_server():
    """A real SMTP server (aiosmtpd) on a free loopback port."""
    mailbox = Mailbox()
    controller = Controller(mailbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    mailbox.port = controller.port
    yield mailbox
    controller.stop()


def database_url():
    """Return the URL of the tests' database, for another process."""
    db = connection.settings_dict
    if db["ENGINE"] == "django.db.backends.sqlite3":
        return f"sqlite:///{db['NAME']}"
    password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
    port = f":{db['PORT']}" if db["PORT"] else ""
    return f"postgres://{db['USER']}{password}@{db['HOST']}{port}/{db['NAME']}"


class Worker:
    """`manage.py worker` in its own process; start(), stop() (SIGTERM), kill()."""

    def __init__(self, smtp_port, lease=2):
        self.env = {
            **os.environ,
            "DATABASE_URL": database_url(),
            "DJANGO_EMAIL_URL": f"smtp://127.0.0.1:{smtp_port}?timeout=5",
            "DJANGO_SECRET_KEY": settings.SECRET_KEY,
            "DJANGO_SITE_URL": settings.SITE_URL,
            "DJANGO_MAIL_CLAIM_LEASE": str(lease),
            "DJANGO_DEBUG": "0",
            "DJANGO_LOG_LEVEL": "WARNING",
        }
        self.process = None
        self.log = []

    def start(self):
        assert self.process is None or self.process.poll() is not None
        self.process = subprocess.Popen(
            [
                sys.executable,
                "manage.py",
                "worker",
                "--interval=0.1",
                "--no-startup-delay",
                "--verbosity=0",
            ],
            cwd=ROOT,
            env=self.env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
        )
        return self

    def _wait(self, timeout):
        output, _ = self.process.communicate(timeout=timeout)
        self.log.append(output.decode(errors="replace"))
        return self.process.returncode

    def stop(self, timeout=30):
        """Ask the worker to stop (SIGTERM); return its exit code."""
        self.process.send_signal(signal.SIGTERM)
        return self._wait(timeout)

    def kill(self):
        self.process.kill()
        return self._wait(10)

    def close(self):
        if self.process is not None and self.process.poll() is None:
            self.kill()


@pytest.fixture
def worker(smtp_server):
    """The real worker, started, sending to ``smtp_server``."""
    running = Worker(smtp_server.port).start()
    yield running
    running.close()


def wait_until(condition, timeout=30, interval=0.05):
    """Wait for ``condition()`` to be true; fail after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(interval)
    raise AssertionError(f"still false after {timeout} s: {condition.__doc__ or ''}")
