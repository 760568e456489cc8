"""The cache speeds the site up and never takes it down: with its server refusing
connections, hung, or stopped and started again, pages are served uncached and
the outage and the recovery are logged once each."""

import os
import shutil
import subprocess
import time

import pytest
import redis

from cnespress import cache as resilient_cache
from cnespress.cache import ResilientPyMemcacheCache, ResilientRedisCache
from cnespress.settings import cache_from_url
from tests.factories import make_release
from tests.sockets import SilentServer, free_port

REDIS_SERVER = shutil.which("redis-server")


@pytest.fixture(autouse=True)
def _fresh_outages(settings):
    """Start each test with every cache server believed up, retried after 0.5 s."""
    settings.OUTAGE_RETRY_SECONDS = 0.5
    resilient_cache._outages.clear()
    yield
    resilient_cache._outages.clear()


def outage_messages(caplog):
    return [
        (record.levelname, record.getMessage())
        for record in caplog.records
        if record.name == "cnespress.outages"
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("scheme", ["redis", "memcached"])
def test_pages_are_served_when_the_cache_server_refuses_connections(
    client, settings, caplog, scheme
):
    location = f"127.0.0.1:{free_port()}"
    url = f"{scheme}://{location}" + ("/0" if scheme == "redis" else "")
    settings.CACHES = {"default": cache_from_url(url)}
    release = make_release("Ocean mission")
    for _ in range(3):
        assert "Ocean mission" in client.get("/").text
        assert client.get(release.get_absolute_url()).status_code == 200
    [(level, message)] = outage_messages(caplog)
    assert level == "ERROR"
    assert message.startswith(f"The cache ({url}) unreachable (")
    assert message.endswith("): serving pages uncached; trying again every 0.5 s.")


def test_a_hung_cache_server_costs_one_timeout_per_retry_interval():
    with SilentServer() as server:
        cache = ResilientRedisCache(
            f"redis://127.0.0.1:{server.port}/0",
            {"OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2}},
        )
        assert [cache.get("key", "missed") for _ in range(20)] == ["missed"] * 20
        assert cache.set("key", "value") is None
        assert cache.add("key", "value") is False
        assert cache.get_many(["key"]) == {}
        assert server.connections == 1
        time.sleep(0.6)
        assert cache.get("key", "missed") == "missed"
        assert server.connections == 2


def test_a_cache_server_in_trouble_is_a_miss_for_every_call():
    cache = ResilientPyMemcacheCache(f"127.0.0.1:{free_port()}", {})
    assert cache.get("key") is None
    assert cache.get_many(["a", "b"]) == {}
    assert cache.has_key("key") is False
    assert cache.add("key", 1) is False
    assert cache.set("key", 1) is None
    assert cache.set_many({"a": 1, "b": 2}) == ["a", "b"]
    assert cache.touch("key") is False
    assert cache.delete("key") is False
    assert cache.delete_many(["a"]) is None
    assert cache.clear() is None
    assert cache.get_or_set("key", 5) == 5
    with pytest.raises(ValueError):
        cache.incr("key")
    assert cache.answers() is False
    time.sleep(0.6)  # past the retry time, each call tries the server again
    assert cache.clear() is None
    assert cache.get("key") is None


def test_credentials_stay_out_of_the_log(caplog):
    url = f"redis://reader:s3cret@127.0.0.1:{free_port()}/0"
    ResilientRedisCache(url, {}).get("key")
    [(level, message)] = outage_messages(caplog)
    assert "s3cret" not in message
    assert message.startswith(f"The cache (redis://127.0.0.1:{url.rsplit(':')[-1]}) ")


class RedisServer:
    """A throw-away redis-server on a loopback port, stopped and started at will."""

    def __init__(self, directory):
        self.directory = directory
        self.port = free_port()
        self.process = None

    def start(self):
        self.process = subprocess.Popen(
            [REDIS_SERVER, "--port", str(self.port), "--bind", "127.0.0.1"]
            + ["--save", "", "--appendonly", "no", "--dir", str(self.directory)],
            stdout=subprocess.DEVNULL,
        )
        client = redis.Redis(port=self.port)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                client.ping()
                return
            except redis.ConnectionError:
                time.sleep(0.05)
        pytest.fail("redis-server did not start")

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=10)


@pytest.fixture
def redis_server(tmp_path):
    if REDIS_SERVER is None:
        message = "redis-server is missing (apt-get install redis-server)."
        if os.environ.get("CI"):
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    server = RedisServer(tmp_path)
    server.start()
    yield server
    if server.process.poll() is None:
        server.stop()


@pytest.mark.django_db
def test_the_site_rides_out_a_redis_restart(
    client, settings, caplog, redis_server, django_assert_num_queries
):
    url = f"redis://127.0.0.1:{redis_server.port}/0"
    settings.CACHES = {"default": cache_from_url(url)}
    make_release("Ocean mission")
    client.get("/")
    with django_assert_num_queries(1):  # the content version; the page from Redis
        assert "Ocean mission" in client.get("/").text

    redis_server.stop()
    for _ in range(3):
        assert "Ocean mission" in client.get("/").text
    assert client.get("/readyz").status_code == 503

    redis_server.start()
    time.sleep(0.6)
    assert client.get("/readyz").text == "database ok\ncache ok\n"
    client.get("/")
    with django_assert_num_queries(1):
        assert "Ocean mission" in client.get("/").text
    assert [level for level, message in outage_messages(caplog)] == ["ERROR", "WARNING"]
    assert outage_messages(caplog)[1][1].startswith(f"The cache ({url}) answers again")
