"""Signed, time-limited download links, and the documents they serve.

One module says how a link is made and checked; a capability says what it serves by registering
a `DocumentSource` under a kind (`decisions`, `meeting`, `minutes`…). A link is
`{public}/files/{kind}/{subject}.{format}?expires=…&sig=…`, where the signature is HMAC-SHA256
over kind, subject, format and expiry: it grants that one document, in that format, until then,
to whoever holds it (Teams shows it only to the people who see the card).
"""

from __future__ import annotations

import hashlib
import hmac
import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from urllib.parse import quote, urlencode

from storage.clock import Now, system_clock

LINK_LIFETIME_SECONDS = 15 * 60
"""Long enough to click a card's download button; short enough that a forwarded link dies."""

_NAME = re.compile(r"[A-Za-z0-9_-]{1,64}")


@dataclass(frozen=True)
class Document:
    """A file to download."""

    body: bytes
    content_type: str
    filename: str


DocumentSource = Callable[[str, str], Awaitable[Document]]
"""`(subject, format)` → the document. Raises `LookupError` when there is none."""


def signature(secret: str, kind: str, subject: str, fmt: str, expires: int) -> str:
    """HMAC-SHA256 over what the link grants, until when."""
    message = f"{kind}:{subject}:{fmt}:{expires}".encode()
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


class SignedLinks:
    """Makes and checks the links; holds the document sources by kind."""

    def __init__(self, public_url: str, secret: str, *, now: Now = system_clock) -> None:
        self._base = public_url.rstrip("/")
        self._secret = secret
        self._now = now
        self._sources: dict[str, tuple[frozenset[str], DocumentSource]] = {}

    def serve(self, kind: str, formats: set[str], source: DocumentSource) -> None:
        """Serve documents of `kind` in `formats` from `source`."""
        if not _NAME.fullmatch(kind) or not all(_NAME.fullmatch(f) for f in formats):
            raise ValueError(f"kind and formats must be plain names: {kind!r} {formats!r}")
        self._sources[kind] = (frozenset(formats), source)

    def url(
        self, kind: str, subject: str | int, fmt: str, *, lifetime: int = LINK_LIFETIME_SECONDS
    ) -> str:
        """A link to `subject`'s document of `kind` as `fmt`, valid for `lifetime` seconds."""
        subject = str(subject)
        if not _NAME.fullmatch(subject):
            raise ValueError("a subject is a plain name or number")
        expires = int(self._now().timestamp()) + lifetime
        query = urlencode(
            {"expires": expires, "sig": signature(self._secret, kind, subject, fmt, expires)}
        )
        return f"{self._base}/files/{quote(kind)}/{quote(subject)}.{quote(fmt)}?{query}"

    async def open(
        self, kind: str, name: str, expires: str, sig: str
    ) -> tuple[int, Document | None]:
        """The document a request for `/files/{kind}/{name}` asks for, as an HTTP status and the
        document: 200, 400 (not a link), 403 (forged or expired), 404 (nothing there)."""
        subject, _, fmt = name.rpartition(".")
        served = self._sources.get(kind)
        if served is None or not _NAME.fullmatch(subject) or fmt not in served[0]:
            return 404, None
        try:
            until = int(expires)
        except ValueError:
            return 400, None
        expected = signature(self._secret, kind, subject, fmt, until)
        if until < self._now().timestamp() or not hmac.compare_digest(expected, sig):
            return 403, None
        try:
            return 200, await served[1](subject, fmt)
        except LookupError:
            return 404, None
