"""`make workshop-sidor`: the workshop build (the book without solutions) served to a trainer's room.

    python -m upphandlingskurs.workshop_site [--host 0.0.0.0] [--port 8867] [--folder _build/workshop/_build/html]

The kernel-less workshop mode, beside `make workshop` (the exercises as Voilà apps, one Python kernel
per open exercise on the trainer's laptop). Here no Python runs for the participants: the pages are
files, and what is interactive on them (the decision tools, the self-tests, the exercises made live
on the static page) runs in each participant's browser. The laptop only hands out files, so a room of
any size fits; the network in the room sets the pace.

The server is Tornado's (``tornado.web.StaticFileHandler`` in Tornado's ``HTTPServer``): it is in
the course's pinned environment already (Voilà and Jupyter Server run on it), it is maintained, and
it is asynchronous, so one thread serves thousands of kept-alive connections (a browser opens up to
six per page) without a thread for each. Its file handler brings what a file server needs and
the standard library's ``http.server`` lacks (which its own documentation does not recommend for
this): HTTP/1.1 with keep-alive, ETag and Last-Modified with 304 answers, ranges, and the checks
that keep a request inside the folder (``../``, symlinks). Measured with the benchmark's participants
(December 2026, 2 busy cores): ``http.server.ThreadingHTTPServer`` as it comes (HTTP/1.0, a queue of
5 connections) left 10 of 50 participants who opened a page at once without it after 60 s, and 112
of 200; this server gave all 200 the whole page. On top of Tornado's handler, ``SiteHandler`` adds:

- gzip: text files (HTML, CSS, JavaScript, the search index) go out compressed, about a third of
  their size, which is what counts on a room's Wi-Fi. Each file is compressed once and kept in
  memory until it changes on disk (compressing the 1.5 MB icon script for every participant would
  cost the laptop a seventh of a second each time);
- caching that stays right when the trainer rebuilds during the day: files whose address carries
  a version (``?v=``, ``?digest=``, as Sphinx writes them) are kept by the browser, every other file
  is checked again on each visit (a cheap 304 when unchanged), and the ETag comes from the file's
  size and time, never from a hash remembered since the server started;
- Swedish error pages, and a listening queue and a file limit sized for a room that arrives at once.

Before it listens, the server checks that the folder is a workshop build: a page with a solution
or a trainer's answer key (what `make book` keeps and `make book-workshop` removes) stops it with a
Swedish message, as does a missing folder, a busy port or an address that is not this computer's.
tests/test_workshop_site.py and benchmarks/workshop_site.py start this module as the Makefile does.
"""

from __future__ import annotations

import argparse
import errno
import gzip
import html
import mimetypes
import re
import resource
import socket
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_FOLDER = ROOT / "_build" / "workshop" / "_build" / "html"  # where `make book-workshop` builds
# Next to `make workshop`'s 8866, so that the trainer can run both modes at the same time.
DEFAULT_PORT = 8867
# Connections that a room opens at the same moment (200 participants, six each) wait in the
# kernel's queue instead of being refused and retried a second later; Linux caps it at somaxconn.
LISTEN_BACKLOG = 2048
# A browser keeps its connections open between pages; the server lets one go after this long
# without a request (the browser opens a new one when it needs it).
IDLE_CONNECTION_S = 120
# Files that go out compressed: text. Larger files than this are sent as they are (compressing
# blocks the server while it runs; the book has no text file near this size).
COMPRESSIBLE = re.compile(r"^(text/|application/(javascript|json|xml|x-ipynb\+json)|image/svg\+xml)")
COMPRESS_MAX_BYTES = 8 * 2**20
COMPRESS_MIN_BYTES = 512
GZIP_LEVEL = 6
# Addresses with one of these arguments name one version of a file (Sphinx and the theme add a
# checksum of the content): the browser may keep it.
VERSION_ARGUMENTS = ("v", "digest")
VERSIONED_MAX_AGE_S = 365 * 24 * 3600
# A page with one of these is not a workshop build (tests/test_workshop_build.py looks for the same).
NOT_FOR_PARTICIPANTS = re.compile(r'class="(?:[^"]*\s)?(solution|kurs-facit)(?:\s[^"]*)?"')

mimetypes.add_type("font/woff2", ".woff2")
mimetypes.add_type("application/x-ipynb+json", ".ipynb")

ERROR_PAGES = {
    404: ("Sidan finns inte",
          "Adressen finns inte i kursen. Kontrollera adressen eller börja om från kursens startsida."),
    403: ("Sidan kan inte visas", "Den här adressen pekar utanför kursen och visas inte."),
    405: ("Det går inte", "Den här servern visar bara kursens sidor. Börja om från kursens startsida."),
}
ERROR_OTHER = ("Något gick fel", "Sidan kunde inte visas. Försök igen, eller be utbildaren titta i terminalen "
               "där servern startades.")


class StartError(Exception):
    """A reason the server cannot start, in Swedish for the trainer."""


def _handler_class():
    import tornado.web

    class SiteHandler(tornado.web.StaticFileHandler):
        """Tornado's file handler with compression, caching and error pages for a room (see above)."""

        # path -> (modification time in ns, size, the gzip body or None when compression does not pay)
        compressed: dict[str, tuple[int, int, bytes | None]] = {}

        def _gzip_body(self) -> bytes | None:
            """The body compressed, when this response goes out compressed; None otherwise."""
            if hasattr(self, "_chosen_gzip"):
                return self._chosen_gzip
            self._chosen_gzip = None
            status = self._stat()
            if (accepts_gzip(self.request.headers.get("Accept-Encoding", ""))
                    and not self.request.headers.get("Range")
                    and COMPRESSIBLE.match(super().get_content_type())
                    and COMPRESS_MIN_BYTES <= status.st_size <= COMPRESS_MAX_BYTES):
                key = (status.st_mtime_ns, status.st_size)
                kept = self.compressed.get(self.absolute_path)
                if kept is None or kept[:2] != key:
                    data = Path(self.absolute_path).read_bytes()
                    body = gzip.compress(data, GZIP_LEVEL, mtime=0)
                    kept = (*key, body if len(body) < 0.9 * len(data) else None)
                    self.compressed[self.absolute_path] = kept
                self._chosen_gzip = kept[2]
            return self._chosen_gzip

        def compute_etag(self) -> str | None:
            # From the file as it is now (size and time), one per encoding: Tornado's own is a hash
            # that it keeps for as long as the server runs, so a rebuilt file would still be "unchanged".
            status = self._stat()
            suffix = "-gz" if self._gzip_body() is not None else ""
            return f'"{status.st_mtime_ns:x}-{status.st_size:x}{suffix}"'

        def get_content_size(self) -> int:
            body = self._gzip_body()
            return len(body) if body is not None else super().get_content_size()

        def get_content(self, abspath, start=None, end=None):  # an instance method here: it needs the request
            body = self._gzip_body()
            if body is not None:
                return body[start:end]
            return super().get_content(abspath, start, end)

        def get_content_type(self) -> str:
            content_type = super().get_content_type()
            if content_type.startswith("text/") or content_type in ("application/javascript", "application/json"):
                return f"{content_type}; charset=utf-8"  # Sphinx writes UTF-8; å, ä and ö in .txt and .csv too
            return content_type

        def get_cache_time(self, path, modified, mime_type) -> int:
            return VERSIONED_MAX_AGE_S if any(name in self.request.arguments for name in VERSION_ARGUMENTS) else 0

        def set_extra_headers(self, path: str) -> None:
            if COMPRESSIBLE.match(super().get_content_type()):
                self.set_header("Vary", "Accept-Encoding")
            if self._gzip_body() is not None:
                self.set_header("Content-Encoding", "gzip")
            if not any(name in self.request.arguments for name in VERSION_ARGUMENTS):
                # Checked again on every visit: a page rebuilt during the day shows at once.
                self.set_header("Cache-Control", "no-cache")

        def write_error(self, status_code: int, **kwargs) -> None:
            self.clear_header("Content-Encoding")
            self.set_header("Content-Type", "text/html; charset=utf-8")
            self.set_header("Cache-Control", "no-cache")
            title, text = ERROR_PAGES.get(status_code, ERROR_OTHER)
            self.finish(error_page(title, text))

    return SiteHandler


def accepts_gzip(accept_encoding: str) -> bool:
    """Whether an Accept-Encoding header allows gzip ("gzip", "*", not with q=0)."""
    for part in accept_encoding.split(","):
        name, *parameters = [piece.strip() for piece in part.split(";")]
        if name.lower() not in ("gzip", "*"):
            continue
        quality = next((p.split("=", 1)[1] for p in parameters if p.replace(" ", "").lower().startswith("q=")), "1")
        try:
            return float(quality) > 0
        except ValueError:
            return False
    return False


def error_page(title: str, text: str) -> str:
    return ("<!DOCTYPE html>\n<html lang=\"sv\">\n<head>\n<meta charset=\"utf-8\">\n"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
            f"<title>{html.escape(title)} – Socialt ansvarsfull upphandling</title>\n"
            "<style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem;"
            "line-height:1.5;color:#1a1a1a;background:#fff}a{color:#0b57a4}</style>\n</head>\n<body>\n<main>\n"
            f"<h1>{html.escape(title)}</h1>\n<p>{html.escape(text)}</p>\n"
            "<p><a href=\"/\">Till kursens startsida</a></p>\n</main>\n</body>\n</html>\n")


def check_folder(folder: Path) -> int:
    """The number of pages in a workshop build; StartError if ``folder`` is not one."""
    if not (folder / "index.html").is_file():
        raise StartError(f"Det finns inget workshopbygge i {folder}. Bygg det med make book-workshop, eller starta "
                         "med make workshop-sidor, som bygger det först.")
    pages = sorted(folder.rglob("*.html"))
    for page in pages:
        if NOT_FOR_PARTICIPANTS.search(page.read_text(encoding="utf-8", errors="replace")):
            raise StartError(f"Mappen {folder} har lösningar eller facit ({page.relative_to(folder)}) och är inte "
                             "ett workshopbygge. Deltagarna får bara se boken utan lösningar: starta med "
                             "make workshop-sidor, som bygger den med make book-workshop.")
    return len(pages)


def raise_open_file_limit(wanted: int = 8192) -> None:
    """Every connection is an open file, and a room opens more than the usual 1024 at once: raise
    this process's own limit as far as the system allows (no privileges needed)."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    target = wanted if hard == resource.RLIM_INFINITY else min(wanted, hard)
    if soft != resource.RLIM_INFINITY and soft < target:
        try:
            resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))
        except (ValueError, OSError):
            pass


def listen(host: str, port: int) -> list[socket.socket]:
    """The listening sockets; StartError (in Swedish) when the address or port cannot be used."""
    from tornado.netutil import bind_sockets

    make_port = f"make workshop-sidor PORT={port + 1}" if port else "make workshop-sidor PORT=8870"
    try:
        return bind_sockets(port, host or None, family=socket.AF_INET, backlog=LISTEN_BACKLOG)
    except socket.gaierror:
        raise StartError(f"Adressen {host} finns inte. Ange en adress som den här datorn har, till exempel make "
                         "workshop-sidor HOST=0.0.0.0 (hela nätverket) eller HOST=127.0.0.1 (bara den här datorn)."
                         ) from None
    except OverflowError:
        raise StartError(f"Porten {port} finns inte: en port är ett tal från 1 till 65535.") from None
    except OSError as error:
        if error.errno == errno.EADDRINUSE:
            raise StartError(f"Porten {port} används redan av ett annat program. Välj en annan port, till exempel "
                             f"{make_port}") from None
        if error.errno == errno.EACCES:
            raise StartError(f"Porten {port} får bara användas av administratören. Välj en port över 1024, till "
                             "exempel make workshop-sidor PORT=8870") from None
        if error.errno == errno.EADDRNOTAVAIL:
            raise StartError(f"Adressen {host} tillhör inte den här datorn. Ange HOST=0.0.0.0 för hela nätverket "
                             "eller en av datorns egna adresser.") from None
        raise StartError(f"Servern kunde inte lyssna på {host}:{port}: {error.strerror}.") from None


def started_message(host: str, port: int, pages: int) -> str:
    from upphandlingskurs.network import where_to_open

    counted = f"{pages} {'sida' if pages == 1 else 'sidor'}"
    lines = ["", f"Workshopsidorna är igång: kursen utan lösningar, {counted}. Övningarna och verktygen körs i "
             "deltagarnas webbläsare.", ""]
    return "\n".join(lines + where_to_open(host, port))


def application(folder: Path):
    import tornado.web

    def log_request(handler) -> None:
        # No line per request (a room makes thousands); a server error is worth the trainer's eye.
        if handler.get_status() >= 500:
            print(f"Fel i servern när {handler.request.path} hämtades ({handler.get_status()}).",
                  file=sys.stderr, flush=True)

    return tornado.web.Application(
        [(r"/(.*)", _handler_class(), {"path": str(folder), "default_filename": "index.html"})],
        log_function=log_request, compress_response=False,
    )


def serve(folder: Path, host: str, port: int) -> None:
    """Serve ``folder`` until Ctrl+C. The messages go to stdout (started, stopped)."""
    import asyncio

    import tornado.httpserver

    pages = check_folder(folder)
    raise_open_file_limit()
    sockets = listen(host, port)
    port = sockets[0].getsockname()[1]  # --port 0: a free port, chosen by the system

    async def run() -> None:
        server = tornado.httpserver.HTTPServer(application(folder), idle_connection_timeout=IDLE_CONNECTION_S,
                                               max_body_size=64 * 1024, max_header_size=64 * 1024)
        server.add_sockets(sockets)
        print(started_message(host, port, pages), flush=True)
        await asyncio.Event().wait()

    try:
        asyncio.run(run())
    except KeyboardInterrupt:
        print("Servern är stoppad.", flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Workshopsidorna: kursen utan lösningar till deltagarna i rummet.")
    parser.add_argument("--host", default="0.0.0.0",
                        help="adressen som servern lyssnar på (0.0.0.0: hela nätverket, 127.0.0.1: bara den här "
                             "datorn)")
    parser.add_argument("--port", type=int, default=DEFAULT_PORT,
                        help=f"porten (standard {DEFAULT_PORT}; 0: en ledig port)")
    parser.add_argument("--folder", type=Path, default=DEFAULT_FOLDER,
                        help="mappen med workshopbygget (standard: den som make book-workshop bygger)")
    args = parser.parse_args(argv)
    try:
        if not 0 <= args.port <= 65535:
            raise StartError(f"Porten {args.port} finns inte: en port är ett tal från 1 till 65535.")
        serve(args.folder.resolve(), args.host, args.port)
    except StartError as error:
        print(f"Workshopsidorna kan inte starta. {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
