"""The read replicas' settings (the routing itself: tests/test_replica.py)."""

from cnespress.settings import replica_databases


def test_replicas_come_from_the_environment():
    assert replica_databases(
        ["postgres://reader@standby-1:5432/cnespress?connect_timeout=2"]
    ) == {
        "replica1": {
            "NAME": "cnespress",
            "USER": "reader",
            "PASSWORD": "",
            "HOST": "standby-1",
            "PORT": 5432,
            "ENGINE": "django.db.backends.postgresql",
            "CONN_MAX_AGE": 60,
            "CONN_HEALTH_CHECKS": True,
            "DISABLE_SERVER_SIDE_CURSORS": False,
            "OPTIONS": {"connect_timeout": 2},
            "TEST": {"MIRROR": "default"},
        }
    }
