"""``users``: who may edit once sign-in is set up (``list``, ``add ADDRESS ROLE``, ``remove ADDRESS``)."""

from __future__ import annotations

import argparse

from dash import catalogue
from dash import format as fmt
from dash.cli.options import add_by, add_db, operator, store_cursor
from dash.cli.output import one_line, safe_text, show
from dash.write import service
from dash.write.access import ROLES, load_settings


def add_users(commands: argparse._SubParsersAction) -> None:
    users = commands.add_parser(
        "users", help="who may edit once sign-in is set up: list, add ADDRESS ROLE, remove ADDRESS",
        description="Roles for people who sign in (docs/deployment.md): viewer (reads), editor (imports, "
        "reviews), admin (also says who is an editor). ADDRESS is an e-mail address or a whole domain "
        "written @example.org; an address's own role wins over its domain's. Each change is signed and "
        "kept through rebuilds.",
    )
    add_db(users)
    users.set_defaults(run=_users, users_command=None)
    user_commands = users.add_subparsers(dest="users_command", required=False, metavar="USERS_COMMAND")
    listing = user_commands.add_parser("list", help="every address and domain with a role")
    add_db(listing)
    adding = user_commands.add_parser("add", help="give an address or domain a role")
    adding.add_argument("pattern", metavar="ADDRESS", help="ada@example.org, or @example.org for a domain")
    adding.add_argument("role", choices=ROLES)
    removing = user_commands.add_parser("remove", help="take an address's or domain's role away")
    removing.add_argument("pattern", metavar="ADDRESS")
    for sub in (adding, removing):
        add_db(sub)
        add_by(sub)


def _users(args: argparse.Namespace) -> int:
    if args.users_command in (None, "list"):
        return _list_users(args)
    role = args.role if args.users_command == "add" else None
    return show(service.set_role(args.pattern, role, by=operator(args), store=args.db))


def _list_users(args: argparse.Namespace) -> int:
    """Whether sign-in is set up, the admins its settings name, then every role given in the store."""
    settings = load_settings()
    people = catalogue.fetch("roles", store_cursor(args))
    print("Sign-in is " + ("set up" if settings.sign_in else f"not set up ({settings.path} has no [auth] "
                           "section): roles apply once it is") + ".")
    for admin in settings.admins:
        print(safe_text(f"{admin}: admin (named in {settings.path.name})"))
    for row in people.itertuples(index=False):
        print(safe_text(f"{one_line(row.pattern)}: {row.role} (given by {one_line(row.granted_by)}, "
                        f"{fmt.long_date(row.granted_at)})"))
    if people.empty and not settings.admins:
        print("No one has a role yet: `python -m dash users add ADDRESS admin` names the first admin.")
    return 0
