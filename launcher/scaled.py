"""Several engine replicas and action servers behind HAProxy, conversations in Redis.

`python -m launcher run --replicas N` starts it on one machine from the same files
a host deploys (deploy/): the HAProxy template and the engine's Redis endpoints.
"""

from __future__ import annotations

import os
import shutil
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import jinja2
import redis

from core.redis_store import redis_client
from core.settings import PROJECT_ROOT, Settings
from launcher.stack import Process, Stack, one_maths_thread_each

DEPLOY = PROJECT_ROOT / "deploy"
HAPROXY_TEMPLATE = DEPLOY / "haproxy.cfg.j2"
REDIS_ENDPOINTS = "deploy/endpoints.yml"


@dataclass(frozen=True)
class Topology:
    """The ports of each engine replica and action server, and the API's workers."""

    engine_ports: tuple[int, ...]
    action_ports: tuple[int, ...]
    api_workers: int = 2

    @classmethod
    def above(
        cls, settings: Settings, replicas: int, action_servers: int, api_workers: int = 2
    ) -> Topology:
        """Replicas on the ports just above HAProxy's frontends (5006.., 5056..)."""
        engine = range(settings.engine_port + 1, settings.engine_port + 1 + replicas)
        action = range(settings.action_port + 1, settings.action_port + 1 + action_servers)
        return cls(tuple(engine), tuple(action), api_workers)


def render_haproxy_config(settings: Settings, topology: Topology) -> str:
    """HAProxy's frontends where the settings put the engine and the action server."""
    template = jinja2.Template(
        HAPROXY_TEMPLATE.read_text(), undefined=jinja2.StrictUndefined, keep_trailing_newline=True
    )
    return template.render(
        engine_bind=f"{settings.engine_host}:{settings.engine_port}",
        action_bind=f"{settings.action_host}:{settings.action_port}",
        engine_servers=[f"{settings.engine_host}:{port}" for port in topology.engine_ports],
        action_servers=[f"{settings.action_host}:{port}" for port in topology.action_ports],
    )


def haproxy_binary() -> str | None:
    # Debian puts it in /usr/sbin, which is not on every user's PATH.
    return shutil.which("haproxy") or shutil.which("haproxy", path="/usr/sbin")


def redis_db(redis_url: str) -> str:
    return urlsplit(redis_url).path.strip("/") or "0"


def missing_parts(settings: Settings) -> list[str]:
    """What the scaled topology needs and cannot find, each said plainly."""
    missing = []
    if haproxy_binary() is None:
        missing.append("HAProxy is not installed: `apt-get install haproxy` (or `make setup`)")
    try:
        redis_client(settings.redis_url).ping()
    except redis.RedisError as error:
        missing.append(f"Redis does not answer at {settings.redis_url} ({error})")
    return missing


def redis_environment(settings: Settings) -> dict[str, str]:
    """The variables deploy/endpoints.yml reads, from the settings."""
    parts = urlsplit(settings.redis_url)
    return {
        "REDIS_HOST": parts.hostname or "127.0.0.1",
        "REDIS_PORT": str(parts.port or 6379),
        "REDIS_DB": redis_db(settings.redis_url),
        "REDIS_KEY_PREFIX": settings.redis_key_prefix,
    }


class ScaledStack(Stack):
    """N engine replicas and M action servers behind HAProxy, and the API's workers.

    HAProxy listens where the settings put the engine and the action server, so the
    API and the replicas find it as they would find a single process.
    """

    def __init__(self, settings: Settings, model: Path, topology: Topology) -> None:
        # One count and one record of each conversation for all the API's workers.
        settings = settings.model_copy(update={"conversation_state": "redis"})
        if settings.rate_limit_storage == "memory://":
            settings = settings.model_copy(update={"rate_limit_storage": settings.redis_url})
        self.settings = s = settings
        self.topology = topology
        self.haproxy_config = s.log_dir.parent / "scaled" / "haproxy.cfg"
        self.action_servers = [
            self._action_server(port, f"action server {i}", f"http://{s.action_host}:{port}")
            for i, port in enumerate(topology.action_ports, 1)
        ]
        redis = redis_environment(s)
        self.engines = [
            self._engine(
                model,
                port,
                f"engine {i}",
                f"http://{s.engine_host}:{port}",
                endpoints=REDIS_ENDPOINTS,
                **redis,
            )
            for i, port in enumerate(topology.engine_ports, 1)
        ]
        self.haproxy = self._haproxy()
        self.api = self._api(topology.api_workers)
        self.processes = [*self.action_servers, *self.engines, self.haproxy, self.api]
        one_maths_thread_each(self.processes)

    def _haproxy(self) -> Process:
        argv = [haproxy_binary() or "haproxy", "-db", "-f", str(self.haproxy_config)]
        # Ready once it routes to a replica that has loaded the model.
        ready = f"{self.settings.engine_base_url}/webhooks/rest/"
        log = self.settings.log_dir / "haproxy.log"
        return Process("haproxy", argv, dict(os.environ), ready, log)

    def start(self, timeout_seconds: float = 600.0) -> None:
        # Every replica and worker loads its models at once, on the same cores.
        self.haproxy_config.parent.mkdir(parents=True, exist_ok=True)
        self.haproxy_config.write_text(render_haproxy_config(self.settings, self.topology))
        super().start(timeout_seconds)

    def wait(self) -> Process:
        """Block until HAProxy, the API or every replica of a kind stops; return it.
        One replica stopping is only reported: HAProxy takes it out."""
        reported: set[str] = set()
        while True:
            for process in (self.haproxy, self.api):
                if process.has_exited():
                    return process
            for group in (self.engines, self.action_servers):
                stopped = [p for p in group if p.has_exited()]
                for process in stopped:
                    if process.name not in reported:
                        print(f"The {process.name} stopped; the others carry on.")
                        reported.add(process.name)
                if len(stopped) == len(group):
                    return stopped[-1]
            time.sleep(1.0)
