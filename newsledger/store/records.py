"""One analyzed document as the rows the store writes, built where the document was analyzed.

Building rows in the worker (not in the single writer process) keeps the writer's share of
the work small: it only inserts. A `DocumentRecord` pickles cheaply between processes.
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from datetime import date
from dataclasses import dataclass, field

from newsledger.model import Document, Event, Quote
from newsledger.store.dedup import bands, signature


@dataclass
class DocumentRecord:
    id: str
    content_hash: str
    source: str | None
    rows: dict[str, list[dict]] = field(default_factory=dict)
    error: dict | None = None

    @property
    def failed(self) -> bool:
        return self.error is not None


def content_hash(document: Document) -> str:
    """Identifies the raw input as read, before cleaning: what a re-run compares to skip it."""
    return hashlib.sha256(document.text.encode("utf-8", "surrogatepass")).hexdigest()


def normalize_name(name: str) -> str:
    """Lower case, no accents or punctuation, no leading article: 'the U.S. State Department' -> 'us state department'."""
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii").lower()
    folded = re.sub(r"[.']", "", folded)
    words = re.sub(r"[^a-z0-9]+", " ", folded).split()
    if len(words) > 1 and words[0] == "the":
        words = words[1:]
    return " ".join(words)


def to_record(document: Document, raw_hash: str, run_id: str | None) -> DocumentRecord:
    if document.error is not None:
        error = {"document_id": document.id, "source": document.source, "content_hash": raw_hash,
                 "stage": document.error.stage, "kind": document.error.kind,
                 "message": document.error.message, "run_id": run_id}
        return DocumentRecord(document.id, raw_hash, document.source, error=error)
    rows = {
        "documents": [_document_row(document, raw_hash, run_id)],
        "entities": [_entity_row(document.id, entity) for entity in document.entities],
        "mentions": [{"document_id": document.id, "entity_id": entity.id, "start": m.start, "end": m.end,
                      "text": m.text, "kind": m.kind}
                     for entity in document.entities for m in entity.mentions],
        "quotes": [_quote_row(document, quote) for quote in document.quotes],
        "events": [_event_row(document, event) for event in document.events],
    }
    minhash = signature(document.text)
    rows["signatures"] = [{"document_id": document.id, "minhash": minhash}] if minhash is not None else []
    rows["signature_bands"] = ([{"document_id": document.id, "band": band, "key": key} for band, key in bands(minhash)]
                               if minhash is not None else [])
    return DocumentRecord(document.id, raw_hash, document.source, rows=rows)


def _document_row(document: Document, raw_hash: str, run_id: str | None) -> dict:
    return {"id": document.id, "content_hash": raw_hash, "source": document.source, "title": document.title,
            "published": _valid_date(document.published), "outlet": document.outlet, "url": document.url,
            "text": document.text, "json": json.dumps(document.to_json_dict(), ensure_ascii=False),
            "duplicate_of": None, "run_id": run_id}


def _valid_date(value: str | None) -> str | None:
    """The publication date if it is a real calendar day (the column is a DATE), else None."""
    try:
        return date.fromisoformat(value).isoformat() if value else None
    except ValueError:
        return None


def _entity_row(document_id: str, entity) -> dict:
    return {"document_id": document_id, "id": entity.id, "name": entity.name,
            "normalized": normalize_name(entity.name), "type": entity.type, "code": entity.code,
            "sector": entity.sector, "roles": list(entity.roles), "affiliation": entity.affiliation,
            "actor_id": None}


def _quote_row(document: Document, quote: Quote) -> dict:
    text = " … ".join(document.text[span.start:span.end] for span in quote.content)
    speaker = quote.speaker
    return {"document_id": document.id, "id": quote.id, "kind": quote.kind, "text": text,
            "start": min(s.start for s in quote.content) if quote.content else 0,
            "end": max(s.end for s in quote.content) if quote.content else 0,
            "cue": _span_text(document, quote.cue), "speaker": _span_text(document, speaker),
            "speaker_start": speaker.start if speaker else None, "speaker_end": speaker.end if speaker else None,
            "speaker_entity": quote.speaker_entity, "speaker_group": quote.speaker_group}


def _event_row(document: Document, event: Event) -> dict:
    return {"document_id": document.id, "id": event.id, "type": event.type, "mode": event.mode,
            "source_texts": [a.text for a in event.source], "source_codes": [a.code for a in event.source if a.code],
            "source_entities": [a.entity for a in event.source if a.entity],
            "target_texts": [a.text for a in event.target], "target_codes": [a.code for a in event.target if a.code],
            "target_entities": [a.entity for a in event.target if a.entity],
            "trigger": _span_text(document, event.trigger), "trigger_start": event.trigger.start,
            "trigger_end": event.trigger.end, "sentence": document.text[event.sentence.start:event.sentence.end].strip(),
            "date": event.date, "location": event.location.name if event.location else None,
            "location_code": event.location.code if event.location else None,
            "negated": event.negated, "hypothetical": event.hypothetical, "future": event.future,
            "historical": event.historical, "quote_id": event.quote, "merged_id": None}


def _span_text(document: Document, span) -> str | None:
    return None if span is None else document.text[span.start:span.end]
