"""`python -m api create-user|reset-password|disable-user|list-users`: staff accounts.

New and reset passwords are made at random and printed once, unless you pass
--password-stdin to type or pipe one in (at least 12 characters).
"""

from __future__ import annotations

import argparse
import sys

from sqlalchemy import select

from api.accounts import AccountError, create_user, disable_user, reset_password
from api.models import StaffUser
from api.security import ROLES, new_password
from core.db import session_scope
from core.migrate import migrate
from core.settings import get_settings


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m api", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    create = commands.add_parser("create-user", help="add a staff, analyst or admin account")
    create.add_argument("username")
    create.add_argument("--role", choices=ROLES, required=True)
    reset = commands.add_parser("reset-password", help="set a new password; signs the user out")
    reset.add_argument("username")
    for command in (create, reset):
        command.add_argument("--password-stdin", action="store_true")
    disable = commands.add_parser("disable-user", help="stop an account signing in")
    disable.add_argument("username")
    commands.add_parser("list-users", help="list accounts and their roles")
    args = parser.parse_args(argv)

    settings = get_settings()
    migrate(settings)
    with session_scope(settings.database_url) as db:
        try:
            return _run(db, args)
        except AccountError as error:
            print(f"Could not do that: {error}.", file=sys.stderr)
            return 1


def _run(db, args: argparse.Namespace) -> int:
    if args.command == "list-users":
        for user in db.scalars(select(StaffUser).order_by(StaffUser.username)):
            state = "" if user.active else " (disabled)"
            print(f"{user.username}\t{user.role}{state}")
        return 0
    if args.command == "disable-user":
        disable_user(db, args.username)
        print(f"{args.username} can no longer sign in.")
        return 0
    password = sys.stdin.readline().rstrip("\n") if args.password_stdin else new_password()
    if args.command == "create-user":
        user = create_user(db, args.username, args.role, password)
        print(f"Created {user.username} ({user.role}).")
    else:
        user = reset_password(db, args.username, password)
        print(f"New password set for {user.username}; their sessions have ended.")
    if not args.password_stdin:
        print(f"Password: {password}  (shown once: pass it on securely)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
