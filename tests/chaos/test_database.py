"""Chaos: PostgreSQL restarted under the service, simulated.

The machine's PostgreSQL is shared and is never restarted by a test. Instead Django's connection
goes through a small TCP proxy of the test's own (``Proxy``), and the proxy does what a restart
does to the service: it cuts every open connection at once, and while "restarting" refuses new
ones. Requests go through Django's real WSGI handler in this thread, as a server's worker runs
them, so the persistent connection (CONN_MAX_AGE) and its health check (CONN_HEALTH_CHECKS) behave
as they do in production (the test client turns both off).
"""

import asyncio
import concurrent.futures
import contextlib
import socket
import threading

import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.db import connection, connections
from django.test import RequestFactory
from django.urls import reverse

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

SORRY = "Sorry, there is a problem with the service"


class Proxy:
    """127.0.0.1:<port> forwarded to PostgreSQL, one pair of sockets per connection."""

    def __init__(self, host: str, port: int):
        self.target = (host, port)
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.lock = threading.Lock()
        self.open: list[socket.socket] = []
        self.refusing = False
        self.accepted = 0
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return  # closed
            if self.refusing:
                client.close()
                continue
            upstream = socket.create_connection(self.target)
            with self.lock:
                self.open += [client, upstream]
                self.accepted += 1
            threading.Thread(target=self._pump, args=(client, upstream), daemon=True).start()
            threading.Thread(target=self._pump, args=(upstream, client), daemon=True).start()

    def _pump(self, source: socket.socket, sink: socket.socket):
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        finally:
            for end in (source, sink):
                with contextlib.suppress(OSError):
                    end.shutdown(socket.SHUT_RDWR)

    def cut(self):
        """Every connection through the proxy is dropped, as PostgreSQL's restart drops them."""
        with self.lock:
            sockets, self.open = self.open, []
        for end in sockets:
            with contextlib.suppress(OSError):
                end.shutdown(socket.SHUT_RDWR)
            end.close()

    def close(self):
        self.listener.close()
        self.cut()


@pytest.fixture
def proxy(transactional_db):
    settings_dict = connection.settings_dict
    saved = (settings_dict["HOST"], settings_dict["PORT"])
    through = Proxy(saved[0] or "127.0.0.1", int(saved[1] or 5432))
    connection.close()
    settings_dict["HOST"], settings_dict["PORT"] = "127.0.0.1", str(through.port)
    yield through
    connection.close()
    settings_dict["HOST"], settings_dict["PORT"] = saved
    through.close()


@pytest.fixture
def serve(settings):
    """A GET through Django's WSGI handler, as a server's worker process serves it: (status, page)."""
    assert settings.DATABASES["default"]["CONN_MAX_AGE"] > 0 and settings.DATABASES["default"]["CONN_HEALTH_CHECKS"]
    handler = WSGIHandler()

    def get_here(path: str, **extra) -> tuple[int, str]:
        environ = RequestFactory().get(path, **extra).environ
        status = {}

        def start_response(line, headers, exc_info=None):
            status["code"] = int(line.split()[0])

        response = handler(environ, start_response)
        try:
            body = b"".join(response)
        finally:
            response.close()  # request_finished: what Django does with the connection after a request
        return status["code"], body.decode()

    def get_async_view(path: str, **extra) -> tuple[int, str]:
        """The same, for a view that is async (the health check): a server runs it from a thread with
        no event loop. A browser test before this one on the same test process leaves Playwright's
        loop running in this thread, so the request is served from a thread of its own then."""
        try:
            asyncio.get_running_loop()
        except RuntimeError:
            return get_here(path, **extra)

        def in_a_thread():
            try:
                return get_here(path, **extra)
            finally:
                connections.close_all()

        with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
            return pool.submit(in_a_thread).result()

    get_here.async_view = get_async_view  # type: ignore[attr-defined]
    return get_here


def test_a_restart_between_requests_is_not_noticed(proxy, serve):
    UserFactory()
    assert serve("/")[0] == 200
    kept = connection.connection
    assert kept is not None  # the persistent connection, kept for the next request
    proxy.cut()
    status, page = serve("/")
    assert status == 200, page  # the health check found the connection dead and opened another
    assert connection.connection is not kept


def test_a_restart_mid_request_shows_a_clear_error_page_and_the_next_request_works(proxy, serve):
    queries = []

    def restart_after_the_first_query(execute, sql, params, many, context):
        queries.append(sql)
        if len(queries) == 2:
            proxy.cut()  # the request has begun; PostgreSQL goes away under it
        return execute(sql, params, many, context)

    with connection.execute_wrapper(restart_after_the_first_query):
        status, page = serve("/")
    assert len(queries) >= 2
    assert status == 500
    assert SORRY in page and "Try again later." in page
    assert "Traceback" not in page and "OperationalError" not in page and "psycopg" not in page
    assert serve("/")[0] == 200  # the broken connection was closed after the error: a new one now


def test_while_it_is_down_the_health_check_says_so_with_503_and_recovers_when_it_is_back(proxy, serve):
    assert serve.async_view(reverse("healthz"), HTTP_ACCEPT="application/json")[0] == 200
    proxy.refusing = True
    proxy.cut()
    status, body = serve.async_view(reverse("healthz"), HTTP_ACCEPT="application/json")
    assert status == 503
    assert '"Database (PostgreSQL)": "Unavailable' in body or '"Database (PostgreSQL)": "Unexpected' in body
    status, page = serve("/")
    assert status == 500 and SORRY in page and "Traceback" not in page
    proxy.refusing = False
    assert serve.async_view(reverse("healthz"), HTTP_ACCEPT="application/json")[0] == 200
    assert serve("/")[0] == 200
