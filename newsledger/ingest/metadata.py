"""A page's title, publication date, authors, site name and canonical URL, read from its parsed tree.

trafilatura's own metadata pass (`with_metadata=True`) costs a fifth to a half as much again as the
body extraction on the gold pages: htmldate's extensive search, a byline search over a copy of the
whole tree, categories, tags and licence. We need five fields, and news pages state them where they
are cheap to read: `<meta>` tags (`data/meta_tags.tsv`), JSON-LD, `<link rel="canonical">`, the one
`<h1>`, `<title>` and a byline element. The date comes from htmldate's quick search (headers,
JSON-LD, URL, date elements). What this does not do: find a byline that is only in the body text,
or a date that is only written in the prose.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from html import unescape
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from lxml.etree import XPath
from lxml.html import HtmlElement

from newsledger.datafiles import tsv_rows

DATA = Path(__file__).parent / "data"
# "Headline | Site", "Headline - Site": the separators `<title>` puts around the headline (not the
# colon: "Brexit: what happens next" is one headline)
TITLE_SEPARATOR = re.compile(r"\s+[|–—·•›»~-]\s+")
AUTHOR_SEPARATOR = re.compile(r"\s*(?:[;,|&/]|\band\b)\s*", re.IGNORECASE)
BYLINE_PREFIX = re.compile(r"^(?:\w+\s+)?by\b:?\s*", re.IGNORECASE)  # By, Written by, Reporting by
# elements that hold a byline; none inside a comment section (commenters are no authors)
BYLINE = XPath('//*[@rel="author" or @itemprop="author" or contains(@class, "author") or contains(@class, "byline")]'
               '[not(ancestor-or-self::*[contains(@class, "comment") or contains(@id, "comment")])]')
BYLINE_MAX_CHARS = 120  # an author box with a biography is no byline
NOT_A_NAME = re.compile(r"[\d@:/<>*()]|^https?|www\.", re.IGNORECASE)


@dataclass
class PageMetadata:
    title: str | None = None
    published: str | None = None  # YYYY-MM-DD
    authors: list[str] = field(default_factory=list)
    outlet: str | None = None
    url: str | None = None


@dataclass
class LinkedData:
    """What a page's JSON-LD says about the article it carries."""
    headline: str | None = None
    authors: list[str] = field(default_factory=list)
    publisher: str | None = None


def page_metadata(tree: HtmlElement, url: str | None = None) -> PageMetadata:
    """The metadata of a parsed page; `url` is where it was fetched from, if known. Never edits `tree`."""
    from htmldate import find_date  # here: a run over text files never pays for htmldate's import

    tags = meta_tags(tree)
    linked = linked_data(tree)
    canonical = canonical_url(tree, tags.get("url", []) + [url])
    outlet = site_name(tags.get("outlet", []), linked.publisher, canonical or url)
    title = _first(tags, "title") or linked.headline
    return PageMetadata(
        title=without_site_name(title, outlet) if title else heading_title(tree, outlet),
        published=find_date(tree, url=canonical or url, extensive_search=False, original_date=True),
        authors=author_names(linked.authors + tags.get("author", [])) or byline_names(tree),
        outlet=outlet,
        url=canonical or url,
    )


def site_name(tagged: list[str], publisher: str | None, url: str | None) -> str | None:
    """The site name the meta tags give, unless it is a handle (`wsj`, `@thehill`) and the JSON-LD
    publisher spells the name out; else the publisher; else the URL's host (`example.org`).
    Links (`article:publisher` is often a Facebook page) are no names."""
    names = [name.lstrip("@") for name in tagged if not name.startswith(("http://", "https://", "/"))]
    tagged_name = names[0] if names else None
    if tagged_name and publisher and " " not in tagged_name and len(publisher) > len(tagged_name):
        return publisher
    host = _host(url)
    return tagged_name or publisher or (host.removeprefix("www.") if host else None)


# ---- sources -----------------------------------------------------------------------------

@lru_cache(maxsize=1)
def meta_tag_fields() -> dict[str, str]:
    """Meta tag key -> field, for the tags listed in `data/meta_tags.tsv`."""
    return {key: name for name, key in tsv_rows(DATA / "meta_tags.tsv")}


def meta_tags(tree: HtmlElement) -> dict[str, list[str]]:
    """Field -> the contents of its meta tags, best first (the order of `data/meta_tags.tsv`)."""
    fields = meta_tag_fields()
    rank = {key: index for index, key in enumerate(fields)}
    found: list[tuple[int, str, str]] = []
    for element in tree.iter("meta"):
        key = (element.get("property") or element.get("name") or element.get("itemprop") or "").strip().lower()
        content = _text(element.get("content"))
        if key in fields and content:
            found.append((rank[key], fields[key], content))
    tags: dict[str, list[str]] = {}
    for _, name, content in sorted(found, key=lambda item: item[0]):
        tags.setdefault(name, []).append(content)
    return tags


def linked_data(tree: HtmlElement) -> LinkedData:
    """The headline, authors and publisher of the first article object in the page's JSON-LD, with
    an organization's or website's name standing in for a missing publisher."""
    linked = LinkedData()
    site_names = []
    objects = list(_json_ld_objects(tree))
    by_id = {item["@id"]: item for item in objects if isinstance(item.get("@id"), str)}
    for item in objects:
        kinds = _kinds(item)
        if any(kind.endswith(("article", "posting")) or kind == "report" for kind in kinds):
            if linked.headline is None and isinstance(item.get("headline"), str):
                linked.headline = _text(item["headline"])
            linked.authors = linked.authors or _person_names(item.get("author"), by_id)
            publisher = item.get("publisher")
            if isinstance(publisher, dict) and isinstance(publisher.get("name"), str):
                linked.publisher = linked.publisher or _text(publisher["name"])
        elif isinstance(item.get("name"), str) and any(kind.endswith("organization") or kind == "website" for kind in kinds):
            site_names.append(_text(item["name"]))
    linked.publisher = linked.publisher or next(filter(None, site_names), None)
    return linked


def _json_ld_objects(tree: HtmlElement) -> Iterator[dict]:
    for script in tree.iter("script"):
        if (script.get("type") or "").strip().lower() != "application/ld+json" or not script.text:
            continue
        try:
            data = json.loads(script.text, strict=False)
        except ValueError:  # broken JSON-LD is common; the meta tags usually say the same
            continue
        for item in _as_list(data):
            if isinstance(item, dict):
                yield item
                yield from (node for node in _as_list(item.get("@graph")) if isinstance(node, dict))


def _person_names(authors, by_id: dict[str, dict]) -> list[str]:
    """Author names from a JSON-LD `author` value: a string, a Person, a reference to one in the
    page's graph (`{"@id": ...}`), or a list of them; organizations are skipped."""
    names = []
    for author in _as_list(authors):
        if isinstance(author, dict) and "name" not in author and author.get("@id") in by_id:
            author = by_id[author["@id"]]
        if isinstance(author, str):
            names.append(author)
        elif isinstance(author, dict) and not any(kind.endswith("organization") for kind in _kinds(author)):
            name = author.get("name")
            names.extend(part for part in _as_list(name) if isinstance(part, str))
    return names


def canonical_url(tree: HtmlElement, fallbacks: list[str | None]) -> str | None:
    """`<link rel="canonical">` (made absolute against the other URLs known), else the first absolute fallback."""
    bases = [candidate for candidate in fallbacks if candidate and candidate.startswith(("http://", "https://"))]
    for link in tree.iter("link"):
        if "canonical" in (link.get("rel") or "").lower().split() and (href := (link.get("href") or "").strip()):
            absolute = href if href.startswith(("http://", "https://")) else _joined(bases[0], href) if bases else None
            if absolute and _host(absolute):
                return absolute
    return bases[0] if bases else None


def byline_names(tree: HtmlElement) -> list[str]:
    """Names in the first byline element that has any (`rel="author"`, `itemprop="author"`, a class
    naming an author or byline): for pages whose tags and JSON-LD name no author."""
    for element in BYLINE(tree):
        text = _text(" ".join(element.itertext()))
        if text and len(text) <= BYLINE_MAX_CHARS and (names := author_names([text])):
            return names
    return []


def heading_title(tree: HtmlElement, outlet: str | None) -> str | None:
    """The page's only `<h1>`, else `<title>` without the site name or section around the headline."""
    headings = list(tree.iter("h1"))
    if len(headings) == 1 and (heading := _text(headings[0].text_content())):
        return heading
    title_element = next(tree.iter("title"), None)
    title = _text(title_element.text_content()) if title_element is not None else None
    return headline_of(title, outlet) if title else None


def _last_split(title: str) -> tuple[str, str] | None:
    separators = list(TITLE_SEPARATOR.finditer(title))
    return (title[: separators[-1].start()], title[separators[-1].end():]) if separators else None


def _is_site(part: str, outlet: str | None) -> bool:
    return part.lower() == (outlet or "").lower() or ("." in part and " " not in part)


def without_site_name(title: str, outlet: str | None) -> str:
    """A meta title without a trailing site name or domain: `Headline - sportsnet.ca` -> `Headline`."""
    split = _last_split(title)
    return split[0] if split and _is_site(split[1], outlet) else title


def headline_of(title: str, outlet: str | None) -> str:
    """The headline in a `<title>`: `Headline | Site` -> `Headline`, `Opinion | Headline` -> `Headline`.
    Splits at the last separator and keeps the side that reads as the headline: not the site name,
    not a domain, the longer."""
    split = _last_split(title)
    if not split:
        return title
    head, tail = split
    return head if _is_site(tail, outlet) or len(tail) <= len(head) else tail


def author_names(values: list[str]) -> list[str]:
    """Person names from author strings (`By A and B`, `A; B`), without URLs, handles or one-word
    names (a meta author `admin` or `staff` is no byline)."""
    names: list[str] = []
    for value in values:
        for part in AUTHOR_SEPARATOR.split(BYLINE_PREFIX.sub("", _text(value) or "")):
            name = BYLINE_PREFIX.sub("", part).strip(" .")
            if 2 <= len(name.split()) <= 5 and not NOT_A_NAME.search(name):
                name = name.title() if name.islower() or name.isupper() else name
                if name not in names:
                    names.append(name)
    return names


# ---- small helpers -------------------------------------------------------------------------

def _first(tags: dict[str, list[str]], name: str) -> str | None:
    return tags.get(name, [None])[0]


def _text(value: str | None) -> str | None:
    """Entities decoded (pages double-escape them), whitespace collapsed; None when empty."""
    if not value:
        return None
    return " ".join(unescape(value).split()) or None


def _host(url: str | None) -> str | None:
    try:
        return urlsplit(url).hostname if url else None
    except ValueError:  # a malformed URL in the page ("https://[bad/")
        return None


def _joined(base: str, href: str) -> str | None:
    try:
        return urljoin(base, href)
    except ValueError:
        return None


def _kinds(item: dict) -> list[str]:
    """A JSON-LD object's types, lower case."""
    return [kind.lower() for kind in _as_list(item.get("@type")) if isinstance(kind, str)]


def _as_list(value) -> list:
    return value if isinstance(value, list) else [] if value is None else [value]
