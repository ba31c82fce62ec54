"""Hostile inputs, written here so the fuzz tests and `bench/bench_hostile.py` share one generator.

`ADVERSARIAL_TEXTS` builds, at any length, the texts issue #17 found super-linear (row 5): each
is one short unit repeated. `hostile_files` writes small hostile inputs of every kind the readers
take (text, HTML, JSONL, WARC, gzip, odd names) into a folder, mixed with good documents whose
ids it returns, so a caller can check that every good document came out and every input left a record.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import random
from collections.abc import Callable
from pathlib import Path

# One unit per row-5 kind; a text of `n` characters is the unit repeated to that length.
ADVERSARIAL_UNITS: dict[str, str] = {
    "short_lines": "x\n",
    "said": "“We will not move,” Marlow said. ",
    "entity_list": "Kenya, Peru, Norway, Chile, Nepal, Ghana, Japan, Brazil, ",
    "yes_paragraphs": "Yes.\n\n",
    "dates": "On March 3, 2021 and on 4 May 2020, ",
    "pronouns": "he she they it him her them ",
    "long_sentence": "the clerk saw the tall man and ",
    "commas": "yes, , , , ",
}


def adversarial_text(kind: str, length: int) -> str:
    unit = ADVERSARIAL_UNITS[kind]
    return (unit * (length // len(unit) + 1))[:length]


GOOD_SENTENCES = (
    "Minister Alma Voss said on Tuesday that talks with Norway would resume in March.",
    "“We are ready to sign,” the envoy told reporters in Oslo.",
    "Officials in Lima rejected the proposal, according to a statement.",
    "The delegation met for three hours and agreed to meet again next week.",
)


def good_text(rng: random.Random) -> str:
    return "\n\n".join(rng.choice(GOOD_SENTENCES) for _ in range(rng.randint(2, 5)))


def _warc(records: list[tuple[str, bytes]]) -> bytes:
    """A WARC file of (WARC-Type, block) records; response blocks are HTTP responses."""
    out = b""
    for number, (kind, block) in enumerate(records):
        headers = (f"WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Record-ID: <urn:uuid:00000000-0000-0000-0000-{number:012d}>\r\n"
                   f"WARC-Target-URI: http://example.test/{number}\r\nWARC-Date: 2022-01-10T00:00:00Z\r\n"
                   f"Content-Type: application/http; msgtype={kind}\r\nContent-Length: {len(block)}\r\n\r\n")
        out += headers.encode() + block + b"\r\n\r\n"
    return out


def _http_page(html: str) -> bytes:
    body = html.encode()
    return b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: " + str(len(body)).encode() + b"\r\n\r\n" + body


def _hostile_payloads(rng: random.Random) -> list[Callable[[], tuple[str, bytes]]]:
    """Makers of one hostile input each: (file name suffix, bytes)."""
    deep = "[" * rng.randint(1_100, 3_000)
    return [
        lambda: (".txt", b""),
        lambda: (".txt", b"   \n\t \n"),
        lambda: (".txt", bytes(rng.randrange(256) for _ in range(rng.randint(50, 400)))),
        lambda: (".txt", rng.choice(["“”", "...", "!!!", "\u200b\u200b", "😀😀", "— — —", "\"\""]).encode()),
        lambda: (".txt", "x \ud800 y said Voss.".encode("utf-8", "surrogatepass")),
        lambda: (".txt", "Voss said no.".encode("utf-16-le")),
        lambda: (".txt", "Voss said no.".encode("utf-32-be")),
        lambda: (".html", b"<html><body></body></html>"),
        lambda: (".html", b"<div>" * rng.randint(100, 3000)),
        lambda: (".html", b"<p " + b"a" * rng.randint(1000, 20_000) + b">"),
        lambda: (".jsonl", (deep + "\n").encode()),
        lambda: (".jsonl", ('{"id": "n", "text": ' + "9" * rng.randint(4_400, 9_000) + "}\n").encode()),
        lambda: (".jsonl", b'{"id": "h", "html": null}\n'),
        lambda: (".jsonl", b'{"id": "u", "text": "Voss said no.", "url": 5, "title": [1], "outlet": {}}\n'),
        lambda: (".jsonl", b'{"id": "s\\ud800", "text": "x \\udfff y", "title": "\\ud800"}\n'),
        lambda: (".jsonl", b'{"text": "no id"}\n[1, 2]\nnot json\n'),
        lambda: (".warc", bytes(rng.randrange(256) for _ in range(rng.randint(50, 400)))),
        lambda: (".warc", b"WARC/1.0\r\nWARC-Type: response\r\n"),
        lambda: (".warc", _warc([("request", b"GET / HTTP/1.1\r\nHost: example.test\r\n\r\n")])),
        lambda: (".txt.gz", gzip.compress(b"\n" * rng.randint(1000, 100_000))),
        lambda: (".txt.gz", b"\x1f\x8b" + bytes(rng.randrange(256) for _ in range(100))),
        lambda: (".jsonl.gz", gzip.compress(b"\n" * rng.randint(1000, 100_000))),
    ]


def hostile_files(folder: Path, count: int, seed: int = 17) -> set[str]:
    """Writes `count` hostile inputs and about as many good documents (every fourth file, plus a
    good line after each hostile JSONL line) into `folder`; returns the ids of the good documents."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    makers = _hostile_payloads(rng)
    good: set[str] = set()
    for number in range(count):
        suffix, payload = makers[number % len(makers)]()
        name = f"bad{number:04d}{suffix}"
        if suffix == ".jsonl" and number % 2:
            good_id = f"goodline{number:04d}"
            payload += (json.dumps({"id": good_id, "text": good_text(rng)}) + "\n").encode()
            good.add(good_id)
        (folder / name).write_bytes(payload)
        if number % 4 == 0:
            good_id = f"good{number:04d}"
            (folder / f"{good_id}.txt").write_text(good_text(rng), encoding="utf-8")
            good.add(good_id)
    # one of every odd kind of name and same-id pair, and a WARC holding a good page
    (folder / "twin.txt").write_bytes(b"")
    (folder / "twin.html").write_bytes(b"")
    os.symlink("nowhere.txt", folder / "dangling.txt")
    (folder / os.fsdecode(b"bad\xffname.txt")).write_text(good_text(rng), encoding="utf-8")
    good.add(os.fsdecode(b"bad\xffname").encode("utf-8", "surrogateescape").decode("utf-8", "replace"))
    page = f"<html><head><title>Talks</title></head><body><article><p>{good_text(rng)}</p></article></body></html>"
    (folder / "crawl.warc").write_bytes(_warc([("response", _http_page(page))]))
    good.add(hashlib.sha1(b"http://example.test/0").hexdigest()[:16])
    return good
