"""URL ingest: only http(s) to public hosts unless allowed; size caps, timeouts, bad statuses, checked redirects.

The only server these tests talk to is one they start on 127.0.0.1.
"""

from __future__ import annotations

import http.server
import threading
import time

import pytest
from corpus_articles import html_page

from cablegram.errors import FetchError
from cablegram.ingest.fetch import check_url, fetch
from cablegram.ingest.readers import Failure, Item, iter_items


class _Handler(http.server.BaseHTTPRequestHandler):
    def log_message(self, *args):  # quiet
        pass

    def do_GET(self):  # noqa: N802
        if self.path == "/article":
            body = html_page(4).encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        elif self.path == "/error":
            self.send_response(500)
            self.end_headers()
        elif self.path == "/slow":
            time.sleep(2)
            self.send_response(200)
            self.end_headers()
        elif self.path == "/big":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            self.wfile.write(b"<p>" + b"x" * 200_000 + b"</p>")
        elif self.path == "/to-metadata":
            self.send_response(302)
            self.send_header("Location", "http://169.254.169.254/latest/meta-data/")
            self.end_headers()
        else:
            self.send_response(404)
            self.end_headers()


@pytest.fixture(scope="module")
def server():
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


@pytest.mark.parametrize("url", ["http://127.0.0.1/", "http://10.1.2.3/", "http://192.168.0.1/", "http://[::1]/",
                                 "http://169.254.169.254/latest/meta-data/", "http://0.0.0.0/",
                                 "http://[::ffff:127.0.0.1]/", "file:///etc/passwd", "ftp://ftp.example.org/x",
                                 "http:///nohost"])
def test_refused_without_allow_private(url):
    with pytest.raises(FetchError):
        check_url(url)


def test_loopback_refused_then_allowed(server):
    got = list(iter_items([server + "/article"]))
    assert isinstance(got[0], Failure) and "non-public" in got[0].reason
    got = list(iter_items([server + "/article"], allow_private=True))
    assert isinstance(got[0], Item) and got[0].format == "html" and got[0].url.endswith("/article")


def test_status_timeout_size_and_redirect(server):
    with pytest.raises(FetchError, match="500"):
        fetch(server + "/error", allow_private=True)
    with pytest.raises(FetchError, match="timed out"):
        fetch(server + "/slow", allow_private=True, timeout=0.3)
    with pytest.raises(FetchError, match="limit|more than"):
        fetch(server + "/big", allow_private=True, max_bytes=10_000)


def test_redirect_target_is_checked_again(server, monkeypatch):
    """Treat our loopback server as public; its redirect to a link-local address is still refused (never sent)."""
    import ipaddress

    from cablegram.ingest import fetch as fetch_module

    monkeypatch.setattr(fetch_module, "_public", lambda a: a == ipaddress.ip_address("127.0.0.1"))
    with pytest.raises(FetchError, match="non-public.*169.254"):
        fetch(server + "/to-metadata")
