"""The learned cue model: its weights' inference, the stage using it, and training on a tiny
BRAT folder we write ourselves (sentences of our own, not PolNeAR's)."""

from __future__ import annotations

import json
import math

import pytest

from newsledger.model import Document
from newsledger.quotes.learned import MODEL_PATH, CueModel


def contents(document: Document) -> list[str]:
    return [" | ".join(span.text for span in quote.content) for quote in document.quotes]


def test_probability_is_the_logistic_of_the_summed_weights(tmp_path):
    path = tmp_path / "model.json"
    path.write_text(json.dumps({"threshold": 0.5, "weights": {"bias": -1.0, "lemma=champion": 2.5}}))
    model = CueModel.load(path)
    assert model.probability(["bias", "lemma=champion", "unseen=feature"]) == pytest.approx(1 / (1 + math.exp(-1.5)))
    assert model.probability(["bias"]) < model.threshold


def test_no_model_file_means_rules_alone(tmp_path):
    assert CueModel.load(tmp_path / "absent.json") is None


def test_shipped_model_is_small_plain_json():
    data = json.loads(MODEL_PATH.read_text(encoding="utf-8"))
    assert 0 < data["threshold"] < 1
    assert all(isinstance(weight, float) for weight in data["weights"].values())
    assert MODEL_PATH.stat().st_size < 2_000_000


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
           "as a bold step. Critics slammed the cost. The engineers built a ramp near the river.")
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
    out = tmp_path / "model.json"
    assert main(["--polnear", str(tmp_path), "--out", str(out), "--min-count", "1"]) == 0
    model = CueModel.load(out)
    assert model is not None
    # the verbs annotated as cues weigh more than the one that is not
    assert model.weights["lemma=hail"] > model.weights.get("lemma=build", 0.0)
