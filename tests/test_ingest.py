"""Readers for every input kind, ids and sources, and error records that never stop a batch."""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import sys

import pytest

from newsledger.ingest import read_inputs
from newsledger.ingest.decode import IngestError, decode_bytes
from newsledger.ingest.html import ArticleExtractor
from newsledger.settings import Settings

PARAGRAPHS = [
    "The harbour authority approved a new ferry timetable on Tuesday after a public hearing that ran late into the evening.",
    "Under the plan, boats will leave the north pier every twenty minutes during the morning rush and every half hour at night.",
    "Riders who spoke at the hearing said they welcomed the change but asked for a later last sailing on Fridays and Saturdays.",
    "The authority said the first boats on the new schedule would sail early next month if the weather allows it.",
]
TEXT = "\n\n".join(PARAGRAPHS)
HTML = (
    "<!DOCTYPE html><html><head><title>Ferry timetable approved</title>"
    '<meta property="og:site_name" content="The Bay Courier"></head><body>'
    "<nav><a href='/'>Home</a> <a href='/news'>News</a></nav>"
    "<article><h1>Ferry timetable approved</h1>"
    + "".join(f"<p>{paragraph}</p>" for paragraph in PARAGRAPHS)
    + "</article><footer>Contact us</footer></body></html>"
)


def read(inputs, **settings):
    return list(read_inputs([str(item) for item in inputs], Settings(**settings)))


def warc_record(url: str, body: bytes, record_id: str, content_type: str = "text/html; charset=utf-8") -> bytes:
    http = f"HTTP/1.1 200 OK\r\nContent-Type: {content_type}\r\n\r\n".encode() + body
    head = (f"WARC/1.0\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:uuid:{record_id}>\r\n"
            f"WARC-Date: 2022-01-10T12:00:00Z\r\nWARC-Target-URI: {url}\r\n"
            f"Content-Type: application/http; msgtype=response\r\nContent-Length: {len(http)}\r\n\r\n").encode()
    return head + http + b"\r\n\r\n"


# ---- each input kind ---------------------------------------------------------------------------

def test_text_file(tmp_path):
    path = tmp_path / "ferry_story.txt"
    path.write_text(TEXT, encoding="utf-8")
    [document] = read([path])
    assert (document.id, document.source, document.text, document.error) == ("ferry_story", str(path), TEXT, None)


def test_gzipped_file_id_drops_every_extension(tmp_path):
    path = tmp_path / "APNews_0.txt.gz"
    path.write_bytes(gzip.compress(TEXT.encode()))
    [document] = read([path])
    assert document.id == "APNews_0" and document.text == TEXT


def test_html_file_gives_body_and_metadata_from_one_parse(tmp_path):
    path = tmp_path / "ferry.html.gz"
    path.write_bytes(gzip.compress(HTML.encode()))
    [document] = read([path])
    assert document.error is None
    assert document.id == "ferry"
    assert document.title == "Ferry timetable approved"
    assert document.outlet == "The Bay Courier"
    for paragraph in PARAGRAPHS:
        assert paragraph in document.text
    assert "\n\n" in document.text and "Contact us" not in document.text


def test_jsonl_lines_with_text_or_html(tmp_path):
    path = tmp_path / "batch.jsonl"
    lines = [
        {"id": "a1", "text": TEXT, "published": "2022-01-10", "title": "Ferries", "url": "https://example.org/a1"},
        {"id": "a2", "html": HTML},
        {"id": "a3", "text": TEXT, "published": "last Tuesday"},
    ]
    path.write_text("\n".join(json.dumps(line) for line in lines) + "\n", encoding="utf-8")
    first, second, third = read([path])
    assert (first.id, first.source, first.published, first.title, first.url) == ("a1", f"{path}#L1", "2022-01-10", "Ferries", "https://example.org/a1")
    assert second.id == "a2" and PARAGRAPHS[0] in second.text and second.source == f"{path}#L2"
    assert third.published is None  # not a YYYY-MM-DD date


def test_warc_records_keep_url_and_date(tmp_path):
    data = (warc_record("https://example.org/ferry", HTML.encode(), "0001")
            + warc_record("https://example.org/plain", TEXT.encode(), "0002", content_type="text/plain")
            + warc_record("https://example.org/logo.png", b"\x89PNG\r\n", "0003", content_type="image/png"))
    for name, payload in (("crawl.warc", data), ("crawl.warc.gz", gzip.compress(data))):
        path = tmp_path / name
        path.write_bytes(payload)
        html_page, text_page = read([path])  # the image record is skipped
        assert html_page.id == hashlib.sha1(b"https://example.org/ferry").hexdigest()[:16]
        assert html_page.url == "https://example.org/ferry"
        assert html_page.published == "2022-01-10"  # the page has no date: the crawl date stands in
        assert html_page.source == f"{path}#<urn:uuid:0001>"
        assert PARAGRAPHS[1] in html_page.text
        assert text_page.text.strip() == TEXT


def test_folder_is_walked_recursively_in_sorted_order(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "second.txt").write_text(TEXT)
    (tmp_path / "a_first.txt").write_text(TEXT)
    (tmp_path / "notes.docx").write_bytes(b"PK\x03\x04")
    (tmp_path / ".hidden").mkdir()
    (tmp_path / ".hidden" / "skip.txt").write_text(TEXT)
    assert [document.id for document in read([tmp_path])] == ["a_first", "second"]


@pytest.mark.parametrize("payload, expected", [
    (json.dumps({"id": "s1", "text": TEXT}).encode() + b"\n", ("s1", TEXT)),
    (HTML.encode(), ("stdin", None)),
    (TEXT.encode(), ("stdin", TEXT)),
    (gzip.compress(TEXT.encode()), ("stdin", TEXT)),
])
def test_stdin_kind_is_sniffed(monkeypatch, payload, expected):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(payload)))
    [document] = read(["-"])
    assert document.error is None
    assert document.id == expected[0]
    if expected[1] is None:
        assert PARAGRAPHS[0] in document.text
    else:
        assert document.text == expected[1]


# ---- bad input never stops the batch ------------------------------------------------------------

def test_bad_inputs_become_error_records_and_the_batch_goes_on(tmp_path):
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01\x02\x03\xff" * 200)
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "garbled.txt").write_bytes(bytes(range(0x80, 0x100)) * 20)
    (tmp_path / "huge.txt").write_text(TEXT * 20)
    (tmp_path / "broken.html").write_bytes(b"<html><body><p>")
    (tmp_path / "lines.jsonl").write_text('{"id": "ok1", "text": "A short note."}\n{not json\n{"text": "no id"}\n{"id": "ok2", "text": "Another note."}\n')
    (tmp_path / "z_good.txt").write_text(TEXT)
    inputs = sorted(tmp_path.iterdir()) + [tmp_path / "missing.txt"]
    documents = read(inputs, max_bytes=5_000)
    outcome = [(d.id, d.error.kind if d.error else None) for d in documents]
    assert outcome == [
        ("binary", "binary"), ("broken", "no_text"), ("empty", "empty"), ("garbled", "undecodable"),
        ("huge", "too_large"), ("ok1", None), ("lines#L2", "bad_jsonl"), ("lines#L3", "bad_jsonl"),
        ("ok2", None), ("z_good", None), ("missing", "missing"),
    ]
    for document in documents:
        if document.error:
            assert document.error.stage == "ingest" and document.text == ""
            assert document.error.message and "\n" not in document.error.message
    assert documents[-2].text == TEXT


def test_an_overrunning_extraction_is_cut_off_and_the_next_page_is_read(tmp_path):
    (tmp_path / "a_page.html").write_text(HTML)
    (tmp_path / "b_note.txt").write_text(TEXT)
    page, note = read([tmp_path], extract_timeout=1e-6)
    assert page.error.kind == "timeout" and page.text == ""
    assert note.error is None and note.text == TEXT


def test_the_extractor_replaces_a_killed_worker():
    with ArticleExtractor(timeout=1e-6) as extractor:
        with pytest.raises(IngestError):
            extractor.extract(HTML)
        extractor.timeout = 60
        assert PARAGRAPHS[0] in extractor.extract(HTML)["text"]


def test_a_wrong_declared_charset_falls_back_to_detection():
    page = ('<html><head><meta charset="utf-8"></head><body><p>Le caf\u00e9 du port rouvre ses portes '
            "\u00e0 la client\u00e8le des ferries d\u00e8s lundi matin, a indiqu\u00e9 la mairie.</p></body></html>")
    text = decode_bytes(page.encode("cp1252"))
    assert "caf\u00e9 du port" in text and "client\u00e8le" in text


def test_jsonl_metadata_wins_over_what_the_page_says(tmp_path):
    page = ("<html><head><title>Page title</title><meta property='article:published_time' content='2020-05-05'>"
            "<meta property='og:site_name' content='Page Outlet'></head><body><article>"
            + "<p>The ministers of both countries met in Oslo and agreed to meet again next spring.</p>" * 5
            + "</article></body></html>")
    path = tmp_path / "given.jsonl"
    path.write_text(json.dumps({"id": "a", "html": page, "published": "2021-01-02", "outlet": "Given Outlet"}) + "\n"
                    + json.dumps({"id": "b", "text": "Plain text article.", "outlet": "Plain Outlet"}) + "\n",
                    encoding="utf-8")
    first, second = read_inputs([str(path)], Settings())
    assert (first.published, first.outlet) == ("2021-01-02", "Given Outlet")
    assert second.outlet == "Plain Outlet"
