"""The REST client: bracket encoding, HTTP-200 errors, retries only when nothing reached the platform,
French messages for a school's network troubles, the token kept out of every message."""

from __future__ import annotations

import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from elea_desktop.platform.api import FUNCTIONS, PlatformApi, batches
from elea_desktop.platform.client import MoodleClient, flatten, normalise_url
from elea_desktop.platform.errors import CallRefused, PlatformUnreachable, TokenRefused, UncertainOutcome


def test_flatten_uses_php_bracket_form():
    assert flatten(
        {"users": [{"username": "a", "preferences": [{"type": "t", "value": 1}]}], "ok": True}
    ) == [
        ("users[0][username]", "a"),
        ("users[0][preferences][0][type]", "t"),
        ("users[0][preferences][0][value]", "1"),
        ("ok", "1"),
    ]


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("elea.example.fr", "https://elea.example.fr/"),
        ("https://elea.example.fr/login/index.php", "https://elea.example.fr/"),
        ("http://127.0.0.1:8000/moodle/webservice/rest/server.php", "http://127.0.0.1:8000/moodle/"),
    ],
)
def test_the_address_is_normalised(typed, expected):
    assert normalise_url(typed) == expected


def test_a_non_web_address_is_refused_in_french():
    with pytest.raises(PlatformUnreachable, match="n'est pas une adresse"):
        normalise_url("ftp://elea.example.fr")


def test_batches_respect_the_budget_including_the_three_base_fields():
    chunks = list(batches(list(range(1000)), lambda _i: 9, 1000))
    assert all(3 + 9 * len(c) <= 1000 for c in chunks) and sum(map(len, chunks)) == 1000
    assert len(chunks[0]) == 110


def test_an_exception_with_http_200_is_an_error(fake):
    client = MoodleClient(fake.url, fake.token)
    with pytest.raises(CallRefused) as caught:
        client.call("core_user_get_users_by_field", {"field": "nope", "values": ["x"]})
    assert caught.value.exception == "invalid_parameter_exception"


def test_site_info_lists_missing_functions_and_the_token_stays_secret(fake):
    fake.functions.discard("core_cohort_add_cohort_members")
    client = MoodleClient(fake.url, fake.token)
    info = PlatformApi(client).site_info()
    assert info.missing_functions == ["core_cohort_add_cohort_members"]
    assert set(FUNCTIONS) - info.functions == {"core_cohort_add_cohort_members"}
    assert fake.token not in repr(client)
    with pytest.raises(TokenRefused) as caught:
        MoodleClient(fake.url, "bad-token").call("core_webservice_get_site_info")
    assert "bad-token" not in caught.value.message and caught.value.code == "token_invalid"


def test_connection_refused_is_retried_with_back_off_then_explained():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    waits = []
    client = MoodleClient(f"http://127.0.0.1:{port}/", "t", retries=3, sleep=waits.append)
    with pytest.raises(PlatformUnreachable, match="hors ligne") as caught:
        client.call("core_webservice_get_site_info")
    assert caught.value.code == "offline" and waits == [1.0, 3.0, 8.0]


def test_dns_failure_is_named():
    client = MoodleClient("https://nom-qui-n-existe-pas.invalid/", "t", sleep=lambda _s: None)
    with pytest.raises(PlatformUnreachable, match="introuvable"):
        client.call("core_webservice_get_site_info")


class _Server:
    """A tiny server answering every POST with ``reply(handler)``."""

    def __init__(self, reply):
        outer = self
        self.hits = 0

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_POST(self):  # noqa: N802
                outer.hits += 1
                self.rfile.read(int(self.headers.get("Content-Length", 0)))
                reply(self)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/"

    def close(self):
        self.server.shutdown()
        self.server.server_close()


def _send(handler, status, body=b"", headers=()):
    handler.send_response(status)
    for name, value in headers:
        handler.send_header(name, value)
    handler.send_header("Content-Length", str(len(body)))
    handler.end_headers()
    handler.wfile.write(body)


@pytest.mark.parametrize(
    ("reply", "code", "words"),
    [
        (lambda h: _send(h, 404), "wrong_url", "404"),
        (lambda h: _send(h, 200, b"<html>Bienvenue</html>"), "wrong_url", "pas du JSON"),
        (
            lambda h: _send(h, 303, headers=[("Location", "http://127.0.0.1/autre/")]),
            "wrong_url",
            "renvoie vers",
        ),
        (lambda h: _send(h, 503), "http", "maintenance"),
    ],
)
def test_wrong_addresses_are_explained(reply, code, words):
    server = _Server(reply)
    try:
        with pytest.raises(PlatformUnreachable, match=words) as caught:
            MoodleClient(server.url, "t").call("core_webservice_get_site_info")
        assert caught.value.code == code
    finally:
        server.close()


def test_a_lost_answer_is_retried_for_a_read_but_never_for_a_write():
    def hang_up(handler):
        handler.connection.shutdown(socket.SHUT_RDWR)

    server = _Server(hang_up)
    try:
        with pytest.raises(UncertainOutcome, match="sans créer de doublon"):
            MoodleClient(server.url, "t", sleep=lambda _s: None).call(
                "core_user_create_users", {}, write=True
            )
        assert server.hits == 1
        with pytest.raises(PlatformUnreachable):
            MoodleClient(server.url, "t", retries=2, sleep=lambda _s: None).call(
                "core_webservice_get_site_info"
            )
        assert server.hits == 1 + 3
    finally:
        server.close()


def test_tls_failure_says_what_to_do():
    server = _Server(lambda h: _send(h, 200, b"{}"))  # plain HTTP: a TLS client fails its handshake
    try:
        url = server.url.replace("http://", "https://")
        with pytest.raises(PlatformUnreachable, match="certificat") as caught:
            MoodleClient(url, "t", retries=0).call("core_webservice_get_site_info")
        assert caught.value.code == "tls"
    finally:
        server.close()
