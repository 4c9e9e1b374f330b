"""All settings in one place, read from the environment (prefix ASSISTANT_) or .env."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parent.parent


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="ASSISTANT_", env_file=".env", extra="ignore")

    # Where the three processes listen. The launcher starts them there; in
    # production the URLs below can point at load balancers instead.
    api_host: str = "127.0.0.1"
    api_port: int = 8000
    engine_host: str = "127.0.0.1"
    engine_port: int = 5005
    action_host: str = "127.0.0.1"
    action_port: int = 5055
    engine_url: str | None = Field(
        default=None, description="Rasa base URL; defaults to engine_host:engine_port"
    )
    action_server_url: str | None = Field(
        default=None, description="Action server base URL; defaults to action_host:action_port"
    )

    database_url: str = f"sqlite:///{PROJECT_ROOT / 'var' / 'assistant.db'}"
    demand_database_url: str | None = Field(
        default=None, description="Where demand events go; defaults to database_url"
    )
    engine_timeout_seconds: float = 10.0
    # Threads per API worker for the chat (its routes are synchronous): a message waiting
    # on the engine holds one for up to engine_timeout_seconds, so a worker has at most
    # this many messages in hand, and as many connections to the engine. 40 is anyio's
    # own default; benchmarks/load.py prints the most a worker used at once.
    api_threads: int = Field(default=40, ge=4)
    session_ttl_minutes: int = 60
    model_dir: Path = PROJECT_ROOT / "models"
    engine_venv: Path = PROJECT_ROOT / ".venv-rasa"
    log_dir: Path = PROJECT_ROOT / "var" / "log"

    # Council web pages that may embed the widget and call /api/ from the browser,
    # e.g. ["https://www.hartlepool.gov.uk"]. Same-origin pages need nothing here.
    cors_origins: list[str] = []

    # Rate limits on the residents' chat (the `limits` library's notation),
    # counted in memory, or in Redis ("redis://127.0.0.1:6379") across processes.
    chat_rate_per_client: str = "60/minute"
    chat_rate_per_session: str = "30/minute"
    rate_limit_storage: str = "memory://"

    # Several engine replicas (`python -m launcher run --replicas N`) share each
    # conversation and its lock in this Redis database, under this key prefix
    # (letters and digits only: Rasa ignores any other prefix).
    redis_url: str = "redis://127.0.0.1:6379/0"
    redis_key_prefix: str = Field(default="hartlepool", pattern="^[A-Za-z0-9]+$")
    # Where the gateway keeps what it knows of live conversations (the session ids it
    # issued, the buttons it offered, the demand log's conversation keys): "embedded"
    # (the database and this process's memory) for one process, "redis" to share it
    # between the API's workers and keep chatting while the database is down.
    conversation_state: Literal["embedded", "redis"] = "embedded"
    # Direct calls to the entitlements check API, per client (residents' checks in the
    # chat run inside the action server and are bounded by the chat limits).
    entitlements_rate_per_client: str = "20/minute"
    # Comma-separated addresses of reverse proxies whose X-Forwarded-For is
    # believed (uvicorn's --forwarded-allow-ips); none by default.
    trusted_proxies: str = ""

    # FastAPI's interactive pages (/docs, /redoc) are for developers only;
    # /openapi.json stays, for the Open Referral and chat contracts.
    api_docs: bool = False
    # Build PolicyEngine's system in the background at start-up (seconds of CPU), so the
    # first check is fast; tests that never ask for an amount turn it off.
    estimates_warm_up: bool = True

    # Staff sign-in. Cookies are Secure, whatever Host header a proxy passes on;
    # only a demo on this machine over plain HTTP turns that off (`make run`).
    staff_session_hours: int = Field(default=8, ge=1)
    cookie_secure: bool = True

    # The demand log (see README "What is stored").
    demand_spool_path: Path = PROJECT_ROOT / "var" / "spool" / "demand-events.jsonl"
    demand_retention_months: int = Field(default=24, ge=1)
    unmet_demand_samples: bool = Field(
        default=False, description="Keep scrubbed messages the assistant did not understand"
    )
    unmet_sample_retention_days: int = Field(default=90, ge=1)
    conversation_key_hours: int = Field(
        default=24, ge=1, description="How long a conversation key lives before it is replaced"
    )
    suppression_threshold: int = Field(default=5, ge=2)

    # Content freshness: a service whose details were last checked more than this many
    # days ago is listed by `python -m knowledge review`, and its card asks residents to
    # check before they go. 90 because Open Referral UK recommends an assured date no
    # more than three months old.
    review_max_age_days: int = Field(
        default=90, ge=1, description="Days after which a service's checked date is stale"
    )

    @property
    def engine_base_url(self) -> str:
        return (self.engine_url or f"http://{self.engine_host}:{self.engine_port}").rstrip("/")

    @property
    def demand_url(self) -> str:
        return self.demand_database_url or self.database_url

    @property
    def action_server_base_url(self) -> str:
        url = self.action_server_url or f"http://{self.action_host}:{self.action_port}"
        return url.rstrip("/")


@cache
def get_settings() -> Settings:
    return Settings()
