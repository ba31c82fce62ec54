"""The running example end to end, as a user runs it: `newsledger analyze SEED --published 2022-01-10`."""

import json

import pytest
from typer.testing import CliRunner

from newsledger.cli.app import app


@pytest.fixture(scope="module")
def seed_output(seed_path):
    def run(fmt: str) -> str:
        result = CliRunner().invoke(app, ["analyze", str(seed_path), "--published", "2022-01-10", "--format", fmt])
        assert result.exit_code == 0, result.output
        return result.stdout
    return run


def test_seed_json_has_every_layer_with_offsets_into_the_clean_text(seed_output):
    document = json.loads(seed_output("json"))
    text = document["text"]
    assert document["title"] == "U.S.-Russia talks on Ukraine end after eight hours, without agreement"
    assert "Ukraine’s eastern Donbas" in text and "Read More" not in text
    assert {"mojibake", "boilerplate", "duplicate"} <= {change["kind"] for change in document["cleaning"]}
    for quote in document["quotes"]:
        for span in quote["content"]:
            assert 0 <= span["start"] < span["end"] <= len(text)
    for event in document["events"]:
        assert text[event["trigger"]["start"]:event["trigger"]["end"]] == event["trigger"]["text"]
    names = {entity["id"]: entity["name"] for entity in document["entities"]}
    speakers = {names[quote["speaker_entity"]] for quote in document["quotes"] if quote["speaker_entity"]}
    assert {"Wendy R. Sherman", "Sergey Ryabkov"} <= speakers
    # "When Sherman was asked what the West would like to see": a question put to her, not hers
    by_cue = [(quote["cue"]["text"], quote) for quote in document["quotes"] if quote["cue"]]
    assert all(quote["speaker_entity"] is None for cue, quote in by_cue if cue == "asked")
    # "Russia invaded in 2014 ...; Putin claims the annexed region as Russian": Putin claims the region
    claims = [text[quote["content"][0]["start"]:quote["content"][-1]["end"]] for cue, quote in by_cue if cue == "claims"]
    assert claims == ["the annexed region as Russian"]


def test_seed_readout_in_markdown_names_the_parties_the_threat_and_the_schedule(seed_output):
    readout = seed_output("md")
    for expected in ("Sherman", "Ryabkov", "sanctions", "Geneva", "2022-01-10",
                     "Brussels", "2022-01-11", "2022-01-12", "Vienna", "2022-01-13"):
        assert expected in readout, expected


def test_seed_readout_lists_each_statement_once_and_only_statements(seed_output):
    parties = {party["code"]: party for party in json.loads(seed_output("json"))["readout"]["parties"]}
    said = {code: [item["text"] for item in parties[code]["said"]] for code in ("USA", "RUS")}
    assert any("return to the barracks" in text for text in said["USA"])
    assert any("that we cannot reverse" in text for text in said["RUS"])
    # the question she declined to answer, and the writer's words before "Putin claims", are not statements
    assert not any("whether she believed" in text for text in said["USA"])
    assert not any(text.startswith("Russia invaded in 2014") for text in said["RUS"])
    # "Sherman said she told ... that Moscow must “de-escalate”" is one statement, not two
    assert sum("de-escalate" in text for text in said["USA"]) == 1
