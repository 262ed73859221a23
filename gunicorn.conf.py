"""Gunicorn settings: the one place for the web server's workers and limits.

The Dockerfile and docker-compose.yml both start gunicorn with
`-c gunicorn.conf.py`; every value can be changed from the environment.
"""

import os

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
# Synchronous workers: a request holds one worker until it answers.
workers = int(os.environ.get("GUNICORN_WORKERS", "3"))
# A worker silent for this long is killed and replaced. Uploads are bounded
# (photo count, bytes and pixels are checked before decoding), so a request
# that takes longer is a fault, not work.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", "30"))
keepalive = 5
# Recycle workers now and then, so a slow leak cannot grow without end.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "2000"))
max_requests_jitter = 200
# Request line and headers: gunicorn's own defaults, stated here.
limit_request_line = 4094
limit_request_fields = 100
limit_request_field_size = 8190
accesslog = "-"
errorlog = "-"
