"""Page metadata read from the parsed page: each source (meta tags, JSON-LD, <title>, bylines, URL)."""

from __future__ import annotations

import json

import pytest
from lxml.html import tostring
from trafilatura import load_html

from newsledger.ingest.metadata import author_names, headline_of, page_metadata

BODY = "<body><article><p>The harbour authority approved a new ferry timetable on Tuesday.</p></article></body>"


def page(head: str, body: str = BODY) -> str:
    return f"<!DOCTYPE html><html><head>{head}</head>{body}</html>"


def metadata(html: str, url: str | None = None):
    return page_metadata(load_html(html), url)


def json_ld(data) -> str:
    return f'<script type="application/ld+json">{json.dumps(data)}</script>'


def test_open_graph_and_meta_tags():
    found = metadata(page(
        "<title>Ferry timetable approved | The Bay Courier</title>"
        '<meta property="og:title" content="Ferry timetable approved">'
        '<meta property="og:site_name" content="The Bay Courier">'
        '<meta property="og:url" content="https://baycourier.example/ferry-timetable">'
        '<meta property="article:published_time" content="2021-03-04T10:00:00Z">'
        '<meta name="author" content="Ana Ruiz">'))
    assert found.title == "Ferry timetable approved"
    assert found.outlet == "The Bay Courier"
    assert found.url == "https://baycourier.example/ferry-timetable"
    assert found.published == "2021-03-04"
    assert found.authors == ["Ana Ruiz"]


def test_json_ld_article_gives_headline_authors_publisher_and_date():
    found = metadata(page(json_ld({
        "@context": "https://schema.org", "@type": "NewsArticle", "headline": "Ferry timetable approved",
        "datePublished": "2021-03-04T10:00:00+01:00",
        "author": [{"@type": "Person", "name": "Ana Ruiz"}, {"@type": "Person", "name": "Tom Lee"},
                   {"@type": "Organization", "name": "Courier Staff"}],
        "publisher": {"@type": "NewsMediaOrganization", "name": "The Bay Courier"},
    })))
    assert (found.title, found.outlet, found.published) == ("Ferry timetable approved", "The Bay Courier", "2021-03-04")
    assert found.authors == ["Ana Ruiz", "Tom Lee"]


def test_json_ld_graph_author_given_by_reference():
    found = metadata(page(json_ld({"@context": "https://schema.org", "@graph": [
        {"@type": "Article", "headline": "Night ferries return", "author": {"@id": "#ana"}},
        {"@type": "Person", "@id": "#ana", "name": "Ana Ruiz"},
        {"@type": "WebSite", "name": "The Bay Courier"},
    ]})))
    assert (found.title, found.authors, found.outlet) == ("Night ferries return", ["Ana Ruiz"], "The Bay Courier")


def test_broken_json_ld_is_skipped():
    found = metadata(page('<title>Night ferries return</title><script type="application/ld+json">{"headline": </script>'))
    assert found.title == "Night ferries return"


@pytest.mark.parametrize("title, outlet, headline", [
    ("Ferry timetable approved | The Bay Courier", "The Bay Courier", "Ferry timetable approved"),
    ("Ferry timetable approved - baycourier.example", None, "Ferry timetable approved"),
    ("Opinion | Why the harbour needs a later last ferry", None, "Why the harbour needs a later last ferry"),
    ("Ferries: what the new timetable means for riders", None, "Ferries: what the new timetable means for riders"),
    ("Ferry timetable approved", None, "Ferry timetable approved"),
])
def test_title_element_loses_the_site_name_and_section(title, outlet, headline):
    assert headline_of(title, outlet) == headline


def test_title_element_is_used_when_no_tag_or_single_h1_names_the_headline():
    html = page("<title>Ferry timetable approved | The Bay Courier</title>",
                "<body><h1>Menu</h1><h1>Ferry timetable approved</h1>" + BODY.removeprefix("<body>"))
    assert metadata(html).title == "Ferry timetable approved"
    single_heading = page("<title>The Bay Courier</title>", "<body><h1>Night ferries return</h1>" + BODY.removeprefix("<body>"))
    assert metadata(single_heading).title == "Night ferries return"


def test_meta_title_loses_a_trailing_site_name():
    found = metadata(page('<meta property="og:title" content="Ferry timetable approved - The Bay Courier">'
                          '<meta property="og:site_name" content="The Bay Courier">'))
    assert found.title == "Ferry timetable approved"


def test_author_strings_become_names():
    assert author_names(["By Ana Ruiz and Tom Lee", "ana ruiz", "admin", "https://facebook.com/anaruiz"]) == ["Ana Ruiz", "Tom Lee"]
    assert author_names(["Written by: Ana Ruiz; Tom Lee, Bay Courier"]) == ["Ana Ruiz", "Tom Lee", "Bay Courier"]


def test_byline_element_when_no_tag_names_the_author():
    body = ('<body><div class="comments"><span class="comment-author">Pat Doe commented</span></div>'
            '<div class="byline">By <a rel="author" href="/ana">Ana Ruiz</a></div>' + BODY.removeprefix("<body>"))
    assert metadata(page("<title>Ferry timetable approved</title>", body)).authors == ["Ana Ruiz"]


def test_outlet_prefers_a_spelled_out_publisher_to_a_handle_and_skips_links():
    handle = page('<meta property="og:site_name" content="baycourier">'
                  '<meta property="article:publisher" content="https://www.facebook.com/baycourier">'
                  + json_ld({"@context": "https://schema.org", "@type": "NewsArticle", "headline": "Night ferries return",
                             "publisher": {"@type": "Organization", "name": "The Bay Courier"}}))
    assert metadata(handle).outlet == "The Bay Courier"
    link_only = page('<meta property="article:publisher" content="https://www.facebook.com/baycourier">')
    assert metadata(link_only, "https://www.baycourier.example/ferry").outlet == "baycourier.example"


def test_canonical_link_wins_and_is_made_absolute():
    html = page('<link rel="canonical" href="/news/ferry-timetable">'
                '<meta property="og:url" content="https://baycourier.example/ferry?utm_source=feed">')
    assert metadata(html).url == "https://baycourier.example/news/ferry-timetable"
    assert metadata(page("<title>Ferries</title>"), "https://baycourier.example/a").url == "https://baycourier.example/a"


def test_malformed_urls_are_skipped():
    html = page('<link rel="canonical" href="https://[broken/ferry"><link rel="canonical" href="//[broken">'
                '<meta property="og:url" content="https://baycourier.example/ferry">')
    found = metadata(html)
    assert (found.url, found.outlet) == ("https://baycourier.example/ferry", "baycourier.example")


def test_date_from_the_url_when_the_page_states_none():
    assert metadata(page("<title>Ferries</title>"), "https://baycourier.example/2021/03/04/ferries").published == "2021-03-04"


def test_the_tree_is_left_as_it_was():
    tree = load_html(page('<meta property="og:title" content="Ferries">', '<body><div class="byline">By Ana Ruiz</div>'
                                                                            + BODY.removeprefix("<body>")))
    before = tostring(tree)
    page_metadata(tree, "https://baycourier.example/2021/03/04/ferries")
    assert tostring(tree) == before
