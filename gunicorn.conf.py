"""gunicorn's settings for cnespress: ``gunicorn -c gunicorn.conf.py cnespress.wsgi``.

Each value can be changed from the environment (GUNICORN_*); see docs/deploy.md.
"""

import os

from cnespress.logs import logging_config

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# Sync workers behind nginx, which buffers slow clients: twice the cores, plus one.
workers = int(os.environ.get("GUNICORN_WORKERS", 2 * (os.cpu_count() or 1) + 1))
# A worker silent for this long is killed and replaced (and gunicorn logs it).
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
# On a restart or a stop, workers finish the requests they have for this long.
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", "30"))
keepalive = 5
# The workers' heartbeat files in memory, so that a slow disk does not get
# healthy workers killed.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None

# gunicorn's own lines go through the application's formatter (time, level,
# request id; JSON with DJANGO_LOG_FORMAT=json). The access log is the line the
# application writes for each request (cnespress.logs.RequestLogMiddleware), with
# its request id and duration; gunicorn's own access log would log each request
# a second time, so it is off.
accesslog = None
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
logconfig_dict = logging_config(
    level=os.environ.get("DJANGO_LOG_LEVEL", "INFO"),
    log_format=os.environ.get("DJANGO_LOG_FORMAT", "text"),
)

# gunicorn's control socket (for gunicornc) defaults to one path per user,
# ~/.gunicorn/gunicorn.ctl: a second gunicorn on the host would take it from the
# first. Each server gets its own with GUNICORN_CONTROL_SOCKET, or none.
control_socket_disable = not os.environ.get("GUNICORN_CONTROL_SOCKET")
if not control_socket_disable:
    control_socket = os.environ["GUNICORN_CONTROL_SOCKET"]
