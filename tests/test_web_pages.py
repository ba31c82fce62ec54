"""The server-rendered pages: what they link and mark, and that article text never becomes markup."""

from __future__ import annotations

import json
import re
from html import unescape
from pathlib import Path

import pytest

from e2e.articles import HOSTILE_NAME
from e2e.webstore import actor_id, client, web_store  # noqa: F401 (fixtures)
from newsledger.web.app import HERE

# Raw markup from the hostile article: none of it may reach a page unescaped.
HOSTILE_FRAGMENTS = ("<script>alert", "<img src=x", "<svg onload", '<b id="injected-outlet"', "<b onmouseover",
                     '<i onclick', 'href="javascript:')


def page(client, path: str, **params) -> str:
    response = client.get(path, params=params)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/html")
    return response.text


def test_article_links_quotes_to_their_speaker(client):
    html = page(client, "/documents/lakeside-talks")
    berg = actor_id(client, "Anna Berg")
    links = re.findall(r'<a class="quote (\w+)" data-quote="(q\d)" href="([^"]+)"', html)
    assert {(kind, quote) for kind, quote, _ in links} == {("direct", "q1"), ("indirect", "q2")}
    assert all(href.endswith(f"/actors/{berg}") for _, _, href in links)


def test_article_underlines_events_with_their_type(client):
    html = page(client, "/documents/lakeside-talks")
    triggers = re.findall(r'<span class="trigger" data-type="(\w+)" title="[^"]*">(\w+)</span>', html)
    assert triggers == [("CONSULT", "met"), ("ACCUSE", "accused"), ("CONSULT", "meet")]


def test_article_shows_its_readout(client):
    html = page(client, "/documents/lakeside-talks")
    readout = html[html.index('id="readout"'):]
    assert "Norland and Sudria hold river talks in Lakeside" in readout
    assert "Open the dam gates." in readout and "scheduled" in readout


def test_article_text_survives_the_markup_intact(client):
    html = page(client, "/documents/lakeside-talks")
    body = html[html.index('id="article-text">') + len('id="article-text">'):html.index("</div>", html.index('id="article-text"'))]
    assert unescape(re.sub(r"<[^>]+>", "", body)) == client.get("/api/documents/lakeside-talks").json()["text"]


def test_actor_page_shows_who_what_and_with_whom(client):
    html = page(client, f"/actors/{actor_id(client, 'Omar Haddad')}")
    profile = html[html.index('id="profile"'):html.index("</dl>")]
    assert "Foreign Minister" in profile and "SDR" in profile and "GOV" in profile
    assert "accused Norland of diverting the river" in html
    counterparts = html[html.index('id="counterparts"'):]
    assert "Norland" in counterparts and "acted on" in counterparts


def test_timeline_marks_scheduled_events(client):
    html = page(client, "/timeline", actor_code="NOR")
    days = re.findall(r'<li class="day ?(\w*)">\s*<h3 class="date">([^<]+)</h3>', html)
    assert days[-1] == ("scheduled", "2024-04")
    assert [date for _, date in days] == sorted(date for _, date in days)


def test_empty_form_fields_mean_no_filter(client):
    assert page(client, "/timeline", q="", type="", start="", end="") == page(client, "/timeline")


def test_search_page_finds_articles_actors_quotes_and_events(client):
    html = page(client, "/", q="river")
    for section in ("documents", "actors", "quotes", "events"):
        assert f'id="{section}"' in html
    assert "Norland and Sudria talk about the river" in html
    assert "accused Norland of diverting the river" in html


@pytest.mark.parametrize("path,data_id", [("/network", "network-data"), ("/map", "map-data")])
def test_graph_pages_embed_their_data_as_json(client, path, data_id):
    html = page(client, path)
    embedded = re.search(rf'<script type="application/json" id="{data_id}">(.*?)</script>', html, re.S).group(1)
    assert "<" not in embedded
    api = client.get("/api/network" if path == "/network" else "/api/places").json()
    assert json.loads(embedded) == api


def test_hostile_article_is_inert_on_every_page(client):
    mallory = actor_id(client, HOSTILE_NAME)
    paths = ["/", "/?q=Mallory", "/?q=pwned", "/documents/hostile", f"/actors/{mallory}", "/timeline", "/network", "/map"]
    for path in paths:
        html = client.get(path).text
        for fragment in HOSTILE_FRAGMENTS:
            assert fragment not in html, (path, fragment)
    article = page(client, "/documents/hostile")
    assert "&lt;script&gt;alert(&#34;pwned&#34;)&lt;/script&gt; is what we think," in article


def test_pages_forbid_inline_scripts(client):
    policy = client.get("/documents/hostile").headers["content-security-policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy.split("script-src")[1].split(";")[0]


def test_unknown_page_is_an_html_404(client):
    response = client.get("/documents/no-such-article")
    assert response.status_code == 404
    assert "no document" in response.text and response.headers["content-type"].startswith("text/html")


def test_every_asset_is_served_by_the_app(client):
    html = "".join(page(client, path) for path in ("/network", "/map"))
    assets = re.findall(r'(?:src|href)="(/static/[^"]+)"', html)
    assert len(assets) >= 5
    for asset in assets:
        assert client.get(asset).status_code == 200, asset
    assert not re.search(r'(?:src|href)="https?://', html)  # paths on this host: nothing from elsewhere


def test_vendored_libraries_ship_their_licences():
    vendor = Path(HERE) / "static" / "vendor"
    for library in ("cytoscape", "leaflet", "topojson-client", "world-atlas"):
        assert (vendor / library / "LICENSE.txt").is_file(), library
