"""The learned cue and keep models: their weights' inference, the stage using them, and training
on a tiny BRAT folder we write ourselves (sentences of our own, not PolNeAR's)."""

from __future__ import annotations

import json
import math

import pytest

from newsledger.knowledge import ActorKnowledge
from newsledger.model import Document
from newsledger.quotes import QuoteStage
from newsledger.quotes.learned import CUE_MODEL, KEEP_MODEL, MODEL_FOLDER, LinearModel
from newsledger.quotes.lexicon import QuoteLexicon


def contents(document: Document) -> list[str]:
    return [" | ".join(span.text for span in quote.content) for quote in document.quotes]


def test_probability_is_the_logistic_of_the_summed_weights(tmp_path):
    path = tmp_path / "model.json"
    path.write_text(json.dumps({"threshold": 0.5, "weights": {"bias": -1.0, "lemma=champion": 2.5}}))
    model = LinearModel.load(path)
    assert model.probability(["bias", "lemma=champion", "unseen=feature"]) == pytest.approx(1 / (1 + math.exp(-1.5)))
    assert model.probability(["bias"]) < model.threshold


def test_no_model_file_means_rules_alone(tmp_path):
    assert LinearModel.load(tmp_path / "absent.json") is None


@pytest.mark.parametrize("name", [CUE_MODEL, KEEP_MODEL])
def test_shipped_models_are_small_plain_json(name):
    path = MODEL_FOLDER / name
    data = json.loads(path.read_text(encoding="utf-8"))
    assert 0 < data["threshold"] < 1
    assert all(isinstance(weight, float) for weight in data["weights"].values())
    assert path.stat().st_size < 2_000_000


def rule_stage(keep_bias: float) -> QuoteStage:
    """The quotes stage with no cue model and a keep model that weighs only its bias."""
    return QuoteStage(QuoteLexicon.load(), ActorKnowledge.load(), None, LinearModel({"bias": keep_bias}, threshold=0.5))


def test_keep_model_decides_which_rule_attributions_stay(raw_analyzer):
    text = "The mayor said the bridge would open in May."
    parsed = raw_analyzer.nlp(text)
    kept, dropped = Document(id="k", text=text), Document(id="d", text=text)
    rule_stage(4.0)(kept, parsed)
    rule_stage(-4.0)(dropped, parsed)
    assert [q.content[0].text for q in kept.quotes] == ["the bridge would open in May"]
    assert dropped.quotes == []


def test_model_finds_a_stance_the_lexicon_lacks(analyze):
    # "champion" is in no cue list: the model takes it for a stance on its object
    document = analyze("Senator Ruth Adler has long championed a higher minimum wage for farm workers.")
    assert any("minimum wage" in content for content in contents(document)), contents(document)
    quote = next(q for q in document.quotes if "minimum wage" in q.content[0].text)
    assert quote.cue.text == "championed"
    assert quote.speaker.text == "Senator Ruth Adler"


def test_model_takes_an_object_and_what_it_is_seen_as(analyze):
    # "see" is no cue word of the lexicons (as a rule it adds more false quotes than true ones)
    document = analyze("Governor Paula Greene sees the new pipeline as a threat to the valley.")
    quote = document.quotes[0]
    assert quote.content[0].text == "the new pipeline as a threat to the valley"
    assert quote.cue.text == "sees"
    assert quote.speaker.text == "Governor Paula Greene"


def test_model_takes_a_group_position(analyze):
    document = analyze("Most voters in the county favor a ban on fracking.")
    assert [(q.cue.text, q.content[0].text) for q in document.quotes] == [("favor", "a ban on fracking")]


def test_model_leaves_plain_narration_alone(analyze):
    document = analyze("The bus left the station at noon and arrived in the town two hours later.")
    assert document.quotes == []


ARTICLE = ("Mayor Dana Reyes championed the new bridge on Monday. The council members hailed the plan "
           "as a bold step. Critics slammed the cost. The engineers built a ramp near the river. "
           "The engineers said the ramp was ready.")
# the three attributions of ARTICLE: (cue, content)
GOLD = [("championed", "the new bridge"), ("hailed", "the plan as a bold step"), ("slammed", "the cost")]


def write_brat(folder, n_articles: int) -> None:
    (folder / "train" / "text").mkdir(parents=True)
    (folder / "train" / "attributions").mkdir()
    for n in range(n_articles):
        (folder / "train" / "text" / f"a{n}.txt").write_text(ARTICLE, encoding="utf-8")
        lines = []
        for k, (cue, content) in enumerate(GOLD):
            cue_start, content_start = ARTICLE.index(cue), ARTICLE.index(content)
            lines.append(f"T{2 * k + 1}\tCue {cue_start} {cue_start + len(cue)}\t{cue}")
            lines.append(f"T{2 * k + 2}\tContent {content_start} {content_start + len(content)}\t{content}")
            lines.append(f"E{k + 1}\tAttribution:T{2 * k + 1} Content:T{2 * k + 2} Cue:T{2 * k + 1}")
        (folder / "train" / "attributions" / f"a{n}_x.ann").write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_training_on_a_tiny_brat_folder_writes_weights(tmp_path):
    pytest.importorskip("sklearn")
    from newsledger.quotes.train import main

    write_brat(tmp_path, 5)
    assert main(["--polnear", str(tmp_path), "--out", str(tmp_path), "--min-count", "1"]) == 0
    cue_model, keep_model = LinearModel.load(tmp_path / CUE_MODEL), LinearModel.load(tmp_path / KEEP_MODEL)
    # the verbs annotated as cues weigh more than the one that is not
    assert cue_model.weights["lemma=hail"] > cue_model.weights.get("lemma=build", 0.0)
    # "said" heads a rule attribution the annotators left out: the keep model learns to drop it
    assert keep_model.weights["lemma=say"] < 0
