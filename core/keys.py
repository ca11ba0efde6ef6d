"""API keys, one-time login links and browser sessions, in `<data dir>/keys.sqlite`.

A key reads `cmo_<prefix>_<secret>`: the 8-character prefix names the row (it is shown in
`cmo keys list` and logs), the secret is 43 random URL-safe characters (256 bits) and only its
SHA-256 is stored. Secrets are random, not chosen by people, so a fast hash is enough; the
stored and computed hashes are compared in constant time (`hmac.compare_digest`).

Scopes: `admin` (every workspace, workspaces and keys themselves, metrics), `editor` (read and
write one workspace) and `viewer` (read one workspace: its dashboard, documents, threads).

A login link holds a one-time token (15 minutes by default) that the browser exchanges for a
session: a random cookie value whose hash is stored with the key it acts for, so revoking
the key ends its sessions too. Nothing here logs a key, a token or a session value.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import os
import secrets
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from core.errors import InvalidInput, NotFound
from core.sqlite import transaction
from core.workspaces import validate_workspace_id

Scope = Literal["admin", "editor", "viewer"]
SCOPES: tuple[Scope, ...] = ("admin", "editor", "viewer")
KEY_PREFIX = "cmo"
DB_FILE = "keys.sqlite"
ADMIN_KEY_FILE = "admin.key"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS api_keys (
    prefix TEXT PRIMARY KEY, secret_hash TEXT NOT NULL, scope TEXT NOT NULL,
    workspace TEXT, name TEXT NOT NULL, created_at TEXT NOT NULL, revoked_at TEXT);
CREATE TABLE IF NOT EXISTS login_tokens (
    token_hash TEXT PRIMARY KEY, key_prefix TEXT NOT NULL, expires_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS sessions (
    session_hash TEXT PRIMARY KEY, key_prefix TEXT NOT NULL, expires_at TEXT NOT NULL);
"""


@dataclass(frozen=True)
class KeyInfo:
    """A key as listed: never its secret."""

    prefix: str
    scope: Scope
    workspace: str | None
    name: str
    created_at: str
    revoked_at: str | None = None

    @property
    def active(self) -> bool:
        return self.revoked_at is None


@dataclass(frozen=True)
class NewKey:
    """A key just created: `token` is the full key, shown once and never stored."""

    info: KeyInfo
    token: str


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8", "surrogatepass")).hexdigest()


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _iso(moment: dt.datetime) -> str:
    return moment.isoformat(timespec="seconds")


def split_key(token: str) -> tuple[str, str] | None:
    """`(prefix, secret)` of a well-formed key, else None (no lookup is made for junk)."""
    parts = token.strip().split("_", 2)
    if len(parts) != 3 or parts[0] != KEY_PREFIX:
        return None
    prefix, secret = parts[1], parts[2]
    if len(prefix) != 8 or not prefix.isascii() or not prefix.isalnum():
        return None
    if not 20 <= len(secret) <= 100 or not secret.isascii():
        return None
    return prefix, secret


class KeyStore:
    """Keys, login tokens and sessions of one data dir."""

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir
        self._path = data_dir / DB_FILE
        data_dir.mkdir(parents=True, exist_ok=True)
        with transaction(self._path) as db:
            db.executescript(_SCHEMA)

    # -- keys -------------------------------------------------------------------------------
    def create(self, scope: str, workspace: str | None = None, name: str = "") -> NewKey:
        """A new key. Admin keys have no workspace; editor and viewer keys need one (its
        existence is the caller's to check). Raises `InvalidInput` for a bad combination."""
        if scope not in SCOPES:
            raise InvalidInput(f"unknown scope {scope!r}: use admin, editor or viewer")
        if scope == "admin" and workspace:
            raise InvalidInput("an admin key covers every workspace: give no workspace")
        if scope != "admin":
            if not workspace:
                raise InvalidInput(f"a {scope} key needs a workspace (--workspace ID)")
            validate_workspace_id(workspace)
        prefix, secret = secrets.token_hex(4), secrets.token_urlsafe(32)
        info = KeyInfo(
            prefix=prefix,
            scope=scope,  # type: ignore[arg-type,unused-ignore]
            workspace=workspace if scope != "admin" else None,
            name=(name or f"{scope} key").strip()[:100],
            created_at=_iso(_now()),
        )
        with transaction(self._path) as db:
            db.execute(
                "INSERT INTO api_keys VALUES (?,?,?,?,?,?,NULL)",
                (prefix, _hash(secret), info.scope, info.workspace, info.name, info.created_at),
            )
        return NewKey(info=info, token=f"{KEY_PREFIX}_{prefix}_{secret}")

    def verify(self, token: str) -> KeyInfo | None:
        """The active key `token` is, or None (malformed, unknown, wrong secret, revoked)."""
        parts = split_key(token)
        if parts is None:
            return None
        prefix, secret = parts
        with transaction(self._path) as db:
            row = db.execute("SELECT * FROM api_keys WHERE prefix=?", (prefix,)).fetchone()
        if row is None:
            hmac.compare_digest(_hash(secret), _hash(""))  # same work for unknown prefixes
            return None
        if not hmac.compare_digest(_hash(secret), row[1]):
            return None
        info = _info(row)
        return info if info.active else None

    def list(self) -> list[KeyInfo]:
        with transaction(self._path) as db:
            rows = db.execute("SELECT * FROM api_keys ORDER BY created_at, prefix").fetchall()
        return [_info(r) for r in rows]

    def get(self, prefix: str) -> KeyInfo | None:
        with transaction(self._path) as db:
            row = db.execute("SELECT * FROM api_keys WHERE prefix=?", (prefix,)).fetchone()
        return _info(row) if row else None

    def revoke(self, prefix: str) -> KeyInfo:
        """Revoke a key (by prefix, or the whole key); its sessions end too."""
        parts = split_key(prefix)
        prefix = parts[0] if parts else prefix.strip()
        with transaction(self._path) as db:
            found = db.execute(
                "UPDATE api_keys SET revoked_at=coalesce(revoked_at, ?) WHERE prefix=?",
                (_iso(_now()), prefix),
            ).rowcount
            db.execute("DELETE FROM sessions WHERE key_prefix=?", (prefix,))
            db.execute("DELETE FROM login_tokens WHERE key_prefix=?", (prefix,))
        if not found:
            raise NotFound(f"no key with prefix {prefix!r}: `cmo keys list` shows them")
        info = self.get(prefix)
        assert info is not None
        return info

    def revoke_workspace(self, workspace: str) -> None:
        """Revoke every key of a deleted workspace, so a namesake starts with none."""
        with transaction(self._path) as db:
            prefixes = [
                r[0]
                for r in db.execute("SELECT prefix FROM api_keys WHERE workspace=?", (workspace,))
            ]
        for prefix in prefixes:
            self.revoke(prefix)

    def has_active_admin(self) -> bool:
        with transaction(self._path) as db:
            row = db.execute(
                "SELECT 1 FROM api_keys WHERE scope='admin' AND revoked_at IS NULL LIMIT 1"
            ).fetchone()
        return row is not None

    # -- login links and sessions -------------------------------------------------------------
    def login_token(self, key: KeyInfo, minutes: float = 15.0) -> str:
        """A one-time token for `/login?token=…`, valid for `minutes`."""
        token = secrets.token_urlsafe(32)
        expires = _iso(_now() + dt.timedelta(minutes=minutes))
        with transaction(self._path) as db:
            db.execute("DELETE FROM login_tokens WHERE expires_at < ?", (_iso(_now()),))
            db.execute(
                "INSERT INTO login_tokens VALUES (?,?,?)", (_hash(token), key.prefix, expires)
            )
        return token

    def start_session(self, login_token: str, hours: float = 12.0) -> str | None:
        """Exchange a login token (once) for a session value, or None if it is unknown,
        used or expired."""
        now = _iso(_now())
        with transaction(self._path) as db:
            row = db.execute(
                "DELETE FROM login_tokens WHERE token_hash=? RETURNING key_prefix, expires_at",
                (_hash(login_token),),
            ).fetchone()
            if row is None or row[1] < now:
                return None
            session = secrets.token_urlsafe(32)
            expires = _iso(_now() + dt.timedelta(hours=hours))
            db.execute("DELETE FROM sessions WHERE expires_at < ?", (now,))
            db.execute("INSERT INTO sessions VALUES (?,?,?)", (_hash(session), row[0], expires))
        return session

    def session_key(self, session: str) -> KeyInfo | None:
        """The active key a session acts for, or None (unknown, expired, key revoked)."""
        if not 20 <= len(session) <= 100 or not session.isascii():
            return None
        with transaction(self._path) as db:
            row = db.execute(
                "SELECT key_prefix, expires_at FROM sessions WHERE session_hash=?",
                (_hash(session),),
            ).fetchone()
        if row is None or row[1] < _iso(_now()):
            return None
        info = self.get(row[0])
        return info if info is not None and info.active else None

    def end_session(self, session: str) -> None:
        with transaction(self._path) as db:
            db.execute("DELETE FROM sessions WHERE session_hash=?", (_hash(session),))


def _info(row: sqlite3.Row | tuple[object, ...]) -> KeyInfo:
    return KeyInfo(
        prefix=str(row[0]),
        scope=str(row[2]),  # type: ignore[arg-type]
        workspace=None if row[3] is None else str(row[3]),
        name=str(row[4]),
        created_at=str(row[5]),
        revoked_at=None if row[6] is None else str(row[6]),
    )


def admin_key_path(data_dir: Path) -> Path:
    return data_dir / ADMIN_KEY_FILE


def read_admin_key(data_dir: Path) -> str | None:
    """The key in `<data dir>/admin.key` (what the CLI sends as `Authorization: Bearer`),
    or None when the file is missing or empty."""
    try:
        text = admin_key_path(data_dir).read_text(encoding="ascii").strip()
    except (OSError, UnicodeDecodeError):
        return None
    return text or None


def ensure_admin_key(store: KeyStore) -> NewKey | None:
    """On a data dir without an active admin key, create one and write it to
    `<data dir>/admin.key` (mode 0600). Returns the new key (to show once), else None."""
    if store.has_active_admin():
        return None
    new = store.create("admin", name="first admin key (admin.key)")
    write_secret_file(admin_key_path(store.data_dir), new.token)
    return new


def write_secret_file(path: Path, text: str) -> None:
    """Write `text` to a file only its owner can read (0600), replacing any older file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(4)}")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "w", encoding="ascii") as handle:
            handle.write(text + "\n")
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
