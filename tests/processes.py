"""Real processes for the tests eager mode cannot stand in for: a Redis of the
test's own on a free port (which the test may stop and start again; the
shared Redis is never touched), Celery workers and beat, a gunicorn web
process, all against the test database. Every wait has a deadline and polls
for what it waits for; nothing sleeps a fixed time."""

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import quote

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(predicate, *, timeout: float, what: str, logs=()) -> None:
    """Poll `predicate` until it is true; fail with the logs after `timeout`."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.05)
    tails = "\n".join(f"--- {log.name}\n{log.read_text()[-3000:]}" for log in logs if log.exists())
    pytest.fail(f"timed out after {timeout} s waiting for {what}\n{tails}")


def database_url() -> str:
    s = connection.settings_dict
    auth = quote(s["USER"] or "")
    if s.get("PASSWORD"):
        auth += ":" + quote(s["PASSWORD"])
    return f"postgres://{auth}@{s.get('HOST') or '127.0.0.1'}:{s.get('PORT') or 5432}/{s['NAME']}"


class Redis:
    """A redis-server on a free port, persisting to an append-only file the
    way production's does, so that a restart keeps the queues."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.log = folder / "redis.log"
        self.process = None

    def start(self) -> "Redis":
        self.process = subprocess.Popen(
            [
                shutil.which("redis-server"),
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "yes",
                "--appendfsync",
                "always",
                "--dir",
                str(self.folder),
                "--logfile",
                str(self.log),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_for(self.answers, timeout=10, what="redis-server to start", logs=[self.log])
        return self

    def answers(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=0.5) as s:
                s.sendall(b"PING\r\n")
                return s.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)


class Process:
    """A child process with its output in a log file."""

    def __init__(self, args, *, env, log: Path):
        self.args, self.env, self.log = args, env, log
        self.process = None

    def start(self) -> "Process":
        with self.log.open("a") as out:
            self.process = subprocess.Popen(
                self.args,
                cwd=ROOT,
                env=self.env,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        return self

    def kill(self) -> None:
        """SIGKILL to the process and its children at once: no cleanup, no
        acknowledgement, their connections just drop (a machine losing power)."""
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)

    def children(self) -> list[int]:
        path = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        return [int(pid) for pid in path.read_text().split()] if path.exists() else []


def environment(redis_url: str, **extra) -> dict:
    """What a worker, beat or web process of these tests runs with: the test
    settings and database, tasks sent to a broker rather than run eagerly."""
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "grid_gov.settings.test",
        "DATABASE_URL": database_url(),
        "DATABASE_CONN_MAX_AGE": "0",
        "REDIS_URL": redis_url,
        "CELERY_TASK_ALWAYS_EAGER": "false",
        **extra,
    }


def worker(env, log: Path, name="worker", pool="solo") -> Process:
    """A worker serving both queues; "prefork" runs tasks in one pool
    process (which a test can kill alone), "solo" in the worker itself."""
    return Process(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "grid_gov",
            "worker",
            f"--pool={pool}",
            "--concurrency=1",
            "--loglevel=INFO",
            "--without-mingle",
            "--without-gossip",
            "--without-heartbeat",
            "-n",
            f"{name}@localhost",
        ],
        env=env,
        log=log,
    )


def beat(env, log: Path, schedule: Path) -> Process:
    return Process(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "grid_gov",
            "beat",
            "--loglevel=INFO",
            "-s",
            str(schedule),
        ],
        env=env,
        log=log,
    )


def web(env, log: Path, port: int) -> Process:
    return Process(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "grid_gov.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "1",
            "--timeout",
            "30",
        ],
        env=env,
        log=log,
    )


def ready(log: Path, text: str):
    return lambda: log.exists() and text in log.read_text()


def http_up(port: int):
    def check():
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/accounts/login/", timeout=2)
            return True
        except OSError:
            return False

    return check


class Stack:
    """A test's own Redis and the processes started against it; `close()`
    stops them all (the test's Redis last)."""

    def __init__(self, folder: Path, **env):
        self.folder = folder
        self.redis = Redis(folder).start()
        self.env = environment(self.redis.url, **env)
        self.processes: list[Process] = []

    def log(self, name: str) -> Path:
        return self.folder / f"{name}.log"

    def logs(self) -> list[Path]:
        return [p.log for p in self.processes] + [self.redis.log]

    def start_worker(self, name="worker", pool="solo") -> Process:
        process = worker(self.env, self.log(name), name=name, pool=pool).start()
        self.processes.append(process)
        wait_for(
            ready(process.log, "ready."), timeout=60, what=f"{name} to start", logs=[process.log]
        )
        return process

    def start_beat(self) -> Process:
        process = beat(self.env, self.log("beat"), self.folder / "beat-schedule").start()
        self.processes.append(process)
        return process

    def start_web(self) -> int:
        port = free_port()
        process = web(self.env, self.log("web"), port).start()
        self.processes.append(process)
        wait_for(http_up(port), timeout=60, what="the web process to answer", logs=[process.log])
        return port

    def close(self) -> None:
        """The test is over: nothing is left to finish, so no graceful stop."""
        for process in self.processes:
            if process.process.poll() is None:
                process.kill()
        self.redis.stop()
