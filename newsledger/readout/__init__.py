"""The readout stage (`Document.readout`); its two renderings for people are in `render`.

`render.render_markdown(document)` is what `--format md` prints: the readout on its own, quoting
the exact words, with dates, places and a source line per item. `render.render_html(document)` is
one self-contained page: the article with quotes highlighted and linked to their speakers and
events underlined with their type, beside the readout. They are imported where they are used, so
that the JSON a run writes does not import their templating (jinja2).
"""

from __future__ import annotations

from spacy.tokens import Doc

from newsledger.model import Document
from newsledger.pipeline import register_stage
from newsledger.readout.build import build_readout
from newsledger.settings import Settings


@register_stage("readout")
def readout_stage(settings: Settings):
    return annotate_readout


def annotate_readout(document: Document, parsed: Doc) -> None:
    document.readout = build_readout(document, parsed)
