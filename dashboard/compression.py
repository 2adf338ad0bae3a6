"""Compressed responses (flask-compress): pages, scripts, styles and callback answers.

A first visit fetches several megabytes of JavaScript; sent compressed it is about a
quarter of that. Brotli is used when the browser offers it (browsers do over HTTPS
only), else gzip; a client that asks for neither gets the plain body.

Static files (Dash's component bundles and ``assets/``) are the same bytes for every
visitor, so each compressed body is kept in the one memo under a digest of the
uncompressed body: compressed once per process, and never stale when a file changes.
Callback answers differ almost every time and are compressed as they go.
"""

from __future__ import annotations

import hashlib

from flask import Flask, Response, g, request
from flask_compress import Compress

from dashboard.memo import MEMO

ALGORITHMS = ["br", "gzip"]
GZIP_LEVEL = 6
BROTLI_LEVEL = 5
STATIC_PREFIXES = ("/_dash-component-suites/", "/assets/")


class KeptCompressions:
    """flask-compress's cache backend: compressed static bodies in the one memo."""

    def get(self, key: str) -> bytes | None:
        found, value = MEMO.recall(("compressed-static", key))
        return value if found else None

    def set(self, key: str, value: bytes) -> None:
        MEMO.remember(("compressed-static", key), value)


def _body_digest(_request: object) -> str:
    # Content-addressed: a changed file, or any query string on the same file,
    # can never be answered with another body's compressed bytes.
    return hashlib.sha1(g.pes_compressing.get_data()).hexdigest()


def install_compression(server: Flask) -> None:
    """Compress every compressible response of ``server`` the client accepts."""
    server.config.update(
        COMPRESS_REGISTER=False,
        COMPRESS_ALGORITHM=ALGORITHMS,
        COMPRESS_LEVEL=GZIP_LEVEL,
        COMPRESS_BR_LEVEL=BROTLI_LEVEL,
        # Whole bodies only: a file is read into memory below, and nothing the
        # dashboard sends is a stream that must start before it ends.
        COMPRESS_STREAMS=False,
    )
    as_sent = Compress()
    as_sent.init_app(server)
    static = Compress()
    static.init_app(server)
    static.cache = KeptCompressions()
    static.cache_key = _body_digest

    @server.after_request
    def compress(response: Response) -> Response:
        if (
            response.status_code == 200
            and response.direct_passthrough
            and response.mimetype in as_sent.compress_mimetypes_set
        ):
            # assets/ files are sent as file streams; read the (small) file so its
            # body can be compressed like any other.
            response.direct_passthrough = False
            response.make_sequence()
        if request.method == "GET" and request.path.startswith(STATIC_PREFIXES):
            g.pes_compressing = response
            return static.after_request(response)
        return as_sent.after_request(response)
