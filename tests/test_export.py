"""`newsledger export`: one row per event in the POLECAT layout (and GDELT's), loadable by pandas and DuckDB."""

import json
import re
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from newsledger.cli.app import app
from newsledger.export.crosswalk import cameo_code, quad_class
from newsledger.export.rows import POLECAT_FIELDS, event_row
from newsledger.export.write import gdelt_row
from newsledger.model import Actor, Document, Entity, Event, Location, Place, Span
from newsledger.store import Store
from newsledger.store.records import content_hash, to_record

DOCS = Path(__file__).resolve().parent.parent / "docs" / "export.md"
TEXT = "NATO warned Serbia on Friday. Talks in Vienna followed in May 2023."
VIENNA = (TEXT.index("Vienna"), TEXT.index("Vienna") + len("Vienna"))


def made_up_document() -> Document:
    """A document coded by hand: NATO (an IGO) threatens Serbia; an undated, unplaced second event."""
    return Document(
        id="d1", text=TEXT, published="2023-03-03", outlet="Example Wire", url="https://example.org/d1",
        title="NATO warns Serbia",
        entities=[Entity(id="e1", name="North Atlantic Treaty Organization", type="ORG", code="IGO", sector="MIL"),
                  Entity(id="e2", name="Serbia", type="GPE", code="SRB")],
        places=[Place(id="p1", start=VIENNA[0], end=VIENNA[1], text="Vienna", name="Vienna", code="AUT", lat=48.2085, lon=16.3721)],
        events=[Event(id="v1", type="THREATEN", mode="force", source=[Actor(entity="e1", text="NATO", code="IGO", sector="MIL")],
                      target=[Actor(entity="e2", text="Serbia", code="SRB")], trigger=Span(start=5, end=11),
                      sentence=Span(start=0, end=29), date="2023-03-03"),
                Event(id="v2", type="CONSULT", trigger=Span(start=30, end=35), sentence=Span(start=30, end=len(TEXT)),
                      date="2023-05", location=None)])


def test_a_row_names_the_igo_codes_the_threat_and_gives_date_precision():
    document = made_up_document()
    threat, talks = (event_row(document, event) for event in document.events)
    assert list(threat) == POLECAT_FIELDS.names
    assert (threat["Actor Name"], threat["Actor Country"], threat["Primary Actor Sector"]) == (
        "North Atlantic Treaty Organization", "IGO", "MIL")
    # A state named as itself acts through its government.
    assert (threat["Recipient Name"], threat["Recipient Country"], threat["Primary Recipient Sector"]) == ("Serbia", "SRB", "GOV")
    assert (threat["CAMEO Code"], threat["Quad Class"]) == ("138", 3)
    assert (str(threat["Event Date"]), threat["Date Precision"]) == ("2023-03-03", "day")
    assert threat["Sentence"] == "NATO warned Serbia on Friday."
    assert (threat["Publication"], threat["URL"], threat["Headline"]) == ("Example Wire", "https://example.org/d1", "NATO warns Serbia")
    # No place in its sentence: the article's first place with coordinates, marked as the story's.
    assert (threat["Placename"], threat["Latitude"], threat["Place Source"]) == ("Vienna", 48.2085, "story")
    assert (str(talks["Event Date"]), talks["Date Precision"]) == ("2023-05-01", "month")
    assert talks["Actor Name"] is None and talks["CAMEO Code"] == "040"


def test_an_event_placed_by_its_sentence_and_dated_by_its_article():
    document = made_up_document()
    event = document.events[1].model_copy(update={"date": None, "location": Location(
        name="Vienna", code="AUT", lat=48.2085, lon=16.3721, start=VIENNA[0], end=VIENNA[1])})
    row = event_row(document, event)
    assert (str(row["Event Date"]), row["Date Precision"]) == ("2023-03-03", "story")
    assert (row["Placename"], row["Raw Placename"], row["Country"], row["Place Source"]) == ("Vienna", "Vienna", "AUT", "sentence")


def test_the_crosswalk_reads_plover_back_to_cameo():
    assert cameo_code("CONSULT", "visit") == ("042", None)  # the more general of 042 / 043
    assert cameo_code("THREATEN", "sanctions") == ("1312", "economic")  # a mode named differently in the table
    assert cameo_code("THREATEN", "no-such-mode")[0] == "130"  # the type's most general code
    assert [quad_class(code) for code in ("042", "071", "130", "190", None)] == [1, 2, 3, 4, None]


def test_gdelt_rows_are_dyadic_with_cameo_root_codes():
    document = made_up_document()
    row = gdelt_row(event_row(document, document.events[0]))
    assert (row["SQLDATE"], row["Actor1Name"], row["Actor2CountryCode"]) == (20230303, "North Atlantic Treaty Organization", "SRB")
    assert (row["EventCode"], row["EventBaseCode"], row["EventRootCode"], row["QuadClass"]) == ("138", "138", "13", 3)


def documented_fields() -> list[str]:
    """The field names docs/export.md lists in its POLECAT table, in order."""
    section = DOCS.read_text(encoding="utf-8").split("## POLECAT fields", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"^\| `([^`]+)` \|", section, flags=re.MULTILINE)


def test_the_documented_field_list_is_the_exported_one():
    assert documented_fields() == POLECAT_FIELDS.names


def store_with(tmp_path, *documents) -> str:
    db = tmp_path / "export.duckdb"
    with Store(db) as store:
        store.write_batch([to_record(document, content_hash(document), None) for document in documents])
        store.consolidate()
    return str(db)


@pytest.mark.parametrize("fmt", ["polecat", "csv", "jsonl", "parquet", "gdelt"])
def test_every_format_loads_into_duckdb(tmp_path, fmt):
    db = store_with(tmp_path, made_up_document())
    out = tmp_path / f"events.{fmt}"
    result = CliRunner().invoke(app, ["export", "--format", fmt, "--out", str(out), "--db", db])
    assert result.exit_code == 0, result.output
    reader = {"polecat": "read_csv(?, delim='\t')", "gdelt": "read_csv(?, delim='\t')", "csv": "read_csv(?)",
              "jsonl": "read_json(?, format='newline_delimited')", "parquet": "read_parquet(?)"}[fmt]
    relation = duckdb.execute(f"SELECT * FROM {reader}", [str(out)])
    columns = [column[0] for column in relation.description]
    rows = relation.fetchall()
    assert len(rows) == 2
    assert columns[0] == ("GLOBALEVENTID" if fmt == "gdelt" else "Event ID")


def test_parquet_needs_a_file(tmp_path):
    db = store_with(tmp_path, made_up_document())
    result = CliRunner().invoke(app, ["export", "--format", "parquet", "--db", db])
    assert result.exit_code == 2 and "--out" in result.output


@pytest.mark.shared
def test_the_seed_threat_row_in_pandas_and_duckdb(tmp_path, seed_text, analyzer):
    """Sherman's THREATEN row: the U.S. government threatens Russia with sanctions, in Geneva."""
    pandas = pytest.importorskip("pandas")
    document = analyzer.analyze_one(Document(id="seed", text=seed_text, published="2022-01-10", outlet="Test Wire",
                                             url="https://example.org/geneva-talks"))
    db = store_with(tmp_path, document)
    out = tmp_path / "events.tsv"
    result = CliRunner().invoke(app, ["export", "--format", "polecat", "--out", str(out), "--db", db])
    assert result.exit_code == 0, result.output

    frame = pandas.read_csv(out, sep="\t", dtype={"CAMEO Code": str})
    assert list(frame.columns) == documented_fields()
    threats = frame[(frame["Event Type"] == "THREATEN") & frame["Actor Country"].str.contains("USA")
                    & frame["Recipient Country"].fillna("").str.contains("RUS")]
    assert len(threats) >= 1, frame[["Event Type", "Actor Country", "Recipient Country"]]
    row = threats.iloc[0]
    assert "GOV" in row["Primary Actor Sector"].split(";")
    assert row["CAMEO Code"].startswith("13") and row["Quad Class"] == 3
    assert row["Placename"] == "Geneva" and row["Country"] == "CHE"
    assert row["Latitude"] == pytest.approx(46.2, abs=0.1) and row["Longitude"] == pytest.approx(6.15, abs=0.1)
    assert (row["Event Date"], row["Date Precision"]) == ("2022-01-10", "day")
    assert (row["Publication"], row["URL"]) == ("Test Wire", "https://example.org/geneva-talks")
    assert "threat" in row["Sentence"] and "sanctions" in row["Sentence"]

    in_duckdb = duckdb.execute("""SELECT "CAMEO Code", "Event Date", Latitude FROM read_csv(?, delim='\t')
                                  WHERE "Event Type" = 'THREATEN' AND "Recipient Country" LIKE '%RUS%'""", [str(out)]).fetchall()
    assert (row["CAMEO Code"], row["Event Date"], row["Latitude"]) in [(c, str(d), lat) for c, d, lat in in_duckdb]
