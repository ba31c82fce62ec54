"""A store reached through a running `newsledger serve --allow-writes`: ingest while serving.

DuckDB lets one process write a store, and the server holds it. `newsledger ingest --server URL`
analyzes in its own process (its own spaCy, its workers) and hands each batch of analyzed
documents to the server (POST /api/batches), which stores it in one transaction: the pages and
the API keep answering, and never show half a batch. `RemoteStore` offers the part of `Store`
a corpus run uses, so the run itself (skipping, batching, engines, resuming) is the same.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request

from newsledger.model import Document, ErrorInfo
from newsledger.store.records import DocumentRecord
from newsledger.web.app import MAX_BODY_BYTES

REQUEST_SECONDS = 300


class RemoteStoreError(Exception):
    """The server could not be reached, or refused a request."""


class RemoteStore:
    def __init__(self, url: str, max_body_bytes: int = MAX_BODY_BYTES):
        self.url = url.rstrip("/")
        self.max_body_bytes = max_body_bytes

    def __enter__(self) -> "RemoteStore":
        return self

    def __exit__(self, *exc) -> None:
        pass

    def start_run(self, inputs: list[str], engine: str, workers: int, model: str) -> str:
        return self._post("/api/runs", {"inputs": inputs, "engine": engine, "workers": workers, "model": model})["id"]

    def finish_run(self, run_id: str, status: str, stored: int, skipped: int, failed: int) -> None:
        self._post(f"/api/runs/{run_id}", {"status": status, "stored": stored, "skipped": skipped, "failed": failed})

    def stored_hashes(self, document_ids: list[str]) -> dict[str, str]:
        return self._post("/api/stored", {"ids": list(document_ids)}) if document_ids else {}

    def write_batch(self, records: list[DocumentRecord], run_id: str | None = None) -> None:
        """Sends the batch of run `run_id` in as few requests as the server's body cap allows (each
        one transaction)."""
        run_id = json.dumps(run_id)
        request: list[str] = []
        size = len(_body([], run_id).encode("utf-8"))
        for item in (json.dumps(_wire(record), ensure_ascii=False) for record in records):
            item_size = len(item.encode("utf-8")) + len(", ")
            if request and size + item_size > self.max_body_bytes:
                self._send(request, run_id)
                request, size = [], len(_body([], run_id).encode("utf-8"))
            request.append(item)
            size += item_size
        if request:
            self._send(request, run_id)

    def consolidate(self) -> None:
        """The server consolidates when a run is finished as done (POST /api/runs/{id})."""

    def summary(self) -> dict[str, int]:
        return self._request("GET", "/api/summary", None)

    def _send(self, items: list[str], run_id: str) -> None:
        self._request("POST", "/api/batches", _body(items, run_id).encode("utf-8"))

    def _post(self, path: str, payload: dict):
        return self._request("POST", path, json.dumps(payload).encode("utf-8"))

    def _request(self, method: str, path: str, body: bytes | None):
        request = urllib.request.Request(self.url + path, data=body, method=method,
                                         headers={"content-type": "application/json", "accept": "application/json"})
        try:
            with urllib.request.urlopen(request, timeout=REQUEST_SECONDS) as response:
                return json.load(response)
        except urllib.error.HTTPError as exc:
            detail = exc.read().decode("utf-8", "replace")[:300]
            hint = " (is it serving with --allow-writes?)" if exc.code in (404, 405) else ""
            raise RemoteStoreError(f"{self.url} refused {method} {path}: {exc.code} {detail}{hint}") from None
        except (urllib.error.URLError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            raise RemoteStoreError(f"cannot reach the server at {self.url}: {reason}") from None


def _wire(record: DocumentRecord) -> dict:
    """An analyzed document as the server rebuilds its record from: its JSON (every layer) and raw hash."""
    if record.failed:
        error = record.error
        document = Document(id=record.id, source=record.source, text="",
                            error=ErrorInfo(stage=error["stage"], kind=error["kind"], message=error["message"]))
        return {"content_hash": record.content_hash, "document": document.to_json_dict()}
    return {"content_hash": record.content_hash, "document": json.loads(record.rows["documents"][0]["json"])}


def _body(items: list[str], run_id: str) -> str:
    return f'{{"run_id": {run_id}, "documents": [{", ".join(items)}]}}'
