"""`python -m launcher [run [--demo] [--replicas N]|train|migrate|stories|haproxy-config]`:
what `make` and the set-up call.

--demo gives the demo staff and analyst accounts new random passwords and prints
them: the only accounts whose passwords anyone is told, and only on this machine.
--replicas N starts the scaled topology (README, "Running at scale"): N engine
replicas and --action-servers M behind HAProxy, conversations in Redis.
haproxy-config prints HAProxy's configuration for that topology, for a host.
"""

from __future__ import annotations

import argparse
import signal
import sys

from sqlalchemy.engine import make_url

from api.accounts import reset_demo_accounts
from core.db import session_scope
from core.migrate import migrate
from core.settings import Settings, get_settings
from launcher.model import ensure_trained, run_stories
from launcher.scaled import ScaledStack, Topology, missing_parts, render_haproxy_config
from launcher.stack import Stack, StackError, prepare_database


def run(demo: bool = False, topology: Topology | None = None) -> int:
    settings = get_settings()
    if demo:
        # The demo is plain HTTP on this machine, where Secure cookies may not stick.
        settings = settings.model_copy(update={"cookie_secure": False})
    if topology is not None and not scaled_parts_present(settings):
        return 1
    model = ensure_trained(settings)
    prepare_database(settings)
    accounts = demo_accounts(settings) if demo else {}
    # Treat `kill` like Ctrl-C, so both stop all three processes cleanly.
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    if topology is None:
        print("Starting the action server, the Rasa engine and the API (the engine takes a minute)")
        stack = Stack(settings, model)
    else:
        print(
            f"Starting {len(topology.engine_ports)} Rasa engine replicas, "
            f"{len(topology.action_ports)} action servers, HAProxy and the API "
            f"({topology.api_workers} workers); the engines take a minute or two"
        )
        stack = ScaledStack(settings, model, topology)
    try:
        stack.start()
        url = f"http://{settings.api_host}:{settings.api_port}/"
        print(f"\nThe assistant is ready. Open {url}")
        for username, password in accounts.items():
            print(f"  {username:<13} password {password}")
        if accounts:
            print(f"  sign in at {url}login (staff console: {url}staff, analysts: {url}analytics)")
        print(f"Logs are in {settings.log_dir}. Press Ctrl-C to stop.\n")
        stopped = stack.wait()
        print(f"The {stopped.name} stopped unexpectedly. Its log:\n{stopped.log_tail()}")
        return 1
    except StackError as error:
        print(error, file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("\nStopping the assistant")
        return 0
    finally:
        # A second Ctrl-C (or `make` passing on the same signal) must not cut the
        # shutdown short and leave the engine or the action server running.
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        stack.stop()


def scaled_parts_present(settings: Settings) -> bool:
    """Say which of Redis and HAProxy is missing, and what the database is."""
    missing = missing_parts(settings)
    for part in missing:
        print(f"Missing: {part}", file=sys.stderr)
    if settings.database_url.startswith("sqlite"):
        print(
            "The database is SQLite, which serves one machine only; for PostgreSQL set "
            "ASSISTANT_DATABASE_URL=postgresql+psycopg://user@host/database"
        )
    else:
        print(f"The database: {make_url(settings.database_url).render_as_string()}")
    return not missing


def demo_accounts(settings: Settings) -> dict[str, str]:
    with session_scope(settings.database_url) as db:
        return reset_demo_accounts(db)
    return {}


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m launcher", description=__doc__)
    parser.add_argument(
        "command",
        nargs="?",
        default="run",
        choices=["run", "train", "migrate", "stories", "haproxy-config"],
    )
    parser.add_argument("--demo", action="store_true", help="print demo accounts (make run)")
    parser.add_argument("--replicas", type=int, help="engine replicas behind HAProxy")
    parser.add_argument("--action-servers", type=int, default=2, help="with --replicas")
    parser.add_argument("--api-workers", type=int, default=2, help="with --replicas")
    args = parser.parse_args()
    chosen = args.command
    topology = None
    if args.replicas or chosen == "haproxy-config":
        sizes = (args.replicas or 2, args.action_servers, args.api_workers)
        topology = Topology.above(get_settings(), *sizes)
    if chosen == "haproxy-config":
        print(render_haproxy_config(get_settings(), topology), end="")
    elif chosen == "train":
        ensure_trained(get_settings())
    elif chosen == "migrate":
        migrate(get_settings())
    elif chosen == "stories":
        return run_stories(get_settings())
    else:
        return run(demo=args.demo, topology=topology)
    return 0


if __name__ == "__main__":
    sys.exit(main())
