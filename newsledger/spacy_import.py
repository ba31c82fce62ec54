"""spaCy imported without its command line, which newsledger never runs.

spaCy's package init imports `spacy.cli.info` only to offer `spacy.info`, and that module pulls in
spaCy's whole CLI (weasel, requests, httpx, jinja2, the init-config templates): about a fifth of
the CPU of `import spacy`, paid by every process that analyzes (each `analyze`, each corpus
worker). So while spaCy's own init runs, a stand-in `spacy.cli.info` answers that one import; its
`info` imports the real one when called, and so does any other name asked of it (should a spaCy
release import more from that module). The stand-in is gone once spaCy is imported: a later
`import spacy.cli` gets the real CLI. A release that stops importing the module never sees it.

`defer_spacy_cli()` is called when the `newsledger` package is imported, before any of its
modules can import spaCy; if spaCy is already imported it does nothing.
"""

from __future__ import annotations

import importlib
import importlib.util
import sys
import types

SPACY = "spacy"
SPACY_INFO = "spacy.cli.info"


def defer_spacy_cli() -> None:
    if SPACY not in sys.modules and not any(isinstance(finder, _SpacyFinder) for finder in sys.meta_path):
        sys.meta_path.insert(0, _SpacyFinder())


def _real_info_module() -> types.ModuleType:
    if isinstance(sys.modules.get(SPACY_INFO), _StandIn):
        del sys.modules[SPACY_INFO]
    return importlib.import_module(SPACY_INFO)


def _info(*args, **kwargs):
    return _real_info_module().info(*args, **kwargs)


class _StandIn(types.ModuleType):
    def __init__(self):
        super().__init__(SPACY_INFO)
        self.info = _info

    def __getattr__(self, name):
        if name.startswith("__"):  # what the import system asks of any module (`__path__`, ...)
            raise AttributeError(name)
        return getattr(_real_info_module(), name)


class _SpacyFinder:
    """Finds spaCy the usual way, once, and gives its loader the stand-in. (A plain class: the
    `importlib.abc` bases would import importlib.resources, ~15 ms, for nothing.)"""

    def find_spec(self, name, path=None, target=None):
        if name != SPACY:
            return None
        sys.meta_path.remove(self)
        spec = importlib.util.find_spec(SPACY)
        if spec is not None and spec.loader is not None:
            spec.loader = _WithoutCli(spec.loader)
        return spec


class _WithoutCli:
    """spaCy's own loader, running its init while `spacy.cli.info` is the stand-in."""

    def __init__(self, loader):
        self.loader = loader

    def create_module(self, spec):
        return self.loader.create_module(spec)

    def exec_module(self, module):
        stand_in = _StandIn()
        sys.modules.setdefault(SPACY_INFO, stand_in)
        try:
            self.loader.exec_module(module)
        finally:
            if sys.modules.get(SPACY_INFO) is stand_in:
                del sys.modules[SPACY_INFO]

    def __getattr__(self, name):  # resources, source and the like come from spaCy's own loader
        return getattr(self.loader, name)
