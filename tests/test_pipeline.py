"""The analyzer's contract: stages run in order on one parse, and one bad document never stops a batch."""

import gc

import pytest

from newsledger.model import SCHEMA, Document, json_schema
from newsledger.pipeline import Analyzer, batched, collection_paused, make_stage, register_stage
from newsledger.settings import Settings


@register_stage("test_sentence_counter")
def _sentence_counter(settings):
    def stage(document, parsed):
        if "explode" in document.text:
            raise ValueError("this document asked to fail")
        document.title = f"{len(list(parsed.sents))} sentences"
    return stage


@pytest.fixture(scope="module")
def counting_analyzer():
    return Analyzer(Settings(clean=False, stages=("test_sentence_counter",), max_chars=200, batch_size=2))


def test_stages_see_the_parse_of_the_document_text(counting_analyzer):
    [document] = counting_analyzer.analyze([Document(id="a", text="Talks began. They ended.")])
    assert document.title == "2 sentences"
    assert document.error is None


def test_a_failing_document_gets_an_error_record_and_the_batch_goes_on(counting_analyzer):
    documents = [Document(id=str(i), text=text) for i, text in
                 enumerate(["One sentence.", "Please explode now.", "x" * 500, "Two. Sentences."])]
    results = list(counting_analyzer.analyze(documents))
    assert [d.id for d in results] == ["0", "1", "2", "3"]
    assert results[0].title == "1 sentences" and results[3].title == "2 sentences"
    assert results[1].error.stage == "test_sentence_counter"
    assert "asked to fail" in results[1].error.message
    assert results[2].error.kind == "too_large"


def test_documents_that_arrive_with_an_error_pass_through_untouched(counting_analyzer):
    broken = Document(id="b", error={"stage": "ingest", "kind": "binary", "message": "not text"})
    [result] = counting_analyzer.analyze([broken])
    assert result.error.kind == "binary" and result.title is None


def test_unknown_stage_names_the_known_ones():
    with pytest.raises(KeyError, match="quotes"):
        make_stage("no_such_stage", Settings())


def test_batched_keeps_order_and_remainder():
    assert list(batched(range(5), 2)) == [[0, 1], [2, 3], [4]]


def test_document_json_round_trip_keeps_schema_version():
    document = Document(id="x", text="Hello.", published="2022-01-10")
    data = document.to_json_dict()
    assert data["schema"] == SCHEMA
    assert Document.from_json_dict(data) == document


def test_json_schema_is_versioned_and_lists_every_layer():
    schema = json_schema()
    assert schema["$id"] == SCHEMA
    for layer in ("cleaning", "entities", "quotes", "events", "times", "places", "readout", "error"):
        assert layer in schema["properties"]


def test_settings_read_the_environment(monkeypatch):
    monkeypatch.setenv("NEWSLEDGER_MODEL", "en_core_web_md")
    monkeypatch.setenv("NEWSLEDGER_STAGES", "entities,quotes")
    settings = Settings.from_env(batch_size=8)
    assert settings.model == "en_core_web_md"
    assert settings.stages == ("entities", "quotes")
    assert settings.batch_size == 8


def test_a_missing_model_is_a_clear_error():
    from newsledger.nlp import load_model

    with pytest.raises(RuntimeError, match="NEWSLEDGER_MODEL"):
        load_model("no_such_spacy_model_xyz")


def test_no_sentence_runs_across_a_paragraph_break():
    from newsledger.nlp import load_model

    nlp = load_model(Settings().model)
    # The first paragraph ends in a comma, as scraped paragraphs sometimes do.
    parsed = nlp("The two leaders agreed to hold a summit in the spring,\n\nThe finance ministry, for its part, "
                 "is worried about the cost.\nIt said so on Friday.")
    starts = [sentence.text.strip().split()[0] for sentence in parsed.sents]
    assert starts == ["The", "The", "It"]


def test_a_quote_speaker_is_named_by_entity_then_words_then_group():
    from newsledger.model import Entity, Quote, Span

    document = Document(id="s", text="Ana Silva said so. Officials said no.",
                        entities=[Entity(id="e1", name="Ana Silva", type="PERSON")])
    quote = Quote(id="q1", kind="indirect", content=[Span(start=15, end=17)])
    assert document.speaker_name(quote.model_copy(update={"speaker_entity": "e1"})) == "Ana Silva"
    assert document.speaker_name(quote.model_copy(update={"speaker": Span(start=0, end=9)})) == "Ana Silva"
    assert document.speaker_name(quote.model_copy(update={"speaker_group": "Officials"})) == "Officials"
    assert document.speaker_name(quote) is None


def test_no_collection_runs_while_the_analyzer_is_built_even_if_a_library_enables_the_collector():
    collections = []

    def count(phase, info):
        if phase == "start":
            collections.append(info["generation"])

    thresholds = gc.get_threshold()
    gc.callbacks.append(count)
    try:
        with collection_paused():
            gc.enable()  # what srsly does after reading each msgpack file of a model
            cycles = [[] for _ in range(50_000)]
            for cycle in cycles:
                cycle.append(cycle)
    finally:
        gc.callbacks.remove(count)
    assert collections == []
    assert gc.get_threshold() == thresholds
    assert gc.get_freeze_count() >= len(cycles)
    gc.unfreeze()
