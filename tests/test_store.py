"""The DuckDB store: migrations, batch writes, cross-document consolidation and queries."""

from __future__ import annotations

import duckdb
import pytest

from newsledger.model import Actor, Document, Entity, ErrorInfo, Event, Mention, Quote, Span
from newsledger.store import SCHEMA_VERSION, Store
from newsledger.store.records import content_hash, normalize_name, to_record
from newsledger.store.dedup import BANDS
from newsledger.store.schema import MIGRATIONS

FILLER = ("The delegations met for several hours at the lakeside mission and talked through a long list "
          "of proposals on troop levels, missile deployments and inspections before breaking for the night. ")


def talks_report(doc_id: str, published: str, speaker: str, extra: str = "", event_date: str = "2022-01-10") -> Document:
    """A report of the same talks: a US official warns Russia, and says so in a quote."""
    said = f"{speaker} said the talks were frank."
    text = f"{said} {FILLER}{extra}"
    start = text.index(speaker)
    warns = text.index("frank")
    return Document(
        id=doc_id, published=published, outlet=f"outlet-{doc_id}", text=text,
        entities=[Entity(id="e1", name=speaker, type="PERSON", code="USA", sector="GOV",
                         mentions=[Mention(start=start, end=start + len(speaker), text=speaker)]),
                  Entity(id="e2", name="Russia", type="GPE", code="RUS")],
        quotes=[Quote(id="q1", kind="indirect", content=[Span(start=text.index("the talks"), end=text.index("frank") + 5)],
                      cue=Span(start=text.index("said"), end=text.index("said") + 4, text="said"),
                      speaker=Span(start=start, end=start + len(speaker), text=speaker), speaker_entity="e1")],
        events=[Event(id="v1", type="THREATEN", source=[Actor(entity="e1", text=speaker, code="USA")],
                      target=[Actor(entity="e2", text="Russia", code="RUS")],
                      trigger=Span(start=warns, end=warns + 5), sentence=Span(start=0, end=len(said)),
                      date=event_date)])


def other_angle(tag: str) -> str:
    """Enough words of its own that a report is not a copy of another one."""
    return " ".join(f"{tag}{i} adds detail number {i}." for i in range(60))


def write(store: Store, documents: list[Document]) -> None:
    store.write_batch(to_record(d, content_hash(d), "run") for d in documents)
    store.consolidate()


@pytest.fixture
def store(tmp_path):
    with Store(tmp_path / "s.duckdb") as opened:
        yield opened


def test_a_new_store_has_the_current_schema(store):
    assert store.version() == SCHEMA_VERSION
    tables = {row[0] for row in store.sql("SELECT table_name FROM information_schema.tables").rows}
    assert {"documents", "entities", "mentions", "quotes", "events", "event_sources", "errors", "runs",
            "actors", "duplicates", "schema_version"} <= tables


def test_opening_an_older_store_upgrades_it_and_keeps_its_rows(tmp_path):
    path = tmp_path / "old.duckdb"
    with Store(path) as old:
        old.write_batch([to_record(talks_report("a", "2022-01-10", "Wendy Sherman"), "h", "run")])
        # back to version 1 (migration 3 finds its errors table keyed already and keeps it so)
        old.connection.execute("DROP TABLE actors; DROP TABLE duplicates; DROP TABLE event_sources;"
                               "DROP TABLE signature_bands; DROP TABLE pending_documents; DROP TABLE pending_families;"
                               "DELETE FROM schema_version WHERE version > 1")
    connection = duckdb.connect(str(path))
    assert connection.execute("SELECT max(version) FROM schema_version").fetchone()[0] == 1
    connection.close()
    with Store(path) as upgraded:
        assert upgraded.version() == SCHEMA_VERSION == len(MIGRATIONS)
        upgraded.consolidate()  # a full rebuild: the old store had no band keys
        assert upgraded.summary()["documents"] == 1
        assert upgraded.summary()["actors"] == 2
        assert upgraded.sql("SELECT count(*) FROM signature_bands").rows == [(BANDS,)]
        assert upgraded.sql("SELECT count(*) FROM pending_families").rows == [(0,)]


def test_a_read_only_store_refuses_an_old_schema(tmp_path):
    path = tmp_path / "old.duckdb"
    with Store(path) as old:
        old.connection.execute("DELETE FROM schema_version WHERE version > 1")
    with pytest.raises(RuntimeError, match="upgrade"):
        Store(path, read_only=True)


def test_rewriting_a_document_replaces_its_rows(store):
    document = talks_report("a", "2022-01-10", "Wendy Sherman")
    write(store, [document])
    write(store, [document])
    counts = store.sql("SELECT (SELECT count(*) FROM documents), (SELECT count(*) FROM mentions),"
                       " (SELECT count(*) FROM quotes), (SELECT count(*) FROM events)").rows[0]
    assert counts == (1, 1, 1, 1)
    assert store.has("a", content_hash(document))
    assert not store.has("a", "another hash")


def test_a_failed_document_goes_to_errors_and_leaves_when_it_succeeds(store):
    broken = Document(id="b", text="", error=ErrorInfo(stage="ingest", kind="empty", message="the file is empty"))
    write(store, [broken])
    assert store.sql("SELECT document_id, kind FROM errors").rows == [("b", "empty")]
    assert store.summary()["documents"] == 0
    write(store, [talks_report("b", "2022-01-10", "Wendy Sherman")])
    assert store.sql("SELECT count(*) FROM errors").rows == [(0,)]


def test_a_syndicated_copy_links_to_the_earliest_report_and_is_not_counted_again(store):
    original = talks_report("late-id", "2022-01-10", "Wendy Sherman")
    copy = talks_report("early-id", "2022-01-11", "Wendy Sherman", extra="Reporting by a wire service.")
    unrelated = Document(id="other", published="2022-01-10",
                         text=" ".join(f"word{i} appears once in this unrelated story" for i in range(40)))
    write(store, [copy, original, unrelated])
    assert store.sql("SELECT document_id, duplicate_of FROM duplicates").rows == [("early-id", "late-id")]
    assert store.sql("SELECT id FROM documents WHERE duplicate_of IS NOT NULL").rows == [("early-id",)]
    assert len(store.quotes(speaker="Sherman").rows) == 1
    assert store.summary()["events"] == 1


def test_one_person_is_one_actor_across_articles_and_a_surname_joins_the_full_name(store):
    write(store, [talks_report("a", "2022-01-10", "Wendy R. Sherman", event_date="2022-01-09"),
                  talks_report("b", "2022-01-10", "Sherman", extra=other_angle("another")),
                  talks_report("c", "2022-01-10", "wendy r sherman", extra=other_angle("yet"))])
    actors = store.sql("SELECT name, code, documents, mentions FROM actors WHERE type = 'PERSON'").rows
    assert actors == [("Wendy R. Sherman", "USA", 3, 3)]  # one mention each, under three spellings
    assert store.sql("SELECT count(DISTINCT actor_id) FROM entities WHERE type = 'PERSON'").rows == [(1,)]


def test_a_surname_shared_by_two_full_names_stays_apart(store):
    write(store, [talks_report("a", "2022-01-10", "Wendy Sherman"),
                  talks_report("b", "2022-01-10", "John Sherman", extra=other_angle("another")),
                  talks_report("c", "2022-01-10", "Sherman", extra=other_angle("yet"))])
    names = sorted(row[0] for row in store.sql("SELECT normalized FROM actors WHERE type = 'PERSON'").rows)
    assert names == ["john sherman", "sherman", "wendy sherman"]


def test_one_event_reported_by_several_sources_is_merged(store):
    write(store, [talks_report("a", "2022-01-11", "Wendy Sherman"),
                  talks_report("b", "2022-01-10", "Wendy Sherman", extra=other_angle("a")),
                  talks_report("c", "2022-01-12", "Wendy Sherman", extra=other_angle("yet"), event_date="2022-02-01")])
    events = store.events(actor="RUS").records()
    assert [(e["date"], e["sources"], e["event"]) for e in events] == [("2022-01-10", 2, "b/v1"), ("2022-02-01", 1, "c/v1")]
    assert store.sql("SELECT event_id, document_id FROM event_sources ORDER BY document_id").rows == [
        ("b/v1", "a"), ("b/v1", "b"), ("c/v1", "c")]
    assert store.events(type="threaten", since="2022-01-15").records()[0]["event"] == "c/v1"
    assert store.events(actor="CHN").rows == []


def test_the_timeline_lists_events_and_quotes_in_date_order(store):
    write(store, [talks_report("a", "2022-01-11", "Wendy Sherman", event_date="2022-01-05")])
    timeline = store.timeline("USA").records()
    assert [(item["date"], item["kind"]) for item in timeline] == [("2022-01-05", "event"), ("2022-01-11", "quote")]
    assert timeline[1]["what"] == "Wendy Sherman"


def test_export_writes_one_parquet_file_per_table(store, tmp_path):
    write(store, [talks_report("a", "2022-01-10", "Wendy Sherman")])
    written = store.export_parquet(tmp_path / "out")
    assert {p.stem for p in written} >= {"documents", "entities", "quotes", "events", "actors"}
    exported = duckdb.sql(f"SELECT id FROM '{tmp_path / 'out' / 'documents.parquet'}'").fetchall()
    assert exported == [("a",)]


@pytest.mark.parametrize("name, normalized", [
    ("Wendy R. Sherman", "wendy r sherman"),
    ("the U.S. State Department", "us state department"),
    ("Sergei Ryabkov", "sergei ryabkov"),
    ("José Martí", "jose marti"),
])
def test_names_are_normalized_for_matching(name, normalized):
    assert normalize_name(name) == normalized


def test_a_publication_date_that_is_no_calendar_day_is_stored_as_unknown(store):
    write(store, [talks_report("a", "2022-02-30", "Wendy Sherman")])
    assert store.sql("SELECT published FROM documents").rows == [(None,)]


CONSOLIDATED = {
    "duplicates": "SELECT * FROM duplicates",
    "copies": "SELECT id, duplicate_of FROM documents",
    "actors": "SELECT * FROM actors",
    "entity actors": "SELECT document_id, id, actor_id FROM entities",
    "merged events": "SELECT document_id, id, merged_id FROM events",
    "event sources": "SELECT * FROM event_sources",
}


def consolidated(store: Store) -> dict[str, list[tuple]]:
    return {name: sorted(store.sql(query).rows, key=repr) for name, query in CONSOLIDATED.items()}


def rebuilt(store: Store) -> dict[str, list[tuple]]:
    """The cross-document tables a full rebuild gives, leaving the store as it was."""
    from newsledger.store.consolidate import consolidate

    store.connection.begin()
    try:
        consolidate(store.connection, everything=True)
        return consolidated(store)
    finally:
        store.connection.rollback()


def test_incremental_consolidation_gives_what_a_full_rebuild_gives_run_after_run(store):
    runs = [
        [talks_report("a", "2022-01-11", "Wendy Sherman"), talks_report("u", "2022-01-11", "Sergei Ryabkov", extra=other_angle("u"))],
        # an earlier copy of a becomes the canonical one; a surname alone joins the full name
        [talks_report("b", "2022-01-10", "Wendy Sherman", extra="Reporting by a wire service."),
         talks_report("c", "2022-01-12", "Sherman", extra=other_angle("c"))],
        # a second full name ends the surname's match; a is rewritten and no longer copies b
        [talks_report("d", "2022-01-12", "John Sherman", extra=other_angle("d")),
         talks_report("a", "2022-01-11", "Wendy Sherman", extra=other_angle("a") + other_angle("again"))],
        # a third report of the same event, and u rewritten with another event date
        [talks_report("e", "2022-01-09", "Ned Price", extra=other_angle("e")),
         talks_report("u", "2022-01-11", "Sergei Ryabkov", extra=other_angle("u"), event_date="2022-03-01")],
    ]
    for documents in runs:
        write(store, documents)
        assert consolidated(store) == rebuilt(store)
    final = consolidated(store)
    assert ("b", "a") not in [(row[0], row[1]) for row in final["duplicates"]]
    assert {row[2] for row in final["actors"] if row[3] == "PERSON"} >= {"wendy sherman", "john sherman", "sherman"}
    assert {row[0] for row in final["event sources"]} == {"e/v1", "u/v1"}
    assert store.sql("SELECT count(*) FROM pending_documents UNION ALL SELECT count(*) FROM pending_families").rows == [(0,), (0,)]


def row_groups(path) -> list[int]:
    """The rows of each row group of `documents`, as stored in the file."""
    with Store(path, read_only=True) as stored:
        return [rows for rows, in stored.sql("SELECT sum(count) FROM pragma_storage_info('documents') WHERE column_path = '[0]'"
                                             " GROUP BY row_group_id ORDER BY row_group_id").rows]


def everything_read(path) -> dict:
    with Store(path, read_only=True) as stored:
        return {"documents": stored.sql("SELECT * FROM documents ORDER BY id").rows, **consolidated(stored),
                "quotes": stored.quotes().rows, "events": stored.events().rows, "summary": stored.summary()}


def report(n: int) -> Document:
    return talks_report(f"r{n}", f"2022-01-1{n}", "Wendy Sherman", extra=other_angle(f"r{n}"))


def test_small_runs_leave_the_row_groups_before_them_alone_until_a_close_compacts_them(tmp_path, monkeypatch):
    monkeypatch.setattr("newsledger.store.COMPACT_AFTER", 3)
    compacted, apart = tmp_path / "compacted.duckdb", tmp_path / "apart.duckdb"
    layouts = []
    for n in range(4):
        with Store(compacted) as store:
            write(store, [report(n)])
        layouts.append(row_groups(compacted))
    # the third small row group's close merges them; the next run's rows again go in a row group of their own
    assert layouts == [[1], [1, 1], [3], [3, 1]]
    monkeypatch.setattr("newsledger.store.COMPACT_AFTER", 1_000)
    for n in range(4):
        with Store(apart) as store:
            write(store, [report(n)])
    assert row_groups(apart) == [1, 1, 1, 1]
    assert everything_read(compacted) == everything_read(apart)
    assert everything_read(apart)["summary"]["events"] == 1


@pytest.mark.parametrize("bulk_from, layout", [(3, [4]), (1_024, [1, 3])])
def test_a_run_that_writes_many_documents_merges_row_groups_as_it_goes(tmp_path, monkeypatch, bulk_from, layout):
    monkeypatch.setattr("newsledger.store.SMALL_ROW_GROUP", bulk_from)
    path = tmp_path / "s.duckdb"
    with Store(path) as store:
        write(store, [report(0)])
    with Store(path) as store:
        for n in range(1, 4):
            write(store, [report(n)])
    assert row_groups(path) == layout
