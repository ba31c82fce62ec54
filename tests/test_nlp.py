"""The parse the stages read: the attribute lookup gives exactly the stock components' attributes."""

from __future__ import annotations

import subprocess
import sys

import pytest
import spacy
from spacy.tokens import Doc

from newsledger.nlp import _disabled_components, _load_pipeline, load_model
from newsledger.nlp.attributes import ATTRIBUTE_LOOKUP
from newsledger.nlp.paragraphs import PARAGRAPH_BREAKS
from newsledger.settings import Settings

# Sentences that reach the ruler's special patterns: "gon na", "let 's", "y' all", an expletive
# "there is", "ai n't", auxiliaries, "I"/"it" as subject and object, spaces, "gets"/"got".
TEXTS = [
    "We're gonna win, let's go. Y'all know there is no way it ain't so.\n\nI told it to me.",
    "She gets what she wants; he got nothing. Do you have it?  It has been done, but it was hard.",
    "There were 3 talks in Geneva on Monday, the minister said, and they are \"not over\".",
    "\n\n  Which one did they pick?  c'mon,   nothin' to see here!",
]


def token_attributes(doc) -> list[tuple]:
    return [(t.text, t.tag_, t.pos_, str(t.morph), t.lemma_, t.dep_, t.head.i, t.ent_type_, t.ent_iob_)
            for t in doc]


def test_lookup_replaces_ruler_and_lemmatizer():
    nlp = load_model(Settings().model)
    assert ATTRIBUTE_LOOKUP in nlp.pipe_names
    assert "attribute_ruler" not in nlp.pipe_names and "lemmatizer" not in nlp.pipe_names


def test_tokenizer_is_the_pipelines_own():
    """Loaded once from the pipeline's files (not the language defaults first): the same rules,
    regexes and tokens as a stock load."""
    stock = spacy.load(Settings().model)
    ours = load_model(Settings().model)
    # without the vocab, which the other tests grow in the cached pipeline
    assert ours.tokenizer.to_bytes(exclude=["vocab"]) == stock.tokenizer.to_bytes(exclude=["vocab"])
    assert len(ours.tokenizer.rules) > 1000
    for text in TEXTS:
        assert [t.text for t in ours.tokenizer(text)] == [t.text for t in stock.tokenizer(text)]


class WhitespaceTokenizer:
    """A tokenizer of another class than spaCy's rule-based one, with files of its own."""

    def __init__(self, vocab):
        self.vocab = vocab

    def __call__(self, text):
        return Doc(self.vocab, words=text.split())

    def to_disk(self, path, **kwargs):
        path.write_text("whitespace", encoding="utf-8")

    def from_disk(self, path, **kwargs):
        assert path.read_text(encoding="utf-8") == "whitespace"
        return self


@spacy.registry.tokenizers("test.WhitespaceTokenizer.v1")
def whitespace_tokenizer():
    return lambda nlp: WhitespaceTokenizer(nlp.vocab)


def test_pipeline_with_another_tokenizer_keeps_it(tmp_path):
    spacy.blank("en", config={"nlp": {"tokenizer": {"@tokenizers": "test.WhitespaceTokenizer.v1"}}}).to_disk(tmp_path)
    loaded = _load_pipeline(str(tmp_path))
    assert isinstance(loaded.tokenizer, WhitespaceTokenizer)
    assert [t.text for t in loaded("Don't go.")] == ["Don't", "go."]


def test_lookup_gives_the_stock_attributes_on_every_token():
    stock = spacy.load(Settings().model)
    stock.add_pipe(PARAGRAPH_BREAKS, before="parser")
    ours = load_model(Settings().model)
    # twice through ours: the second pass copies cached results
    for _ in range(2):
        for expected, got in zip(stock.pipe(TEXTS), ours.pipe(TEXTS)):
            assert token_attributes(got) == token_attributes(expected)


def test_gemm_setting_picks_the_matrix_library_and_keeps_blas_on_one_thread():
    from thinc.api import NumpyOps
    from threadpoolctl import threadpool_info, threadpool_limits

    with threadpool_limits(2, user_api="blas"):  # a caller's wider pool is narrowed again
        numpy_gemm = load_model(Settings().model, "numpy")
        assert all(pool["num_threads"] == 1 for pool in threadpool_info() if pool["user_api"] == "blas")
    blis_gemm = load_model(Settings().model, "blis")
    # the shared tok2vec, most of the parse's products (thinc builds the parser's and NER's small
    # output layers with its default ops whatever the load asks)
    for node in numpy_gemm.get_pipe("tok2vec").model.walk():
        assert isinstance(node.ops, NumpyOps) and not node.ops.use_blis
    assert all(node.ops.use_blis for node in blis_gemm.get_pipe("tok2vec").model.walk())
    # the two libraries give the same parse
    for expected, got in zip(blis_gemm.pipe(TEXTS), numpy_gemm.pipe(TEXTS)):
        assert token_attributes(got) == token_attributes(expected)
    with pytest.raises(ValueError, match="unknown gemm"):
        load_model(Settings().model, "cuda")


def test_spacy_is_imported_without_its_cli_yet_offers_it():
    """Importing newsledger first, spaCy's init skips its CLI (weasel, requests: a fifth of the
    import), while `spacy.info` and a later `import spacy.cli` still give the real ones."""
    script = (
        "import sys, newsledger, spacy\n"
        "assert 'spacy.cli' not in sys.modules and 'weasel' not in sys.modules\n"
        "assert 'spacy_version' in spacy.info(silent=True)\n"
        "import spacy.cli\n"
        "assert sys.modules['spacy.cli.info'].__file__.endswith('info.py')\n"
        "assert spacy.cli.app.registered_commands\n"
        # a name the stand-in does not define (should a release import one) comes from the real module
        "from newsledger.spacy_import import _StandIn\n"
        "sys.modules['spacy.cli.info'] = _StandIn()\n"
        "assert callable(sys.modules['spacy.cli.info'].get_model_filename)\n"
        "assert sys.modules['spacy.cli.info'].__file__.endswith('info.py')\n"
    )
    subprocess.run([sys.executable, "-c", script], check=True)


def test_components_the_pipeline_disables_are_not_loaded():
    nlp = load_model(Settings().model)
    assert _disabled_components(Settings().model) == ["senter"]
    assert "senter" not in nlp.component_names
    assert _disabled_components("no/such/pipeline") == []
