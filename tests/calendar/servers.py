"""Real CalDAV servers for the sync tests (Radicale, Xandikos) on 127.0.0.1, and a proxy that
injects faults between Amends and the server: refused connections, time-outs, 401, 412, 507."""
from __future__ import annotations

import http.client
import socket
import struct
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

USER, PASSWORD = "alice", "s3cret pass"
START_TIMEOUT_S = 30.0  # how long a server may take to start listening, never a test's figure


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _wait_listening(port: int, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the test server exited: {log.read_text(errors='replace')[-2000:]}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return
        except OSError:
            time.sleep(0.05)
    process.kill()
    raise RuntimeError(f"the test server did not listen within {START_TIMEOUT_S} s")


class CalDavServer:
    """A CalDAV server process on 127.0.0.1; ``url`` is where a client starts."""

    name = ""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.port = free_port()
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/"

    def command(self) -> list[str]:
        raise NotImplementedError

    def start(self) -> CalDavServer:
        self.folder.mkdir(parents=True, exist_ok=True)
        log = self.folder / "server.log"
        with open(log, "wb") as out:
            self.process = subprocess.Popen(self.command(), stdout=out, stderr=subprocess.STDOUT,
                                            stdin=subprocess.DEVNULL)
        _wait_listening(self.port, self.process, log)
        return self

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None


class Radicale(CalDavServer):
    """Radicale with one user (plain htpasswd) and its storage in ``folder``."""

    name = "radicale"

    def command(self) -> list[str]:
        users = self.folder / "users"
        users.write_text(f"{USER}:{PASSWORD}\n")
        config = self.folder / "config"
        config.write_text(
            f"[server]\nhosts = 127.0.0.1:{self.port}\n"
            f"[auth]\ntype = htpasswd\nhtpasswd_filename = {users}\nhtpasswd_encryption = plain\n"
            f"[storage]\nfilesystem_folder = {self.folder / 'collections'}\n"
            "[logging]\nlevel = warning\n")
        return [sys.executable, "-m", "radicale", "--config", str(config)]


class Xandikos(CalDavServer):
    """Xandikos (no sign-in of its own; the proxy plays a refusing server where needed)."""

    name = "xandikos"

    def command(self) -> list[str]:
        return [sys.executable, "-m", "xandikos", "serve", "--defaults", "-d",
                str(self.folder / "store"), "-l", "127.0.0.1", "-p", str(self.port),
                "--state-dir", str(self.folder / "state"), "--no-detect-systemd"]


class SelfSignedXandikos(Xandikos):
    """Xandikos over HTTPS with a certificate nobody vouches for (a stand-in for a wrong host)."""

    name = "xandikos-https"

    @property
    def url(self) -> str:
        return f"https://127.0.0.1:{self.port}/"

    def command(self) -> list[str]:
        return [*super().command(), "--autocert"]


class FaultProxy:
    """An HTTP proxy on 127.0.0.1 in front of a server, with faults planned per request.

    ``plan(kind, method=None, times=1)`` makes the next matching requests fail: "401",
    "412", "507" answer with that status (the server never sees them), "hang" answers
    nothing until the client gives up, "lose-answer" lets the server do it but drops the
    answer, "refuse" stops listening (and drops open connections) until ``heal()``. ``after`` lets that many matching requests through first.
    """

    def __init__(self, target_port: int) -> None:
        self.target_port = target_port
        self.port = free_port()
        self.faults: list[dict[str, Any]] = []
        self.seen: list[tuple[str, str, int]] = []  # (method, path, status) as answered
        self.lock = threading.Lock()
        self.server: ThreadingHTTPServer | None = None
        self.thread: threading.Thread | None = None
        self.release = threading.Event()
        self.connections: set[socket.socket] = set()
        self.down = False

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/"

    def address(self, server_url: str) -> str:
        """A server address as seen through this proxy."""
        return server_url.replace(f":{self.target_port}/", f":{self.port}/")

    def plan(self, kind: str, method: str | None = None, times: int = 1, after: int = 0) -> None:
        with self.lock:
            self.faults.append({"kind": kind, "method": method, "times": times, "after": after})

    def _fault_for(self, method: str) -> str | None:
        with self.lock:
            for fault in self.faults:
                if fault["method"] not in (None, method):
                    continue
                if fault["after"]:
                    fault["after"] -= 1
                    return None
                fault["times"] -= 1
                if fault["times"] <= 0:
                    self.faults.remove(fault)
                return str(fault["kind"])
        return None

    def start(self) -> FaultProxy:
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def setup(self) -> None:
                super().setup()
                with proxy.lock:
                    proxy.connections.add(self.connection)

            def finish(self) -> None:
                with proxy.lock:
                    proxy.connections.discard(self.connection)
                super().finish()

            def log_message(self, format: str, *args: Any) -> None:
                pass

            def _any(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                fault = "refuse" if proxy.down else proxy._fault_for(self.command)
                if fault == "refuse":
                    # Reset this connection, and stop listening: from now on the network is gone.
                    if not proxy.down:
                        proxy.down = True
                        threading.Thread(target=proxy.go_down, daemon=True).start()
                    self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER,
                                               struct.pack("ii", 1, 0))
                    self.connection.close()
                    self.close_connection = True
                    return
                if fault == "hang":
                    proxy.release.wait(10)
                    self.close_connection = True
                    return
                if fault in ("401", "412", "507"):
                    self._answer(int(fault), {"Content-Type": "text/plain"} | (
                        {"WWW-Authenticate": 'Basic realm="test"'} if fault == "401" else {}),
                        b"injected by the test proxy")
                    return
                upstream = http.client.HTTPConnection("127.0.0.1", proxy.target_port, timeout=30)
                headers = {k: v for k, v in self.headers.items()
                           if k.lower() not in ("host", "connection", "keep-alive")}
                upstream.request(self.command, self.path, body, headers)
                response = upstream.getresponse()
                data = response.read()
                kept = {k: v for k, v in response.getheaders()
                        if k.lower() not in ("transfer-encoding", "connection", "content-length")}
                upstream.close()
                if fault == "lose-answer":  # the server did it; the client never hears
                    self.close_connection = True
                    self.connection.shutdown(socket.SHUT_RDWR)
                    return
                self._answer(response.status, kept, data)

            def _answer(self, status: int, headers: dict[str, str], data: bytes) -> None:
                with proxy.lock:
                    proxy.seen.append((self.command, self.path, status))
                self.send_response(status)
                for key, value in headers.items():
                    self.send_header(key, value)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            do_GET = do_PUT = do_DELETE = do_PROPFIND = do_REPORT = do_OPTIONS = _any
            do_MKCALENDAR = do_PROPPATCH = do_POST = do_HEAD = do_MKCOL = _any

        self.handler = Handler
        self._listen()
        return self

    def _listen(self) -> None:
        class QuietServer(ThreadingHTTPServer):
            def handle_error(self, request: Any, client_address: Any) -> None:
                pass  # a dropped connection is the fault this proxy was asked for

        self.server = QuietServer(("127.0.0.1", self.port), self.handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def go_down(self) -> None:
        """Stop listening: from now on connections are refused."""
        server, self.server = self.server, None
        if server is not None:
            server.shutdown()
            server.server_close()
        with self.lock:
            for connection in list(self.connections):
                try:
                    connection.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass

    def heal(self) -> None:
        """Forget the faults left and listen again, as a network that came back."""
        with self.lock:
            self.faults.clear()
        self.release.set()
        self.down = False
        if self.server is None:
            self._listen()
        self.release = threading.Event()

    def stop(self) -> None:
        self.release.set()
        self.go_down()


def count(proxy: FaultProxy, method: str, predicate: Callable[[str], bool] = lambda p: True) -> int:
    return sum(1 for m, path, _ in proxy.seen if m == method and predicate(path))
