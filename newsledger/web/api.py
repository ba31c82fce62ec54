"""The REST API under /api: every list is paged (`limit` up to MAX_LIMIT, `offset`, `total`)."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from datetime import date
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import PlainTextResponse
from pydantic import BaseModel, BeforeValidator, Field

from newsledger.model import Document, PloverType
from newsledger.store.records import content_hash, to_record
from newsledger.web import ids  # noqa: F401  (registers the `id` route convertor)
from newsledger.web.queries import Queries

MAX_LIMIT = 200

router = APIRouter(prefix="/api", tags=["read"])
write_router = APIRouter(prefix="/api", tags=["write"])

# A form leaves unused fields empty (`?type=&start=`): empty means "no filter", not invalid input
# (empty text filters are already ignored).
BlankIsNone = BeforeValidator(lambda value: value or None)
Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT, description=f"page size, at most {MAX_LIMIT}")]
Offset = Annotated[int, Query(ge=0, le=10_000_000, description="results to skip")]
Text = Annotated[str | None, Query(max_length=200)]
Day = Annotated[date | None, BlankIsNone, Query(description="YYYY-MM-DD")]
Code = Annotated[str | None, Query(max_length=20)]
# A type is a PLOVER type in any case: `type=threaten` is THREATEN.
UpperCase = BeforeValidator(lambda value: value.upper() if isinstance(value, str) else value)
EventType = Annotated[PloverType | None, BlankIsNone, UpperCase, Query(description="PLOVER event type, any case")]
EventStatus = Annotated[Literal["past", "scheduled"] | None, BlankIsNone, Query()]


def queries(request: Request) -> Iterator[Queries]:
    yield from request.app.state.access.queries()


Reader = Annotated[Queries, Depends(queries)]


def iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def found(value, what: str, key: str):
    if value is None:
        raise HTTPException(status_code=404, detail=f"no {what} {key!r} in this store")
    return value


@router.get("/documents", name="api_documents", summary="Search documents by text, outlet and publication date")
def documents(store: Reader, q: Text = None, outlet: Text = None, start: Day = None, end: Day = None,
              limit: Limit = 50, offset: Offset = 0) -> dict:
    return store.documents(q=q, outlet=outlet, start=iso(start), end=iso(end), limit=limit, offset=offset).as_dict()


@router.get("/documents/{document_id:id}/readout", name="api_readout", summary="The readout of one document: JSON, Markdown or HTML")
def readout(request: Request, store: Reader, document_id: str, format: Literal["json", "md", "html"] = "json"):
    if not request.scope.get("raw_path", b"/readout").split(b"?")[0].endswith(b"/readout"):
        return document(store, f"{document_id}/readout")  # the id itself ends in an escaped "/readout"
    stored = found(store.document(document_id), "document", document_id)
    layer = found(stored.readout, "readout for document", document_id)
    if format == "json":
        return layer.model_dump(mode="json")
    from newsledger.readout.render import render_html, render_markdown

    if format == "md":
        return PlainTextResponse(render_markdown(stored), media_type="text/markdown; charset=utf-8")
    # Served as text, not as a page of this site: it holds article text.
    return PlainTextResponse(render_html(stored), media_type="text/plain; charset=utf-8")


@router.get("/documents/{document_id:id}", name="api_document", summary="One document with every layer")
def document(store: Reader, document_id: str) -> dict:
    return found(store.document(document_id), "document", document_id).to_json_dict()


@router.get("/actors", name="api_actors", summary="Search actors (people, organizations, states) across articles")
def actors(store: Reader, q: Text = None, type: Text = None, code: Text = None, sector: Text = None,
           limit: Limit = 50, offset: Offset = 0) -> dict:
    return store.actors(q=q, type=type, code=code, sector=sector, limit=limit, offset=offset).as_dict()


@router.get("/actors/{actor_id:id}", name="api_actor", summary="One actor: who they are, their quotes, events and counterparts")
def actor(store: Reader, actor_id: str, limit: Limit = 50, offset: Offset = 0) -> dict:
    return found(store.actor(actor_id, limit=limit, offset=offset), "actor", actor_id)


@router.get("/quotes", name="api_quotes", summary="Quotes by speaker, text and publication date")
def quotes(store: Reader, speaker: Text = None, q: Text = None, start: Day = None, end: Day = None,
           actor: Text = None, limit: Limit = 50, offset: Offset = 0) -> dict:
    return store.quotes(speaker=speaker, q=q, start=iso(start), end=iso(end), actor=actor,
                        limit=limit, offset=offset).as_dict()


def event_filters(type: EventType = None, source: Code = None, target: Code = None, actor_code: Code = None,
                  start: Day = None, end: Day = None, place: Text = None, q: Text = None, actor: Text = None,
                  status: EventStatus = None) -> dict:
    """`source`, `target`: actor codes on that side; `actor_code`: on either side; `actor`: an actor id."""
    return {"type": type, "source": source, "target": target, "actor_code": actor_code, "start": iso(start),
            "end": iso(end), "place": place, "q": q, "actor": actor, "status": status}


EventFilters = Annotated[dict, Depends(event_filters)]


@router.get("/events", name="api_events", summary="PLOVER events by type, actor codes, date range and place (newest first)")
def events(store: Reader, filters: EventFilters, limit: Limit = 50, offset: Offset = 0) -> dict:
    return store.events(**filters, limit=limit, offset=offset).as_dict()


@router.get("/timeline", name="api_timeline", summary="Events in date order; scheduled (future) events have status 'scheduled'")
def timeline(store: Reader, filters: EventFilters, limit: Limit = 50, offset: Offset = 0) -> dict:
    return store.events(**filters, limit=limit, offset=offset, chronological=True).as_dict()


@router.get("/network", name="api_network", summary="Who acts on whom: actor codes and source->target edges weighted by events")
def network(store: Reader, filters: EventFilters, limit: Limit = MAX_LIMIT) -> dict:
    return store.network(limit=limit, **filters)


@router.get("/places", name="api_places", summary="Where events happened: located points and counts per country")
def places(store: Reader, filters: EventFilters, limit: Annotated[int, Query(ge=1, le=5000)] = 1000) -> dict:
    return store.event_places(limit=limit, **filters)


class NewArticle(BaseModel):
    text: str = Field(min_length=1)
    id: str | None = Field(None, max_length=200, description="defaults to a hash of the text")
    title: str | None = None
    published: date | None = None
    outlet: str | None = None
    url: str | None = None


@write_router.post("/documents", name="api_add_document", status_code=201, summary="Analyze an article and store it (only with --allow-writes)")
def add_document(request: Request, article: NewArticle) -> dict:
    access = request.app.state.access
    document = Document(id=article.id or hashlib.sha256(article.text.encode()).hexdigest()[:16], text=article.text,
                        title=article.title, published=iso(article.published), outlet=article.outlet, url=article.url,
                        source="api")
    raw_hash = content_hash(document)
    analyzed = access.analyze(document)
    with access.write_lock:
        access.store.write_batch([to_record(analyzed, raw_hash, None)])
        access.store.consolidate()
    if analyzed.error is not None:
        raise HTTPException(status_code=422, detail=f"stored as failed: {analyzed.error.message}")
    return {"id": analyzed.id, "quotes": len(analyzed.quotes), "events": len(analyzed.events)}


# ---- ingest through the server: `newsledger ingest INPUT --server URL` (newsledger/web/remote.py) ----
# The client analyzes with its own spaCy; the server, the store's one writer, stores each batch
# in one transaction, so its readers see a batch whole or not at all.

class NewRun(BaseModel):
    inputs: list[str] = Field(default_factory=list, max_length=10_000)
    engine: str = Field("local", max_length=20)
    workers: int = Field(1, ge=1)
    model: str = Field(max_length=200)


class FinishedRun(BaseModel):
    status: Literal["done", "interrupted"]
    stored: int = Field(ge=0)
    skipped: int = Field(ge=0)
    failed: int = Field(ge=0)


class StoredQuery(BaseModel):
    ids: list[str] = Field(max_length=10_000)


class AnalyzedDocument(BaseModel):
    content_hash: str = Field(min_length=1, max_length=100, description="hash of the raw input, as `ingest` computes it")
    document: Document


class Batch(BaseModel):
    run_id: str | None = Field(None, max_length=40)
    documents: list[AnalyzedDocument] = Field(max_length=10_000)


@write_router.post("/runs", name="api_start_run", status_code=201, summary="Start an ingest run (only with --allow-writes)")
def start_run(request: Request, run: NewRun) -> dict:
    access = request.app.state.access
    with access.write_lock:
        return {"id": access.store.start_run(run.inputs, run.engine, run.workers, run.model)}


@write_router.post("/runs/{run_id}", name="api_finish_run", summary="Record how an ingest run ended (only with --allow-writes)")
def finish_run(request: Request, run_id: str, run: FinishedRun) -> dict:
    access = request.app.state.access
    with access.write_lock:
        access.store.finish_run(run_id, run.status, run.stored, run.skipped, run.failed)
        if run.status == "done":
            access.store.consolidate()
    return {"id": run_id, "status": run.status}


@write_router.post("/stored", name="api_stored", summary="Content hashes of the documents already stored, by id")
def stored(request: Request, query: StoredQuery) -> dict:
    access = request.app.state.access
    with access.write_lock:
        return access.store.stored_hashes(query.ids)


@write_router.post("/batches", name="api_add_batch", status_code=201, summary="Store analyzed documents in one transaction (only with --allow-writes)")
def add_batch(request: Request, batch: Batch) -> dict:
    access = request.app.state.access
    records = [to_record(item.document, item.content_hash, batch.run_id) for item in batch.documents]
    with access.write_lock:
        access.store.write_batch(records, batch.run_id)
    return {"stored": sum(not record.failed for record in records), "failed": sum(record.failed for record in records)}


@router.get("/summary", name="api_summary", summary="What the store holds (syndicated copies and merged events counted once)")
def summary(request: Request) -> dict:
    access = request.app.state.access
    with access.write_lock:
        return access.store.summary()
