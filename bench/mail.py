"""Send one release to many subscribers through a local SMTP sink, and report
mails per second and the worker's peak memory.

    python bench/mail.py [COUNT ...]      (default: 1000 5000 10000)

For each COUNT: migrate a throw-away SQLite database, create COUNT confirmed
subscribers and one release, enqueue its sending, and run the real worker
(`manage.py worker --batch`, which exits when no task is left) against an SMTP
server (aiosmtpd) in a process of its own, which counts what it receives.
Prints the figures and checks them: at least TARGET_RATE mails/s while sending
(from the first mail the sink receives to the last; the whole run, which adds
the worker's start and the planning, is printed too), and a peak
memory that does not grow with the list (within MEMORY_SLACK_MB). The worker's
CPU time (and mails per CPU second) and the machine's load average are printed
too: on a shared machine the rate follows the load, the CPU cost does not.
"""

import json
import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET_RATE = 50
MEMORY_SLACK_MB = 10

SINK = """
import sys, time, threading
from aiosmtpd.controller import Controller

class Sink:
    count = 0
    first = last = None
    async def handle_DATA(self, server, session, envelope):
        Sink.last = time.monotonic()
        Sink.first = Sink.first or Sink.last
        Sink.count += len(envelope.rcpt_tos)
        return "250 OK"

controller = Controller(Sink(), hostname="127.0.0.1", port=int(sys.argv[1]))
controller.start()
print("ready", flush=True)
sys.stdin.readline()
controller.stop()
span = (Sink.last - Sink.first) if Sink.count > 1 else 0
print(f"{Sink.count} {span}", flush=True)
"""

SETUP = """
import sys
import django
django.setup()
from django.core.management import call_command
from django.utils import timezone
from distribution import sending
from distribution.models import Subscriber
from releases.models import Contact, PressRelease, ReleaseContact

count = int(sys.argv[1])
call_command("migrate", verbosity=0)
Subscriber.objects.bulk_create(
    (
        Subscriber(
            email=f"reader{n:06}@example.org",
            name=f"Reader {n}",
            language="fr" if n % 3 == 0 else "en",
            status=Subscriber.Status.CONFIRMED,
        )
        for n in range(count)
    ),
    batch_size=2000,
)
release = PressRelease.objects.create(
    title="Le CNES et la JAXA signent un accord",
    slug="cnes-jaxa",
    summary="An agreement on the exploration of Mars's moons.",
    body="Text.",
    status="published",
    published_at=timezone.now(),
)
contact = Contact.objects.create(name="Pascale Bresson", phone="+33 1 44 76 75 39")
ReleaseContact.objects.create(release=release, contact=contact)
sending.enqueue(release.pk)
"""


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def cpu_seconds(pid):
    """Return the CPU time a running process used so far (user and system)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def peak_memory_mb(pid):
    """Return the peak resident memory of a running process (VmHWM), in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


def run(count):
    with tempfile.TemporaryDirectory() as folder:
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "cnespress.settings",
            "DATABASE_URL": f"sqlite:///{folder}/bench.sqlite3",
            "DJANGO_LOG_LEVEL": "WARNING",
        }
        port = free_port()
        sink = subprocess.Popen(
            [sys.executable, "-c", SINK, str(port)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert sink.stdout.readline().strip() == "ready"
        subprocess.run(
            [sys.executable, "-c", SETUP, str(count)], cwd=ROOT, env=env, check=True
        )
        env["DJANGO_EMAIL_URL"] = f"smtp://127.0.0.1:{port}"
        started = time.monotonic()
        worker = subprocess.Popen(
            [
                sys.executable,
                "manage.py",
                "worker",
                "--batch",
                "--interval=0",
                "--no-startup-delay",
                "--verbosity=0",
            ],
            cwd=ROOT,
            env=env,
        )
        peak = cpu = 0.0
        while worker.poll() is None:
            try:
                peak = max(peak, peak_memory_mb(worker.pid))
                cpu = cpu_seconds(worker.pid)
            except (FileNotFoundError, ProcessLookupError):
                break
            time.sleep(0.2)
        worker.wait()
        elapsed = time.monotonic() - started
        sink.stdin.write("\n")
        sink.stdin.flush()
        received, span = sink.stdout.readline().split()
        sink.wait()
    received = int(received)
    if received != count:
        raise SystemExit(f"{count} subscribers, but {received} mails arrived")
    span = float(span)
    return {
        "subscribers": count,
        "seconds": round(elapsed, 1),
        "mails_per_second": round(count / elapsed, 1),
        "sending_seconds": round(span, 1),
        "mails_per_second_sending": round(count / span, 1) if span else None,
        "peak_memory_mb": round(peak, 1),
        "worker_cpu_seconds": round(cpu, 1),
        "mails_per_cpu_second": round(count / cpu, 1) if cpu else None,
        "load_average": round(os.getloadavg()[0], 1),
    }


def main():
    counts = [int(arg) for arg in sys.argv[1:]] or [1000, 5000, 10000]
    results = []
    columns = [
        ("subscribers", "subscribers", 11),
        ("seconds", "run s", 6),
        ("mails_per_second", "mails/s", 7),
        ("sending_seconds", "sending s", 9),
        ("mails_per_second_sending", "sending mails/s", 15),
        ("peak_memory_mb", "peak MB", 7),
        ("worker_cpu_seconds", "worker CPU s", 12),
        ("mails_per_cpu_second", "mails/CPU s", 11),
        ("load_average", "load", 5),
    ]
    print("  ".join(f"{title:>{width}}" for _key, title, width in columns))
    for count in counts:
        result = run(count)
        results.append(result)
        print(
            "  ".join(f"{result[key]!s:>{width}}" for key, _title, width in columns),
            flush=True,
        )
    out = ROOT / "bench" / "results" / "mail.json"
    out.write_text(json.dumps(results, indent=2) + "\n")
    failures = [
        f"{r['subscribers']} subscribers: {r['mails_per_second_sending']} mails/s"
        for r in results
        if r["mails_per_second_sending"] < TARGET_RATE
    ]
    peaks = [r["peak_memory_mb"] for r in results]
    if max(peaks) - min(peaks) > MEMORY_SLACK_MB:
        failures.append(f"peak memory grows with the list: {peaks} MB")
    if failures:
        raise SystemExit("Below target: " + "; ".join(failures))
    print(
        f"OK: at least {TARGET_RATE} mails/s, memory flat within {MEMORY_SLACK_MB} MB"
    )


if __name__ == "__main__":
    main()
