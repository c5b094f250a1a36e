"""A real HTTP server on 127.0.0.1: the fixture site plus every fault a real site throws.

The front page (``/nieuws``) gets an extra list of links to the fault routes, all shaped like
article URLs (``/nieuws/<slug>``), so the scraper discovers them as it would on a real site.
Every request is logged (path, headers) so tests can check what the scraper sent.
"""

from __future__ import annotations

import socket
import struct
import threading
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import ThreadingHTTPServer
from pathlib import Path
from typing import Any, ClassVar

from anp_archive.demo import SiteHandler

REPO = Path(__file__).resolve().parents[2]
SITE = REPO / "fixtures" / "site"


def article(title: str, lead: str, *, charset: str = "utf-8") -> str:
    return (
        f'<!DOCTYPE html><html lang="nl"><head><meta charset="{charset}"><title>{title}</title>'
        f"</head><body><main><article><h1>{title}</h1><p>{lead}</p>"
        "<p>Meer details volgen later vandaag, meldt het persbureau.</p></article>"
        '<aside><h2>Meer uit Binnenland</h2><ul><li><a href="/nieuws/ecb-laat-rente-ongemoeid">'
        "<p>FRANKFURT (ANP/RTR) - De Europese Centrale Bank houdt de rente voorlopig op "
        "hetzelfde niveau.</p></a><span>3 uur geleden</span></li></ul></aside></main>"
        "</body></html>"
    )


RETRY_PAGE = article(
    "Marine oefent met nieuwe mijnenjager",
    "DEN HELDER (ANP) - De marine heeft in de Noordzee voor het eerst geoefend met een "
    "nieuwe mijnenjager die zonder bemanning kan varen.",
)
FLAKY_PAGE = article(
    "Elfstedenroute krijgt nieuwe bewegwijzering",
    "LEEUWARDEN (ANP) - De fietsroute langs de elf Friese steden krijgt dit voorjaar nieuwe "
    "bordjes, laat de provincie Friesland weten.",
)
MISLABELLED_PAGE = article(
    "Café in Zierikzee wint prijs voor beste terras",
    "ZIERIKZEE (ANP) - Een café aan de haven van Zierikzee is uitgeroepen tot het café met "
    "het mooiste terras van Zeeland. De eigenaar was \u2018overdonderd\u2019.",
).encode("windows-1252")
CONSENT_PAGE = (
    b"<html><body><h1>Wij vragen je toestemming</h1><p>Wij en onze partners gebruiken cookies "
    b"en vergelijkbare technieken om advertenties te personaliseren. Geef toestemming of pas je "
    b"instellingen en voorkeuren aan.</p><button>Akkoord</button><button>Weigeren</button>"
    b"</body></html>"
)

FAULTS = {
    "/nieuws/marine-oefent-met-mijnenjager": "429 once, then 200",
    "/nieuws/elfstedenroute-nieuwe-bordjes": "500 once, then 200",
    "/nieuws/trage-pagina": "slower than the timeout",
    "/nieuws/verbinding-verbroken": "connection reset",
    "/nieuws/afgebroken-pagina": "truncated body",
    "/nieuws/cafe-zierikzee-wint-prijs": "windows-1252 labelled UTF-8",
    "/nieuws/reuzenpagina": "50 MB",
    "/nieuws/naar-andere-site": "redirect to another host",
    "/nieuws/rondje-a": "redirect loop",
    "/nieuws/jaarverslag-pdf": "a PDF",
    "/nieuws/cookiemuur": "consent-wall redirect",
}
# What a correct scraper stores from the fault routes (by dateline place).
STORED_FAULT_PLACES = {"DEN HELDER", "LEEUWARDEN", "ZIERIKZEE"}


@dataclass
class Log:
    """Requests the server saw: (path, headers) in order, and per-path hit counts."""

    requests: list[tuple[str, dict[str, str]]] = field(default_factory=list)
    hits: Counter[str] = field(default_factory=Counter)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, path: str, headers: dict[str, str]) -> int:
        with self.lock:
            self.requests.append((path, headers))
            self.hits[path] += 1
            return self.hits[path]

    def paths(self) -> list[str]:
        with self.lock:
            return [p for p, _ in self.requests]

    def clear(self) -> None:
        with self.lock:
            self.requests.clear()
            self.hits.clear()


class FaultHandler(SiteHandler):
    """SiteHandler plus fault routes, a request log and an optional delay per response."""

    log: ClassVar[Log]
    delay_s: ClassVar[list[float]]  # a one-item list, so tests can change it while serving
    faults: ClassVar[bool]
    timeout = 30

    def handle_one_request(self) -> None:
        try:
            super().handle_one_request()
        except (ConnectionError, BrokenPipeError, TimeoutError):
            self.close_connection = True

    def _page(self, body: bytes, content_type: str = "text/html; charset=utf-8") -> None:
        self.send_body(200, body, content_type)

    def do_GET(self) -> None:
        hit = self.log.add(self.path, {k.lower(): v for k, v in self.headers.items()})
        if self.delay_s[0]:
            time.sleep(self.delay_s[0])
        path = self.path.split("?", 1)[0]
        if self.faults and path in FAULTS:
            getattr(self, "fault_" + path.rsplit("/", 1)[1].replace("-", "_"))(hit)
            return
        if self.faults and path == "/toestemming":
            self._page(CONSENT_PAGE)
            return
        if self.faults and path == "/nieuws/rondje-b":
            self.send_body(302, b"", "text/html", Location="/nieuws/rondje-a")
            return
        if self.faults and path == "/nieuws":
            file = self.resolve(self.path)
            assert file is not None
            links = "".join(f'<li><a href="{p}">{p}</a></li>' for p in FAULTS)
            body = file.read_bytes().replace(b"</main>", f"<ul>{links}</ul></main>".encode())
            self._page(body)
            return
        super().do_GET()

    def fault_marine_oefent_met_mijnenjager(self, hit: int) -> None:
        if hit == 1:
            self.send_body(429, b"slow down", "text/plain", Retry_After="1")
        else:
            self._page(RETRY_PAGE.encode())

    def fault_elfstedenroute_nieuwe_bordjes(self, hit: int) -> None:
        if hit == 1:
            self.send_body(500, b"oops", "text/plain")
        else:
            self._page(FLAKY_PAGE.encode())

    def fault_trage_pagina(self, hit: int) -> None:
        time.sleep(4)
        self._page(article("Traag", "TRAAG (ANP) - Deze pagina komt te laat.").encode())

    def fault_verbinding_verbroken(self, hit: int) -> None:
        # SO_LINGER 0 turns close() into a TCP RST: "connection reset by peer".
        self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.connection.close()
        self.close_connection = True

    def fault_afgebroken_pagina(self, hit: int) -> None:
        body = article("Afgebroken", "GOES (ANP) - " + "Deze tekst breekt af. " * 200).encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body[: len(body) // 3])
        self.wfile.flush()
        self.connection.shutdown(socket.SHUT_RDWR)
        self.close_connection = True

    def fault_cafe_zierikzee_wint_prijs(self, hit: int) -> None:
        self._page(MISLABELLED_PAGE, "text/html; charset=utf-8")

    def fault_reuzenpagina(self, hit: int) -> None:
        size = 50 * 1024 * 1024
        chunk = b"<p>OOSTBURG (ANP) - vulling vulling vulling vulling vulling.</p>\n" * 1000
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(size))
        self.end_headers()
        sent = 0
        try:
            while sent < size:
                part = chunk[: size - sent]
                self.wfile.write(part)
                sent += len(part)
        except OSError:
            pass  # the client stopped reading at its size cap: what we want
        self.close_connection = True
        type(self).big_bytes_sent = sent

    big_bytes_sent: ClassVar[int] = 0

    def fault_naar_andere_site(self, hit: int) -> None:
        port = self.server.server_address[1]
        self.send_body(
            302, b"", "text/html", Location=f"http://localhost:{port}/nieuws/ergens-anders"
        )

    def fault_rondje_a(self, hit: int) -> None:
        self.send_body(302, b"", "text/html", Location="/nieuws/rondje-b")

    def fault_jaarverslag_pdf(self, hit: int) -> None:
        self._page(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n", "application/pdf")

    def fault_cookiemuur(self, hit: int) -> None:
        self.send_body(302, b"", "text/html", Location="/toestemming?terug=/nieuws/cookiemuur")


@dataclass
class FaultSite:
    base_url: str
    log: Log
    handler: type[FaultHandler]

    @property
    def start_url(self) -> str:
        return f"{self.base_url}/nieuws"

    def set_delay(self, seconds: float) -> None:
        self.handler.delay_s[0] = seconds


@contextmanager
def serve(*, faults: bool = True, delay_s: float = 0.0, root: Path = SITE) -> Iterator[FaultSite]:
    """Serve the fixture site (plus faults) on 127.0.0.1 on a daemon thread."""
    log = Log()
    attrs: dict[str, Any] = {"root": root, "log": log, "delay_s": [delay_s], "faults": faults}
    handler = type("BoundFaultHandler", (FaultHandler,), attrs)
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield FaultSite(f"http://127.0.0.1:{server.server_address[1]}", log, handler)
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
