"""Serve a built site on 127.0.0.1 as a host would: its ``_headers`` applied, text compressed.

``python -m sphinx_policy.hosting.serve docs/_build/html`` (``nox -s serve``) reads
the ``_headers`` file the build wrote and answers every request with those
headers, gzip-compressed when the browser accepts it, so what is tried locally,
by the browser tests and by Lighthouse, is what Netlify, Cloudflare Pages or the
generated nginx configuration send.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import io
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from .headers import COMPRESSIBLE_TYPES, HeaderRule, headers_for

HEADERS_FILE = "_headers"


class HeadersFileError(ValueError):
    """A ``_headers`` file this server cannot read: the message names the line."""


def read_headers_file(path: Path) -> list[HeaderRule]:
    """Parse a ``_headers`` file: a path line, then indented ``Name: value`` lines."""
    rules: list[HeaderRule] = []
    pattern: str | None = None
    headers: list[tuple[str, str]] = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if not line[0].isspace():
            if pattern is not None:
                rules.append(HeaderRule(pattern, tuple(headers)))
            pattern, headers = line.strip(), []
            continue
        name, colon, value = line.strip().partition(":")
        if pattern is None or not colon:
            raise HeadersFileError(f"{path}:{number}: expected 'Name: value' under a path line, got {line.strip()!r}")
        headers.append((name.strip(), value.strip()))
    if pattern is not None:
        rules.append(HeaderRule(pattern, tuple(headers)))
    return rules


def _handler(directory: Path, rules: list[HeaderRule]) -> type[SimpleHTTPRequestHandler]:
    class Handler(SimpleHTTPRequestHandler):
        extensions_map = {**SimpleHTTPRequestHandler.extensions_map, ".js": "text/javascript"}
        server_quiet = False

        def log_message(self, format: str, *args: Any) -> None:
            if not self.server_quiet:
                super().log_message(format, *args)

        def do_GET(self) -> None:
            self._respond(include_body=True)

        def do_HEAD(self) -> None:
            self._respond(include_body=False)

        def _respond(self, include_body: bool) -> None:
            # The standard handler writes into a buffer; a 200 is then sent again with
            # the site's headers and, where it pays, a compressed body.
            self._capturing = True
            self._captured_status = 0
            self._captured_headers: list[tuple[str, str]] = []
            buffer = io.BytesIO()
            real_wfile, self.wfile = self.wfile, buffer
            try:
                source = super().send_head()
                body = b""
                if source is not None:
                    try:
                        body = source.read()
                    finally:
                        source.close()
            finally:
                self.wfile = real_wfile
                self._capturing = False
            if self._captured_status != 200:
                self.wfile.write(buffer.getvalue())  # redirects and errors as the standard handler wrote them
                return
            # Header names are case-insensitive (the standard handler writes "Content-type"):
            # the site's rules replace the defaults by name, whatever their case.
            headers = {name.title(): value for name, value in self._captured_headers if name.lower() != "last-modified"}
            headers.update(headers_for(unquote(urlsplit(self.path).path), rules))
            media_type = headers.get("Content-Type", "").split(";")[0].strip()
            accepts_gzip = "gzip" in self.headers.get("Accept-Encoding", "")
            if media_type in COMPRESSIBLE_TYPES and accepts_gzip and len(body) > 256:
                body = gzip.compress(body, mtime=0)
                headers["Content-Encoding"] = "gzip"
            if media_type in COMPRESSIBLE_TYPES:
                headers["Vary"] = "Accept-Encoding"
            headers["Content-Length"] = str(len(body))
            self.send_response(200)
            for name, value in headers.items():
                self.send_header(name, value)
            self.end_headers()
            if include_body:
                self.wfile.write(body)

        def send_response(self, code: int, message: str | None = None) -> None:
            if self._capturing and code == 200:
                self._captured_status = code
                return
            if self._capturing:
                self._captured_status = code
            super().send_response(code, message)

        def send_header(self, keyword: str, value: str) -> None:
            if self._capturing and self._captured_status == 200:
                self._captured_headers.append((keyword, value))
            else:
                super().send_header(keyword, value)

        def end_headers(self) -> None:
            if not (self._capturing and self._captured_status == 200):
                super().end_headers()

        _capturing = False
        _captured_status = 0

    return functools.partial(Handler, directory=str(directory))  # type: ignore[return-value]


def make_server(directory: Path, host: str = "127.0.0.1", port: int = 0, quiet: bool = False) -> ThreadingHTTPServer:
    headers_path = directory / HEADERS_FILE
    rules = read_headers_file(headers_path) if headers_path.is_file() else []
    handler = _handler(directory, rules)
    handler.func.server_quiet = quiet  # type: ignore[attr-defined]
    return ThreadingHTTPServer((host, port), handler)


@contextmanager
def serving(directory: Path, quiet: bool = True) -> Iterator[str]:
    """Serve ``directory`` on a free port of 127.0.0.1 for the duration of the block; yields the base URL."""
    server = make_server(directory, quiet=quiet)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m sphinx_policy.hosting.serve", description=__doc__.split("\n\n")[0])
    parser.add_argument("directory", type=Path, help="the built site (the folder with the language folders)")
    parser.add_argument("--port", type=int, default=8000)
    arguments = parser.parse_args(argv)
    if not arguments.directory.is_dir():
        print(f"error: {arguments.directory} is not a folder: build the site first (nox -s site).", file=sys.stderr)
        return 2
    try:
        server = make_server(arguments.directory.resolve(), port=arguments.port)
    except HeadersFileError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    except OSError as error:
        print(f"error: cannot listen on 127.0.0.1:{arguments.port}: {error.strerror}", file=sys.stderr)
        return 2
    print(f"Serving {arguments.directory} on http://127.0.0.1:{arguments.port}/ (Ctrl+C stops)", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
