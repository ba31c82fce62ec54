"""The analyst's pages, rendered on the server with autoescaping Jinja2 templates."""

from __future__ import annotations

from collections import Counter
from itertools import groupby

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from newsledger.model import PLOVER_TYPES
from newsledger.web.api import EventFilters, Limit, Offset, Reader, Text, found
from newsledger.web.app import templates
from newsledger.web.article import runs

router = APIRouter(include_in_schema=False)
SEARCH_PAGE = 20


def render(request: Request, template: str, status_code: int = 200, **context) -> HTMLResponse:
    return templates.TemplateResponse(request, template, {"plover_types": PLOVER_TYPES, **context},
                                      status_code=status_code)


def error_page(request: Request, status_code: int, message: str) -> HTMLResponse:
    return render(request, "error.html", status_code=status_code, status=status_code, message=message)


@router.get("/", response_class=HTMLResponse)
def search(request: Request, store: Reader, q: Text = None) -> HTMLResponse:
    """One search across articles, actors, quotes and events; the newest articles without a query."""
    return render(request, "search.html", q=q or "",
                  documents=store.documents(q=q, limit=SEARCH_PAGE),
                  actors=store.actors(q=q, limit=SEARCH_PAGE),
                  quotes=store.quotes(said_by_or_about=q, limit=SEARCH_PAGE) if q else None,
                  events=store.events(q=q, limit=SEARCH_PAGE) if q else None)


@router.get("/documents/{document_id:id}", response_class=HTMLResponse)
def article(request: Request, store: Reader, document_id: str) -> HTMLResponse:
    document = found(store.document(document_id), "document", document_id)
    actor_keys = store.actor_keys(document_id)
    return render(request, "article.html", document=document, runs=runs(document, actor_keys), actor_keys=actor_keys)


@router.get("/actors/{actor_id:id}", response_class=HTMLResponse)
def actor(request: Request, store: Reader, actor_id: str, limit: Limit = 100, offset: Offset = 0) -> HTMLResponse:
    profile = found(store.actor(actor_id, limit=limit, offset=offset), "actor", actor_id)
    return render(request, "actor.html", actor=profile, activity=_activity_by_month(profile))


def _activity_by_month(profile: dict) -> list[dict]:
    """Quotes (by publication month) and events (by their month) on the page, oldest month first."""
    quotes = Counter((quote["published"] or "")[:7] for quote in profile["quotes"]["items"])
    events = Counter((event["when"] or "")[:7] for event in profile["events"]["items"])
    months = sorted(month for month in set(quotes) | set(events) if month)
    peak = max([quotes[m] + events[m] for m in months], default=1)
    return [{"month": month, "quotes": quotes[month], "events": events[month],
             "share": round(100 * (quotes[month] + events[month]) / peak)} for month in months]


@router.get("/timeline", response_class=HTMLResponse)
def timeline(request: Request, store: Reader, filters: EventFilters, limit: Limit = 200, offset: Offset = 0) -> HTMLResponse:
    page = store.events(**filters, limit=limit, offset=offset, chronological=True)
    days = [(when, list(events)) for when, events in groupby(page.items, key=lambda event: event["when"])]
    params = {name: value for name, value in filters.items() if value}
    return render(request, "timeline.html", page=page, days=days, filters=filters, params=params)


@router.get("/network", response_class=HTMLResponse)
def network(request: Request, store: Reader, filters: EventFilters) -> HTMLResponse:
    return render(request, "network.html", graph=store.network(**filters), filters=filters)


@router.get("/map", response_class=HTMLResponse)
def event_map(request: Request, store: Reader, filters: EventFilters) -> HTMLResponse:
    return render(request, "map.html", places=store.event_places(**filters), filters=filters)
