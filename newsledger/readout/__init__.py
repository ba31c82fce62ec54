"""The readout stage (`Document.readout`) and its two renderings for people.

`render_markdown(document)` is what `--format md` prints: the readout on its own, quoting the exact
words, with dates, places and a source line per item. `render_html(document)` is one
self-contained page: the article with quotes highlighted and linked to their speakers and events
underlined with their type, beside the readout.
"""

from __future__ import annotations

from spacy.tokens import Doc

from newsledger.model import Document
from newsledger.pipeline import register_stage
from newsledger.readout.build import build_readout
from newsledger.readout.render import render_html, render_markdown
from newsledger.settings import Settings

__all__ = ["render_html", "render_markdown"]


@register_stage("readout")
def readout_stage(settings: Settings):
    return annotate_readout


def annotate_readout(document: Document, parsed: Doc) -> None:
    document.readout = build_readout(document, parsed)
