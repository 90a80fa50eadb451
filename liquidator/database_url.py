"""A workspace's database URL: checked before it is used, shown without its secrets.

``masked`` is the one way a URL reaches a message (errors, the ``pg_dump`` hint): the
password of ``user:password@``, and the value of any query parameter whose name looks
like a secret (``?password=``, ``?sslpassword=``, ``?PGPASSWORD=``, ``token``, ``key``
…) become ``***``, also when the URL is too malformed to parse. ``check_url`` refuses,
as bad input, a URL liquidator cannot use: an unsupported scheme, a port that is not a
number, an in-memory SQLite database (it keeps nothing). Plain string work: no
SQLAlchemy import, so a bad URL is refused before any library loads.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote_plus

from liquidator.errors import InvalidInput
from liquidator.i18n import _

HIDDEN = "***"
SQLITE_SCHEMES = ("sqlite", "sqlite+pysqlite")
POSTGRES_SCHEME = "postgresql+psycopg"
# A parameter name that may carry a credential (libpq's password, sslpassword, a
# PGPASSWORD copied into the URL, tokens, keys …).
_SECRET_NAME = re.compile(r"pass|pwd|secret|token|key|auth|cred", re.IGNORECASE)
# ``name=value`` inside a value or a libpq conninfo string ("host=h password=x").
_SECRET_PAIR = re.compile(
    r"(\b[\w.-]*(?:pass|pwd|secret|token|key|auth|cred)[\w.-]*\s*=\s*)('[^']*'|\S+)",
    re.IGNORECASE,
)
_USER_PASSWORD = re.compile(r"([^\s:/@]*:)[^\s@]*@")
_IN_MEMORY = ("", ":memory:")
_HIDE_VALUE = rf"\g<1>{HIDDEN}"


def masked(url: str) -> str:
    """``url`` with every credential in it replaced by ``***`` (see the module docstring)."""
    scheme, separator, rest = url.partition("://")
    if not separator:  # not a URL: hide anything shaped like user:password@ or password=
        return _SECRET_PAIR.sub(_HIDE_VALUE, _USER_PASSWORD.sub(rf"\g<1>{HIDDEN}@", url))
    at = _userinfo_end(rest)
    if at >= 0:
        user, colon, _password = rest[:at].partition(":")
        rest = f"{user}:{HIDDEN}{rest[at:]}" if colon else rest
    location, question, query = rest.partition("?")
    if question:
        query = "&".join(_masked_pair(pair) for pair in query.split("&"))
    return f"{scheme}://{location}{question}{query}"


def secrets_in(url: str) -> list[str]:
    """The credential values written in ``url`` (as typed and percent-decoded)."""
    found: list[str] = []
    _scheme, separator, rest = url.partition("://")
    if not separator:
        found += [match.group(2).strip("'") for match in _SECRET_PAIR.finditer(url)]
        found += [
            match.group(0)[len(match.group(1)) : -1] for match in _USER_PASSWORD.finditer(url)
        ]
    else:
        at = _userinfo_end(rest)
        if at >= 0 and ":" in rest[:at]:
            found.append(rest[:at].partition(":")[2])
        for pair in rest.partition("?")[2].split("&"):
            name, equals, value = pair.partition("=")
            if equals and _SECRET_NAME.search(unquote_plus(name)):
                found.append(value)
            else:
                pairs = _SECRET_PAIR.finditer(unquote_plus(value))
                found += [match.group(2).strip("'") for match in pairs]
    values = {value for value in found if value} | {unquote_plus(v) for v in found if v}
    return sorted(values, key=len, reverse=True)  # the longest first: no half-hidden value


def without_secrets(text: str, url: str) -> str:
    """``text`` (a driver's error, say) with every credential of ``url`` hidden."""
    for secret in secrets_in(url):
        text = text.replace(secret, HIDDEN)
    return text


def sqlite_path(url: str) -> Path | None:
    """The file behind a SQLite URL (None for other engines or in-memory)."""
    if not url.startswith("sqlite"):
        return None
    path = url.split(":///", 1)[1] if ":///" in url else ""
    return Path(path) if path and path != ":memory:" else None


def check_url(url: str) -> None:
    """InvalidInput (field ``db``) when liquidator cannot use ``url``; the URL is shown
    masked."""
    scheme, separator, rest = url.partition("://")
    if not separator or not re.fullmatch(r"[A-Za-z][\w+.-]*", scheme):
        raise InvalidInput(
            "db",
            _("{url} is not a database URL; use sqlite:///FILE or "
              "postgresql+psycopg://USER@HOST/DB").format(url=masked(url)),
        )  # fmt: skip
    if scheme in SQLITE_SCHEMES:
        path = rest[1:].partition("?")[0] if rest.startswith("/") else rest.partition("?")[0]
        if path in _IN_MEMORY or "mode=memory" in rest or path.startswith("file::memory:"):
            raise InvalidInput(
                "db",
                _("{url} is a database in memory, which keeps nothing; give a file: "
                  "sqlite:///FILE").format(url=masked(url)),
            )  # fmt: skip
        return
    if scheme != POSTGRES_SCHEME:
        # The store writes to PostgreSQL with psycopg 3's COPY; other servers and
        # drivers are not tested.
        raise InvalidInput(
            "db",
            _("{scheme} is not supported; use sqlite:///FILE or "
              "postgresql+psycopg://USER@HOST/DB").format(scheme=scheme),
        )  # fmt: skip
    port = _port(rest)
    if port is not None and not (port.isdigit() and 1 <= int(port) <= 65535):
        raise InvalidInput(
            "db",
            _("{url}: the port {port} is not a number from 1 to 65535").format(
                url=masked(url), port=repr(masked(port)) if port else '""'
            ),
        )


def file_to_copy(url: str, command: str) -> Path:
    """The SQLite file ``url`` names, for ``command`` (``backup`` or ``restore``) to
    copy; LiquidatorError naming PostgreSQL's own tool for a PostgreSQL URL (other
    engines have their own backups), or saying that only a file can be copied."""
    from liquidator.errors import LiquidatorError

    check_url(url)
    if url.startswith("postgresql"):
        from liquidator.backup import postgres_hint

        tool = "pg_dump" if command == "backup" else "pg_restore"
        example = postgres_hint(url, restore=command == "restore")
        raise LiquidatorError(
            _(
                "{command}: this workspace uses PostgreSQL; use {tool} instead, e.g. {example}"
            ).format(command=command, tool=tool, example=example)
        )
    path = sqlite_path(url)
    if path is None:
        raise LiquidatorError(
            _("{command}: only a SQLite database file can be {command}d here").format(
                command=command
            )
        )
    return path


def _userinfo_end(rest: str) -> int:
    """Where ``user:password`` ends (the ``@`` before the host), -1 without one.

    The last ``@`` before the query, so a password holding an ``@`` is hidden whole;
    failing that the last ``@`` at all (a password holding a ``?``)."""
    query = rest.find("?")
    at = rest.rfind("@", 0, query if query >= 0 else len(rest))
    return at if at >= 0 else rest.rfind("@")


def _masked_pair(pair: str) -> str:
    name, equals, value = pair.partition("=")
    if equals and _SECRET_NAME.search(unquote_plus(name)):
        return f"{name}={HIDDEN}"
    decoded = unquote_plus(value)
    if _SECRET_PAIR.search(decoded):  # e.g. options=-c%20password%3Dx
        return f"{name}{equals}{_SECRET_PAIR.sub(_HIDE_VALUE, decoded)}"
    return pair


def _port(rest: str) -> str | None:
    """The port as typed (None when none is given)."""
    host = rest[_userinfo_end(rest) + 1 :]
    host = re.split(r"[/?]", host, maxsplit=1)[0]
    if host.startswith("["):  # [IPv6]:port
        host = host.partition("]")[2]
    if ":" not in host:
        return None
    return host.rpartition(":")[2]
