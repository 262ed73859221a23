"""An outside channel for tests that behaves like a provider which honours
idempotency keys, and that leaves a record another process can read.

It writes every call to `calls` and every message it actually sends to
`sent`, both files in $GRIDGOV_TEST_CHANNEL_DIR (one key per line). A key
already in `sent` is not sent again. $GRIDGOV_TEST_CHANNEL_PAUSE ("a,b")
makes it slow: `a` seconds before the provider takes the message, `b`
seconds after (the answer on its way back), so a worker can be killed
before or after a message went out."""

import fcntl
import os
import time
from pathlib import Path

from cases.channels import Channel


def _folder() -> Path:
    return Path(os.environ["GRIDGOV_TEST_CHANNEL_DIR"])


def _pauses() -> tuple[float, float]:
    before, _, after = os.environ.get("GRIDGOV_TEST_CHANNEL_PAUSE", "0,0").partition(",")
    return float(before or 0), float(after or 0)


def _append(path: Path, key: str) -> None:
    with path.open("a") as f:
        f.write(key + "\n")
        f.flush()
        os.fsync(f.fileno())


def read_keys(name: str) -> list[str]:
    path = _folder() / name
    return path.read_text().split() if path.exists() else []


class RecordingChannel(Channel):
    name = "recording"

    def send(self, *, notification, key: str) -> None:
        folder = _folder()
        before, after = _pauses()
        _append(folder / "calls", key)
        time.sleep(before)
        with (folder / "lock").open("a") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            if key not in read_keys("sent"):
                _append(folder / "sent", key)
        time.sleep(after)
