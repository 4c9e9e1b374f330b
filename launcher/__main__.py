"""`python -m launcher [run|train|migrate]`: what `make run` and the set-up call."""

from __future__ import annotations

import argparse
import signal
import sys

from api.settings import get_settings
from launcher.model import ensure_trained
from launcher.stack import Stack, StackError, migrate, prepare_database


def run() -> int:
    settings = get_settings()
    model = ensure_trained(settings)
    prepare_database(settings)
    # Treat `kill` like Ctrl-C, so both stop all three processes cleanly.
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    print("Starting the action server, the Rasa engine and the API (the engine takes a minute)")
    stack = Stack(settings, model)
    try:
        stack.start()
        url = f"http://{settings.api_host}:{settings.api_port}/"
        print(
            f"\nThe assistant is ready. Open {url}\nLogs are in {settings.log_dir}. "
            "Press Ctrl-C to stop.\n"
        )
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
        stack.stop()


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m launcher", description=__doc__)
    parser.add_argument("command", nargs="?", default="run", choices=["run", "train", "migrate"])
    chosen = parser.parse_args().command
    if chosen == "train":
        ensure_trained(get_settings())
    elif chosen == "migrate":
        migrate(get_settings())
    else:
        return run()
    return 0


if __name__ == "__main__":
    sys.exit(main())
