"""`cmo keys create|list|revoke|login-link`, and what `cmo serve` checks before it starts.

Keys live in `<data dir>/keys.sqlite` (only hashes); these commands work on the data dir
directly, so whoever can read it administers the keys. `cmo serve` refuses a non-loopback
`CMO_HOST` unless `CMO_ALLOWED_HOSTS` names the hosts clients will use, creates the first
admin key when there is none (shown once, and written to `<data dir>/admin.key`, mode 0600)
and prints a one-time login link for the browser.
"""

from __future__ import annotations

import ipaddress
from typing import Annotated

import typer

from core.keys import KeyStore, ensure_admin_key, read_admin_key
from core.settings import Settings

keys_app = typer.Typer(help="API keys: create, list, revoke; browser login links.")
LOOPBACK_NAMES = frozenset({"localhost", "127.0.0.1", "::1", "[::1]"})
DEFAULT_HOSTS = Settings.model_fields["allowed_hosts"].default


def is_loopback(host: str) -> bool:
    name = host.strip().strip("[]").lower()
    if name in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def check_bind(settings: Settings, host: str) -> None:
    """Refuse to serve beyond this machine on the loopback-only defaults."""
    if is_loopback(host) or settings.allowed_hosts != DEFAULT_HOSTS:
        return
    raise typer.BadParameter(
        f"CMO_HOST={host} would serve beyond this machine. Keys are always required, but also "
        "set CMO_ALLOWED_HOSTS to the names clients use (for example "
        "CMO_ALLOWED_HOSTS=cmo.example.internal) and put a TLS proxy in front; or serve on "
        "127.0.0.1.",
        param_hint="--host / CMO_HOST",
    )


def prepare_serving(settings: Settings, host: str, port: int) -> str:
    """Check the bind address, make sure an admin key exists, and return a login link."""
    check_bind(settings, host)
    store = KeyStore(settings.data_dir)
    new = ensure_admin_key(store)
    if new is not None:
        typer.secho(
            f"Created the first admin key (shown once; also in {settings.data_dir}/admin.key, "
            f"mode 600):\n  {new.token}",
            fg="yellow",
        )
    link_host = host if is_loopback(host) else settings.host_patterns[0].lstrip("*.")
    return login_link(store, settings, f"http://{_url_host(link_host)}:{port}")


def login_link(store: KeyStore, settings: Settings, base: str, key: str | None = None) -> str:
    token = key or read_admin_key(settings.data_dir)
    info = store.verify(token) if token else None
    if info is None:
        return "(none: admin.key is missing or revoked; cmo keys create --scope admin)"
    return f"{base}/login?token={store.login_token(info, settings.login_link_minutes)}"


def _url_host(host: str) -> str:
    return f"[{host}]" if ":" in host and not host.startswith("[") else host


@keys_app.command("create")
def create(
    scope: Annotated[str, typer.Option(help="admin | editor | viewer")] = "editor",
    workspace: Annotated[
        str | None, typer.Option("--workspace", "-w", help="The workspace (editor, viewer).")
    ] = None,
    name: Annotated[str, typer.Option(help="A note to tell keys apart.")] = "",
) -> None:
    """Create a key and print it once (only its hash is kept)."""
    from core.workspaces import WorkspaceStore

    settings = Settings()
    if workspace:
        WorkspaceStore(settings.data_dir).get(workspace)  # unknown ids fail here
    new = KeyStore(settings.data_dir).create(scope, workspace, name)
    where = f" for workspace {workspace}" if workspace else ""
    typer.echo(f"Created {scope} key {new.info.prefix}{where}. Copy it now, it is not shown again:")
    typer.echo(new.token)


@keys_app.command("list")
def list_() -> None:
    """Every key: prefix, scope, workspace, name, created, revoked (never the secret)."""
    for info in KeyStore(Settings().data_dir).list():
        state = f"revoked {info.revoked_at}" if info.revoked_at else "active"
        typer.echo(
            f"{info.prefix}  {info.scope:<6}  {info.workspace or '*':<20}  {state:<28}  "
            f"{info.created_at}  {info.name}"
        )


@keys_app.command("revoke")
def revoke(prefix: Annotated[str, typer.Argument(help="The key's prefix (or the key).")]) -> None:
    """Revoke a key at once; its browser sessions end too."""
    info = KeyStore(Settings().data_dir).revoke(prefix)
    typer.echo(f"Revoked {info.scope} key {info.prefix} ({info.name}).")


@keys_app.command("login-link")
def login_link_command(
    base_url: Annotated[str, typer.Option(help="Where the server is reached.")] = "",
) -> None:
    """A one-time browser login link for the key in admin.key."""
    settings = Settings()
    base = base_url.rstrip("/") or f"http://{_url_host(settings.host)}:{settings.port}"
    typer.echo(login_link(KeyStore(settings.data_dir), settings, base))
