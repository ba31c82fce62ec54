"""Markdown and HTML renderings of an analyzed document (templates in templates/).

Both read only the `Document`; a document analyzed without the readout stage renders its layers
without the readout section.
"""

from __future__ import annotations

import re
from functools import lru_cache
from html import escape
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup

from newsledger.model import Document, ReadoutItem, Span

TEMPLATES = Path(__file__).parent / "templates"
EXCERPT_CHARS = 90
OPENING_MARKS, CLOSING_MARKS = "“\"«", "”\"»"
INNER_MARKS = str.maketrans({"“": "‘", "”": "’", '"': "'", "«": "‹", "»": "›"})
QUOTE_GAP = " … "  # how build joins the spans of a quote
# what Markdown acts on inside a line: backslashes, code and emphasis marks, HTML tags, an
# underscore at a word's edge (inside a word it is a letter), a bracket that opens a link
MARKDOWN_ACTIVE = re.compile(r"[\\`*<]|(?<!\w)_|_(?!\w)|\[(?=[^\]]*\]\()")
SECTIONS = (("said", "Said"), ("demanded", "Demanded"), ("offered", "Offered"),
            ("threatened", "Threatened"), ("rejected", "Rejected"))


@lru_cache(maxsize=None)
def _environment() -> Environment:
    environment = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(enabled_extensions=("html", "html.jinja")),
                              trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    environment.filters["source"] = source_line
    environment.filters["md"] = _markdown_text
    environment.filters["md_cell"] = _markdown_cell
    environment.filters["quoted"] = quoted
    return environment


def render_markdown(document: Document) -> str:
    return _environment().get_template("readout.md.jinja").render(
        document=document, readout=document.readout, sections=SECTIONS, speakers=_speaker_names(document))


def render_html(document: Document) -> str:
    return _environment().get_template("page.html.jinja").render(
        document=document, readout=document.readout, sections=SECTIONS, article=Markup(annotated_article(document)),
        speakers=_speaker_names(document))


def source_line(item: ReadoutItem | Span | None) -> str:
    """Where an item comes from: character offsets of its sentence and a short excerpt."""
    sentence = item.sentence if isinstance(item, ReadoutItem) else item
    if sentence is None:  # only outcome items read off the title have no sentence
        return "the headline"
    excerpt = " ".join((sentence.text or "").split())
    if len(excerpt) > EXCERPT_CHARS:
        excerpt = excerpt[:EXCERPT_CHARS].rsplit(" ", 1)[0] + "…"
    return f"chars {sentence.start}–{sentence.end}: “{excerpt.translate(INNER_MARKS)}”"


def quoted(text: str) -> str:
    """A quote in one pair of quotation marks: the marks of a quotation that opens a span are
    dropped with the comma before its closing mark ("“It’s a choice,” she said"), and quotation
    marks left inside become single ones (“must ‘de-escalate’ by moving”)."""
    pieces = []
    for piece in text.split(QUOTE_GAP):
        piece = piece.strip()
        if piece[:1] in OPENING_MARKS:
            piece = piece.lstrip(OPENING_MARKS)
            if piece[-1:] in CLOSING_MARKS + OPENING_MARKS:  # a closing mark typed as an opening one too
                piece = piece.rstrip(CLOSING_MARKS + OPENING_MARKS).rstrip().rstrip(",")
        pieces.append(piece.translate(INNER_MARKS))
    return f"“{QUOTE_GAP.join(pieces)}”"


def _markdown_text(text: str | None) -> str:
    """Text safe inside a Markdown line: no line breaks, and a backslash only before a character
    Markdown would act on (no stray escapes: "[targets]" stays as written)."""
    return MARKDOWN_ACTIVE.sub(lambda match: "\\" + match.group(), " ".join((text or "").split()))


def _markdown_cell(text: str | None) -> str:
    """Text safe inside a Markdown table cell: also no bare column separator."""
    return _markdown_text(text).replace("|", "\\|")


def _speaker_names(document: Document) -> dict[str, str]:
    return {quote.id: document.speaker_name(quote) or "unknown" for quote in document.quotes}


def annotated_article(document: Document) -> str:
    """The article as HTML: every character escaped, quote spans in <mark> linked to their speaker,
    event triggers underlined with their type. Each stretch between two annotation boundaries is
    wrapped on its own, so overlapping annotations still nest correctly."""
    text = document.text
    quotes = [(span.start, span.end, quote) for quote in document.quotes for span in quote.content]
    events = [(event.trigger.start, event.trigger.end, event) for event in document.events]
    bounds = sorted({0, len(text)} | {b for s, e, _ in quotes + events for b in (s, e) if 0 <= b <= len(text)})
    speakers = _speaker_names(document)
    pieces = []
    for start, end in zip(bounds, bounds[1:]):
        piece = escape(text[start:end]).replace("\n", "<br>\n")
        for s, e, event in events:
            if s <= start and end <= e:
                piece = (f'<u class="event" data-type="{escape(event.type)}" title="{escape(event.type)} ({escape(event.id)})">'
                         f'{piece}<sup>{escape(event.type)}</sup></u>' if end == e else
                         f'<u class="event" title="{escape(event.type)} ({escape(event.id)})">{piece}</u>')
        for s, e, quote in quotes:
            if s <= start and end <= e:
                target = f"#{escape(quote.speaker_entity)}" if quote.speaker_entity else f"#{escape(quote.id)}"
                piece = (f'<a class="quote" href="{target}" title="{escape(speakers[quote.id])} ({escape(quote.id)})">'
                         f'<mark>{piece}</mark></a>')
        pieces.append(piece)
    return "".join(pieces)
