"""Fetching one URL safely: http(s) only, public addresses only, size cap, timeouts, checked redirects.

A URL is a request the user makes *through* cablegram, so cablegram must not
become a way to reach the machine's own network: every host (and every
redirect's host) is resolved and refused if any address is loopback, private,
link-local, multicast, reserved or unspecified, unless ``allow_private``.
(A DNS answer that changes between the check and the connection is not
caught; run untrusted URL lists behind an egress proxy if that matters.)
"""

from __future__ import annotations

import ipaddress
import socket
from dataclasses import dataclass
from typing import Optional
from urllib.parse import urljoin, urlsplit

from ..errors import FetchError

DEFAULT_TIMEOUT = 20.0
MAX_REDIRECTS = 5
USER_AGENT = "cablegram/0.1 (+news analysis; https://github.com/)"


@dataclass
class Fetched:
    url: str  # the final URL after redirects
    data: bytes
    content_type: str
    status: int


def check_url(url: str, *, allow_private: bool = False) -> None:
    """Raise :class:`FetchError` unless ``url`` is http(s) to a public host."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        raise FetchError(f"refused {url!r}: only http and https URLs are fetched",
                         remedy="give an http(s) URL, or fetch the page yourself and give the file")
    host = parts.hostname
    if not host:
        raise FetchError(f"refused {url!r}: no host")
    if allow_private:
        return
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError:
        raise FetchError(f"refused {url!r}: bad port") from None
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise FetchError(f"cannot resolve {host!r}: {exc}") from None
    for info in infos:
        address = ipaddress.ip_address(info[4][0].split("%")[0])
        if not _public(address):
            raise FetchError(f"refused {url!r}: {host} resolves to a non-public address ({address})")


def _public(address: ipaddress._BaseAddress) -> bool:
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        address = address.ipv4_mapped
    return not (address.is_private or address.is_loopback or address.is_link_local or address.is_multicast
                or address.is_reserved or address.is_unspecified or not address.is_global)


def fetch(url: str, *, allow_private: bool = False, max_bytes: int = 10_000_000,
          timeout: float = DEFAULT_TIMEOUT, client=None) -> Fetched:
    """GET ``url`` following at most five redirects, each checked; raise :class:`FetchError` on any failure."""
    import httpx

    own = client is None
    if own:
        client = httpx.Client(timeout=httpx.Timeout(timeout), follow_redirects=False,
                              headers={"User-Agent": USER_AGENT}, trust_env=False)
    try:
        current = url
        for _ in range(MAX_REDIRECTS + 1):
            check_url(current, allow_private=allow_private)
            try:
                with client.stream("GET", current) as response:
                    if response.is_redirect:
                        location = response.headers.get("location")
                        if not location:
                            raise FetchError(f"{current}: redirect without a Location")
                        current = urljoin(current, location)
                        continue
                    if response.status_code >= 400:
                        raise FetchError(f"{current}: HTTP {response.status_code}")
                    declared = response.headers.get("content-length")
                    if declared and declared.isdigit() and int(declared) > max_bytes:
                        raise FetchError(f"{current}: {int(declared):,} bytes, over the limit of {max_bytes:,}")
                    chunks, size = [], 0
                    for chunk in response.iter_bytes():
                        size += len(chunk)
                        if size > max_bytes:
                            raise FetchError(f"{current}: more than {max_bytes:,} bytes")
                        chunks.append(chunk)
                    return Fetched(url=str(response.url), data=b"".join(chunks),
                                   content_type=response.headers.get("content-type", ""),
                                   status=response.status_code)
            except httpx.TimeoutException:
                raise FetchError(f"{current}: timed out after {timeout:g} s") from None
            except httpx.HTTPError as exc:
                raise FetchError(f"{current}: {type(exc).__name__}: {exc}") from None
        raise FetchError(f"{url}: more than {MAX_REDIRECTS} redirects")
    finally:
        if own:
            client.close()


def is_url(text: str) -> bool:
    return "://" in text[:12] and urlsplit(text).scheme.lower() in ("http", "https", "ftp", "file", "gopher")


def host_of(url: str) -> Optional[str]:
    return urlsplit(url).hostname
