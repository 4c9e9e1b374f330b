"""The three processes of a running assistant, started together and stopped together."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType

import httpx
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from core.migrate import migrate
from core.settings import PROJECT_ROOT, Settings
from launcher.model import engine_command, engine_environment


class StackError(RuntimeError):
    """A process would not start, or stopped on its own."""


@dataclass
class Process:
    name: str
    argv: list[str]
    env: dict[str, str]
    ready_url: str
    log_path: Path
    popen: subprocess.Popen | None = field(default=None, repr=False)

    def start(self) -> None:
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        log = self.log_path.open("ab")
        # A session of its own, so Ctrl-C reaches the launcher, which then stops
        # every process in order rather than leaving half of them running.
        self.popen = subprocess.Popen(
            self.argv,
            cwd=PROJECT_ROOT,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        log.close()

    def has_exited(self) -> bool:
        return self.popen is not None and self.popen.poll() is not None

    def is_ready(self) -> bool:
        try:
            return httpx.get(self.ready_url, timeout=2.0).status_code == 200
        except httpx.HTTPError:
            return False

    def stop(self, grace_seconds: float = 15.0) -> None:
        if self.popen is None or self.popen.poll() is not None:
            return
        os.killpg(self.popen.pid, signal.SIGTERM)
        try:
            self.popen.wait(grace_seconds)
        except subprocess.TimeoutExpired:
            os.killpg(self.popen.pid, signal.SIGKILL)
            self.popen.wait()

    def log_tail(self, lines: int = 30) -> str:
        if not self.log_path.exists():
            return ""
        return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])


# One thread of maths per process. The assistant runs as several processes (and scales
# by adding more); BLAS and TensorFlow size their pools for the whole machine in every
# process, and those pools then spin against each other on the same cores (measured with
# benchmarks/load.py and chat_latency.py: README, "Benchmarks"). deploy/environment.example
# sets the same on a real host.
ONE_MATHS_THREAD = {
    "OMP_NUM_THREADS": "1",
    "OPENBLAS_NUM_THREADS": "1",
    "MKL_NUM_THREADS": "1",
    "TF_INTER_OP_PARALLELISM_THREADS": "1",
    "TF_INTRA_OP_PARALLELISM_THREADS": "1",
}


def one_maths_thread_each(processes: list[Process]) -> None:
    for process in processes:
        process.env.update(ONE_MATHS_THREAD)


def free_port() -> int:
    """A loopback port nothing listens on now (for tests and benchmarks)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


UNLIMITED = "1000000/minute"


def throwaway_settings(work: Path) -> Settings:
    """A private copy of the assistant on free loopback ports, its files under `work`
    (for tests, evaluations and benchmarks that must not touch `make run`'s)."""
    return Settings(
        api_port=free_port(),
        engine_port=free_port(),
        action_port=free_port(),
        database_url=f"sqlite:///{work / 'assistant.db'}",
        log_dir=work / "log",
        demand_spool_path=work / "spool" / "demand-events.jsonl",
        engine_timeout_seconds=30.0,
        # Plain HTTP on loopback, where a browser under test may not keep Secure cookies.
        cookie_secure=False,
        # Every message comes from one test client here, hundreds a minute.
        chat_rate_per_client=UNLIMITED,
        chat_rate_per_session=UNLIMITED,
        entitlements_rate_per_client=UNLIMITED,
    )


@contextmanager
def throwaway_database(server_url: str) -> Iterator[str]:
    """A fresh database on the PostgreSQL server at `server_url`, dropped afterwards (for
    tests and benchmarks). Raises SQLAlchemy's OperationalError if the server does not answer."""
    admin = create_engine(server_url, isolation_level="AUTOCOMMIT")
    name = f"assistant_test_{uuid.uuid4().hex[:12]}"
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(server_url).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def prepare_database(settings: Settings) -> None:
    """Migrate, then load the knowledge base content (idempotent, so safe every start)."""
    from core.db import session_scope
    from knowledge.entries import read_content
    from knowledge.loading import load_content

    migrate(settings)
    with session_scope(settings.database_url) as db:
        load_content(db, read_content())


class Stack:
    """Action server, Rasa engine and API for one model and one set of settings."""

    def __init__(self, settings: Settings, model: Path) -> None:
        self.settings = s = settings
        self.processes = [
            self._action_server(s.action_port, "action server", s.action_server_base_url),
            self._engine(model, s.engine_port, "engine", s.engine_base_url),
            self._api(),
        ]
        one_maths_thread_each(self.processes)

    def _action_server(self, port: int, name: str, base_url: str) -> Process:
        s = self.settings
        env = {**os.environ, **settings_environment(s), "SANIC_HOST": s.action_host}
        argv = [
            sys.executable,
            "-m",
            "actions",  # rasa_sdk, with log scrubbing installed first
            "--actions",
            "actions",
            "--port",
            str(port),
        ]
        log = s.log_dir / f"{name.replace(' ', '-')}.log"
        return Process(name, argv, env, f"{base_url}/health", log)

    def _engine(
        self,
        model: Path,
        port: int,
        name: str,
        base_url: str,
        endpoints: str = "bot/endpoints.yml",
        **extra_env: str,
    ) -> Process:
        s = self.settings
        argv = engine_command(
            s,
            "run",
            "--model",
            str(model),
            "--endpoints",
            endpoints,
            "--credentials",
            "bot/credentials.yml",
            "--interface",
            s.engine_host,
            "--port",
            str(port),
        )
        env = engine_environment(
            ACTION_SERVER_URL=s.action_server_base_url,
            TRACKER_TTL_SECONDS=str(s.session_ttl_minutes * 60),
            **extra_env,
        )
        log = s.log_dir / f"{name.replace(' ', '-')}.log"
        return Process(name, argv, env, f"{base_url}/webhooks/rest/", log)

    def _api(self, workers: int = 1) -> Process:
        s = self.settings
        env = {**os.environ, **settings_environment(s)}
        argv = [
            sys.executable,
            "-m",
            "uvicorn",
            "api.main:create_app",
            "--factory",
            "--host",
            s.api_host,
            "--port",
            str(s.api_port),
            "--no-access-log",  # access logs would record residents' IP addresses
            # X-Forwarded-For is believed only from the proxies named here (none by
            # default), so no one can pick the address the rate limits count.
            "--forwarded-allow-ips",
            s.trusted_proxies,
        ]
        if workers > 1:
            # A new worker loads spaCy and the crisis classifier before it is ready: on a
            # reload (SIGHUP) uvicorn waits this long for it before retiring an old one.
            argv += ["--workers", str(workers), "--timeout-worker-healthcheck", "120"]
        return Process(
            "api", argv, env, f"http://{s.api_host}:{s.api_port}/healthz", s.log_dir / "api.log"
        )

    def start(self, timeout_seconds: float = 300.0) -> None:
        for process in self.processes:
            process.start()
        self.wait_until_ready(self.processes, timeout_seconds)

    def wait_until_ready(self, processes: list[Process], timeout_seconds: float = 300.0) -> None:
        """Poll each process's health URL; stop everything if one fails to come up."""
        deadline = time.monotonic() + timeout_seconds
        waiting = list(processes)
        while waiting:
            for process in list(waiting):
                if process.has_exited():
                    self.stop()
                    raise StackError(
                        f"The {process.name} stopped while starting. Its log:\n{process.log_tail()}"
                    )
                if process.is_ready():
                    print(f"  {process.name} is ready")
                    waiting.remove(process)
            if waiting and time.monotonic() > deadline:
                self.stop()
                names = ", ".join(p.name for p in waiting)
                raise StackError(f"Timed out waiting for {names}. Logs: {self.settings.log_dir}")
            time.sleep(0.5)

    def wait(self) -> Process:
        """Block until one process stops; return it."""
        while True:
            for process in self.processes:
                if process.has_exited():
                    return process
            time.sleep(1.0)

    def stop(self) -> None:
        for process in reversed(self.processes):
            process.stop()

    def __enter__(self) -> Stack:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()


def settings_environment(settings: Settings) -> dict[str, str]:
    """The settings as ASSISTANT_* variables, so child processes share them."""
    values = settings.model_dump(exclude_none=True)
    values["engine_url"] = settings.engine_base_url
    values["action_server_url"] = settings.action_server_base_url
    return {f"ASSISTANT_{key.upper()}": str(value) for key, value in values.items()}
