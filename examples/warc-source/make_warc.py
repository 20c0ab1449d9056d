#!/usr/bin/env python3
"""Build examples/corpus/feeds/crawl.warc.gz from the HTML pages in examples/warc-source/pages/.

Standard library only. Output is deterministic (fixed dates, UUIDs derived from
the URLs, gzip mtime = 0), so re-running the script gives a byte-identical file.

Layout of the WARC/1.0 file (one gzip member per record, as is customary):
  1. warcinfo
  2. request   for the first page
  3. response  for the first page  (HTTP/1.1 200, text/html; charset=utf-8)
  4. response  for each further page (no matching request record)

The target URI of each page is taken from its <link rel="canonical">.

Usage:  python3 examples/warc-source/make_warc.py
"""

import base64
import gzip
import hashlib
import re
import uuid
from email.utils import format_datetime
from datetime import datetime, timedelta, timezone
from pathlib import Path

HERE = Path(__file__).resolve().parent
SRC = HERE / "pages"
OUT = HERE.parent / "corpus" / "feeds" / "crawl.warc.gz"

CRAWL_START = datetime(2025, 11, 6, 8, 12, 40, tzinfo=timezone.utc)
FILENAME = "crawl.warc.gz"
NS = uuid.UUID("6f1b2c1e-4a53-4c7e-9d0e-6b8f3f1f0a11")  # arbitrary namespace


def record_id(name: str) -> str:
    return f"<urn:uuid:{uuid.uuid5(NS, name)}>"


def sha1_b32(data: bytes) -> str:
    return "sha1:" + base64.b32encode(hashlib.sha1(data).digest()).decode("ascii")


def warc_date(dt: datetime) -> str:
    return dt.strftime("%Y-%m-%dT%H:%M:%SZ")


def record(headers: list, block: bytes) -> bytes:
    """Serialise one WARC record; Content-Length is the exact byte length of block."""
    head = ["WARC/1.0"]
    head += [f"{k}: {v}" for k, v in headers]
    head.append(f"Content-Length: {len(block)}")
    raw = ("\r\n".join(head) + "\r\n\r\n").encode("utf-8") + block + b"\r\n\r\n"
    return gzip.compress(raw, compresslevel=9, mtime=0)


def canonical_url(html: str) -> str:
    m = re.search(r'<link\s+rel="canonical"\s+href="([^"]+)"', html)
    if not m:
        raise SystemExit("no <link rel=\"canonical\"> found")
    return m.group(1)


def main() -> None:
    pages = sorted(SRC.glob("*.html"))
    if not pages:
        raise SystemExit(f"no HTML files in {SRC}")

    out = bytearray()
    info_id = record_id("warcinfo:" + FILENAME)
    info_block = (
        "software: filrouge-examples make_warc.py (Python standard library)\r\n"
        "format: WARC File Format 1.0\r\n"
        "conformsTo: http://iipc.github.io/warc-specifications/specifications/warc-format/warc-1.0/\r\n"
        "isPartOf: filrouge-example-corpus\r\n"
        "description: Fictional news pages about the Lisène river pollution (test corpus)\r\n"
        "robots: obey\r\n"
        "http-header-user-agent: filrouge-example-crawler/0.1\r\n"
    ).encode("utf-8")
    out += record(
        [
            ("WARC-Type", "warcinfo"),
            ("WARC-Date", warc_date(CRAWL_START)),
            ("WARC-Filename", FILENAME),
            ("WARC-Record-ID", info_id),
            ("Content-Type", "application/warc-fields"),
        ],
        info_block,
    )

    for i, page in enumerate(pages):
        body = page.read_bytes()
        html = body.decode("utf-8")
        url = canonical_url(html)
        host = re.match(r"https?://([^/]+)", url).group(1)
        path = url[len("https://") + len(host):] or "/"
        when = CRAWL_START + timedelta(seconds=7 + 11 * i)
        resp_id = record_id("response:" + url)

        if i == 0:
            req = (
                f"GET {path} HTTP/1.1\r\n"
                f"Host: {host}\r\n"
                "User-Agent: filrouge-example-crawler/0.1\r\n"
                "Accept: text/html,application/xhtml+xml;q=0.9,*/*;q=0.8\r\n"
                "Accept-Language: fr-FR,fr;q=0.9,en;q=0.5\r\n"
                "Connection: close\r\n"
                "\r\n"
            ).encode("ascii")
            out += record(
                [
                    ("WARC-Type", "request"),
                    ("WARC-Target-URI", url),
                    ("WARC-Date", warc_date(when)),
                    ("WARC-Record-ID", record_id("request:" + url)),
                    ("WARC-Concurrent-To", resp_id),
                    ("WARC-Warcinfo-ID", info_id),
                    ("WARC-Block-Digest", sha1_b32(req)),
                    ("Content-Type", "application/http; msgtype=request"),
                ],
                req,
            )

        http_head = (
            "HTTP/1.1 200 OK\r\n"
            f"Date: {format_datetime(when, usegmt=True)}\r\n"
            "Server: nginx\r\n"
            "Content-Type: text/html; charset=utf-8\r\n"
            f"Content-Length: {len(body)}\r\n"
            "Cache-Control: max-age=300\r\n"
            "Connection: close\r\n"
            "\r\n"
        ).encode("ascii")
        block = http_head + body
        out += record(
            [
                ("WARC-Type", "response"),
                ("WARC-Target-URI", url),
                ("WARC-Date", warc_date(when)),
                ("WARC-Record-ID", resp_id),
                ("WARC-Warcinfo-ID", info_id),
                ("WARC-IP-Address", f"192.0.2.{10 + i}"),
                ("WARC-Block-Digest", sha1_b32(block)),
                ("WARC-Payload-Digest", sha1_b32(body)),
                ("Content-Type", "application/http; msgtype=response"),
            ],
            block,
        )

    OUT.write_bytes(bytes(out))
    print(f"wrote {OUT} ({len(out)} bytes, {len(pages)} pages)")


if __name__ == "__main__":
    main()
