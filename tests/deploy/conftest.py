"""Tests that deploy the site as docs/deploy.md says and serve it with gunicorn.

``production_build`` copies the repository's files (what a fresh clone holds) to
a temporary directory and runs ``make production`` there with the environment of
``.env.example``; ``Gunicorn`` serves that copy with ``gunicorn.conf.py`` on a
free loopback port. They use the project's virtualenv, and no network.
"""

import os
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.sockets import free_port

ROOT = Path(__file__).resolve().parents[2]
VENV = Path(sys.prefix)
# A reverse proxy's request to the site in production.
PROXIED = {"Host": "presse.cnes.fr", "X-Forwarded-Proto": "https"}
SECRET_KEY = "test-only-production-key-0123456789-abcdefghijklmnopqrstuvwxyz"


def repository_files():
    """Return the files a clone holds, plus new files not ignored by git."""
    listing = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        capture_output=True,
        check=True,
    )
    names = listing.stdout.decode().split("\0")
    return [name for name in names if name and (ROOT / name).is_file()]


def example_environment(path):
    """Return the variables of ``.env.example``."""
    variables = {}
    for line in path.read_text().splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            name, _, value = line.partition("=")
            variables[name] = value
    return variables


def production_environment(copy, **overrides):
    """Return this process's environment without any DJANGO_, GUNICORN_ or
    DATABASE_ variable, plus those of ``.env.example`` and the overrides."""
    environment = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("DJANGO_", "GUNICORN_", "DATABASE_", "XDG_RUNTIME"))
    }
    environment.update(example_environment(copy / ".env.example"))
    environment.update(DJANGO_SECRET_KEY=SECRET_KEY, DJANGO_CACHE_URL="locmem://")
    environment.update(overrides)
    return environment


@dataclass
class Build:
    path: Path
    environment: dict
    database: Path
    compiled_catalogues_before: list = field(default_factory=list)


@pytest.fixture(scope="session")
def production_build(tmp_path_factory):
    """A copy of the repository on which ``make production`` ran."""
    base = tmp_path_factory.mktemp("production")
    copy = base / "cnespress"
    for name in repository_files():
        (copy / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, copy / name)
    database = base / "db.sqlite3"
    build = Build(
        path=copy,
        environment=production_environment(
            copy, DATABASE_URL=f"sqlite:///{database}", HOME=str(base)
        ),
        database=database,
        compiled_catalogues_before=sorted(copy.rglob("*.mo")),
    )
    result = subprocess.run(
        ["make", f"VENV={VENV}", "production"],
        cwd=copy,
        env=build.environment,
        capture_output=True,
        text=True,
        timeout=600,
    )
    if result.returncode:
        pytest.fail(f"make production failed:\n{result.stdout}\n{result.stderr}")
    return build


@dataclass
class Response:
    status: int
    headers: dict
    text: str


class Gunicorn:
    """Serve a build with ``gunicorn -c gunicorn.conf.py cnespress.wsgi`` (the
    documented command) and one worker, for the ``with`` block."""

    def __init__(self, build, **environment):
        self.build = build
        self.port = free_port()
        self.environment = {
            **build.environment,
            "GUNICORN_BIND": f"127.0.0.1:{self.port}",
            "GUNICORN_WORKERS": "1",
            **environment,
        }
        self.log_path = build.path.parent / f"gunicorn-{self.port}.log"

    def __enter__(self):
        self.log_file = self.log_path.open("w")
        self.process = subprocess.Popen(
            [VENV / "bin" / "gunicorn", "-c", "gunicorn.conf.py", "cnespress.wsgi"],
            cwd=self.build.path,
            env=self.environment,
            stdout=self.log_file,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                self._stop()
                pytest.fail(f"gunicorn stopped:\n{self.log()}")
            try:
                urllib.request.urlopen(self.url("/healthz"), timeout=2)
                return self
            except urllib.error.HTTPError:  # it answers; the tests judge how
                return self
            except OSError:
                time.sleep(0.2)
        self._stop()
        pytest.fail(f"gunicorn did not answer within 60 s:\n{self.log()}")

    def __exit__(self, *exc_info):
        self._stop()

    def _stop(self):
        if self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=60)
        self.log_file.close()

    def url(self, path):
        return f"http://127.0.0.1:{self.port}{path}"

    def get(self, path, headers=None):
        """Return the response to a GET, whatever its status; never follow a
        redirect."""
        request = urllib.request.Request(self.url(path), headers=headers or {})
        opener = urllib.request.build_opener(NoRedirect)
        try:
            with opener.open(request, timeout=30) as response:
                body = response.read()
        except urllib.error.HTTPError as error:
            response, body = error, error.read()
        return Response(response.status, dict(response.headers.items()), body.decode())

    def log(self):
        if not self.log_file.closed:
            self.log_file.flush()
        return self.log_path.read_text()


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None
