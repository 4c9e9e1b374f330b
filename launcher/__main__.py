"""`python -m launcher [run [--demo]|train|migrate|stories]`: what `make` and the set-up call.

--demo gives the demo staff and analyst accounts new random passwords and prints
them: the only accounts whose passwords anyone is told, and only on this machine.
"""

from __future__ import annotations

import argparse
import signal
import sys

from api.accounts import reset_demo_accounts
from core.db import session_scope
from core.migrate import migrate
from core.settings import Settings, get_settings
from launcher.model import ensure_trained, run_stories
from launcher.stack import Stack, StackError, prepare_database


def run(demo: bool = False) -> int:
    settings = get_settings()
    if demo:
        # The demo is plain HTTP on this machine, where Secure cookies may not stick.
        settings = settings.model_copy(update={"cookie_secure": False})
    model = ensure_trained(settings)
    prepare_database(settings)
    accounts = demo_accounts(settings) if demo else {}
    # Treat `kill` like Ctrl-C, so both stop all three processes cleanly.
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    print("Starting the action server, the Rasa engine and the API (the engine takes a minute)")
    stack = Stack(settings, model)
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


def demo_accounts(settings: Settings) -> dict[str, str]:
    with session_scope(settings.database_url) as db:
        return reset_demo_accounts(db)
    return {}


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m launcher", description=__doc__)
    parser.add_argument(
        "command", nargs="?", default="run", choices=["run", "train", "migrate", "stories"]
    )
    parser.add_argument("--demo", action="store_true", help="print demo accounts (make run)")
    args = parser.parse_args()
    chosen = args.command
    if chosen == "train":
        ensure_trained(get_settings())
    elif chosen == "migrate":
        migrate(get_settings())
    elif chosen == "stories":
        return run_stories(get_settings())
    else:
        return run(demo=args.demo)
    return 0


if __name__ == "__main__":
    sys.exit(main())
