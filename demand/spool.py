"""An append-only file that keeps demand events the database could not take.

Each line is one event as JSON. Appends and replays hold an exclusive lock on
the file, so several gateway workers can share it. An event carries its own
random id, and replay skips ids already in the database, so a replay cut
short and run again still writes each event exactly once.
"""

from __future__ import annotations

import fcntl
import json
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

Row = dict[str, Any]


class Spool:
    def __init__(self, path: Path) -> None:
        self.path = path

    def append(self, row: Row) -> None:
        """Add one event, flushed to disk before returning."""
        with self._locked("a") as spool:
            spool.write(json.dumps(row, separators=(",", ":")) + "\n")
            spool.flush()
            os.fsync(spool.fileno())

    def is_empty(self) -> bool:
        try:
            return self.path.stat().st_size == 0
        except FileNotFoundError:
            return True

    def replay(self, write: Callable[[list[Row]], None]) -> int:
        """Hand every spooled event to `write`; empty the file only if it succeeds.

        If `write` raises, the file is left as it was for the next attempt.
        """
        if self.is_empty():
            return 0
        with self._locked("r+") as spool:
            rows = [json.loads(line) for line in spool if line.strip()]
            if rows:
                write(rows)
            spool.seek(0)
            spool.truncate()
            os.fsync(spool.fileno())
        return len(rows)

    @contextmanager
    def _locked(self, mode: str) -> Iterator[IO[str]]:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        if mode == "r+":
            self.path.touch(exist_ok=True)
        with self.path.open(mode, encoding="utf-8") as spool:
            fcntl.flock(spool, fcntl.LOCK_EX)
            try:
                yield spool
            finally:
                fcntl.flock(spool, fcntl.LOCK_UN)
