"""`yomitori user`: people who sign in to the review UI."""

from __future__ import annotations

import sys

import click

from core.errors import YomitoriError
from core.settings import Settings

ROLES = ["viewer", "uploader", "reviewer", "approver", "admin"]


@click.group("user")
def user() -> None:
    """Users of the review UI."""


@user.command("create")
@click.argument("name")
@click.option("--role", type=click.Choice(ROLES), required=True)
@click.option("--password-stdin", is_flag=True,
              help="read the password from the first line of stdin (else: prompt)")
@click.pass_obj
def user_create(settings: Settings, name: str, role: str, password_stdin: bool) -> None:
    """Create a user; the password is never taken from the command line."""
    from models.db import Database, upgrade
    from models.tables import Role
    from models.users import create_user

    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = click.prompt("password", hide_input=True, confirmation_prompt=True)
    upgrade(settings.db_url)
    try:
        with Database(settings.db_url).session() as s:
            create_user(s, name, Role(role), password)
    except YomitoriError as exc:
        click.echo(f"{exc.code}: {exc.message}", err=True)
        sys.exit(1)
    click.echo(f"created user {name} ({role})", err=True)
