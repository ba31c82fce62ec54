"""Cross-document tables (duplicates, canonical actors, merged events), kept up to date incrementally.

Each table is a function of what is stored, not of the order it arrived in: a parallel, a
distributed and a resumed run all end with the same duplicates, actors and merged events as one
uninterrupted single-process run, and an incremental consolidation gives what a full rebuild
(`everything=True`) gives. A run consolidates only what it touched:

- `note_written` (called by every write, in its transaction) lists the written documents in
  `pending_documents`, and the *families* of the rows they replace in `pending_families`;
- duplicates: the pending documents, the stored documents sharing an LSH band with them
  (`signature_bands`) and the whole groups all of those belonged to are grouped again; every
  document whose `duplicate_of` changes counts as touched below;
- actors: an actor depends only on the entities of its family, the last word of its normalized
  name and its code (a surname joins a full name ending with it, of the same code), so the
  families of the touched documents' entities are recomputed;
- events: a merged event depends only on the reports with its key (type, source and target
  codes, date, polarity), so the keys of the touched documents' events are recomputed.
"""

from __future__ import annotations

import duckdb
import pyarrow as pa

from newsledger.store.arrow import insert_tuples
from newsledger.store.dedup import bands, find_duplicates

# The family an entity (columns normalized, code) or an actor belongs to.
ACTOR_FAMILY = "regexp_extract(normalized, '(\\S+)$', 1) || '|' || coalesce(code, '')"
# The key reports of one event share. Events without a date or without any actor code cannot be
# told apart from other events of their type, so each is its own key.
EVENT_KEY = """CASE WHEN date IS NOT NULL AND (len(source_codes) > 0 OR len(target_codes) > 0)
    THEN concat_ws('|', 'merge', type, array_to_string(list_sort(list_distinct(source_codes)), ','),
                   array_to_string(list_sort(list_distinct(target_codes)), ','), date, negated, hypothetical)
    ELSE 'self|' || document_id || '/' || id END"""
# The rows consolidation writes in bulk, as `bands` and `find_duplicates` give them.
BAND_KEYS = pa.schema([("document_id", pa.string()), ("band", pa.int16()), ("key", pa.binary())])
DUPLICATE_LINKS = pa.schema([("document_id", pa.string()), ("duplicate_of", pa.string()), ("similarity", pa.float64())])
# A store from before incremental consolidation (no band keys yet) is rebuilt once in full.
EVERYTHING = "everything"
MARK_EVERYTHING = f"INSERT OR IGNORE INTO pending_families VALUES ('{EVERYTHING}', '')"


def note_written(connection: duckdb.DuckDBPyConnection, document_ids: list[str]) -> None:
    """Records documents about to be (re)written, and the families of the rows they replace."""
    if not document_ids:
        return
    connection.execute("INSERT OR IGNORE INTO pending_documents SELECT DISTINCT unnest(?)", [document_ids])
    _note_families(connection, "document_id IN (SELECT unnest(?))", [document_ids])


def _note_families(connection: duckdb.DuckDBPyConnection, documents: str, parameters: list) -> None:
    connection.execute(f"""INSERT OR IGNORE INTO pending_families
                           SELECT DISTINCT 'actor', {ACTOR_FAMILY} FROM entities WHERE normalized <> '' AND {documents}""",
                       parameters)
    connection.execute(f"INSERT OR IGNORE INTO pending_families SELECT DISTINCT 'event', {EVENT_KEY} FROM events WHERE {documents}",
                       parameters)


def consolidate(connection: duckdb.DuckDBPyConnection, everything: bool = False) -> None:
    """Brings the cross-document tables up to date (the caller holds the transaction)."""
    everything = everything or bool(connection.execute(
        "SELECT count(*) FROM pending_families WHERE kind = ?", [EVERYTHING]).fetchone()[0])
    if everything:
        _rebuild_bands(connection)
    duplicates(connection, everything)
    actors(connection, everything)
    events(connection, everything)
    connection.execute("DELETE FROM pending_documents")
    connection.execute("DELETE FROM pending_families")


def _rebuild_bands(connection: duckdb.DuckDBPyConnection) -> None:
    connection.execute("DELETE FROM signature_bands")
    rows = [(document_id, band, key) for document_id, blob in connection.execute(
        "SELECT document_id, minhash FROM signatures").fetchall() for band, key in bands(blob)]
    if rows:
        insert_tuples(connection, "signature_bands", BAND_KEYS, rows)


def duplicates(connection: duckdb.DuckDBPyConnection, everything: bool) -> None:
    """Links syndicated copies to the earliest published document of their group (then lowest id)."""
    if everything:
        connection.execute("CREATE OR REPLACE TEMP TABLE regrouped AS SELECT id AS document_id FROM documents")
    else:
        connection.execute("""
            CREATE OR REPLACE TEMP TABLE regrouped AS
            WITH near AS (
                SELECT document_id FROM pending_documents
                UNION
                SELECT other.document_id FROM signature_bands mine
                JOIN signature_bands other ON other.band = mine.band AND other.key = mine.key
                WHERE mine.document_id IN (SELECT document_id FROM pending_documents)
            ), groups AS (
                SELECT coalesce(d.duplicate_of, n.document_id) AS canonical FROM near n
                LEFT JOIN duplicates d USING (document_id)
            )
            SELECT document_id FROM near
            UNION SELECT canonical FROM groups
            UNION SELECT document_id FROM duplicates WHERE duplicate_of IN (SELECT canonical FROM groups)""")
    rank = {document_id: (published is None, published, document_id) for document_id, published in connection.execute(
        "SELECT id, published FROM documents WHERE id IN (SELECT document_id FROM regrouped)").fetchall()}
    signatures = connection.execute("""
        SELECT document_id, minhash FROM signatures
        WHERE document_id IN (SELECT document_id FROM regrouped) AND document_id IN (SELECT id FROM documents)
        ORDER BY document_id""").fetchall()
    links = find_duplicates(signatures, rank)
    connection.execute("CREATE OR REPLACE TEMP TABLE previous_copies AS SELECT id, duplicate_of FROM documents "
                       "WHERE id IN (SELECT document_id FROM regrouped)")
    connection.execute("DELETE FROM duplicates WHERE document_id IN (SELECT document_id FROM regrouped)")
    if links:
        insert_tuples(connection, "duplicates", DUPLICATE_LINKS, links)
    connection.execute("""UPDATE documents SET duplicate_of = NULL
                          WHERE duplicate_of IS NOT NULL AND id IN (SELECT document_id FROM regrouped)""")
    connection.execute("""UPDATE documents SET duplicate_of = duplicates.duplicate_of FROM duplicates
                          WHERE documents.id = duplicates.document_id AND duplicates.document_id IN (SELECT document_id FROM regrouped)""")
    if not everything:  # a document that became (or stopped being) a copy changes its actors' counts and its events
        _note_families(connection, """(document_id IN (SELECT document_id FROM pending_documents) OR document_id IN (
                                          SELECT b.id FROM previous_copies b JOIN documents d USING (id)
                                          WHERE b.duplicate_of IS DISTINCT FROM d.duplicate_of))""", [])
    connection.execute("DROP TABLE previous_copies")
    connection.execute("DROP TABLE regrouped")


def _scope(kind: str, key: str, everything: bool) -> str:
    """The SQL condition selecting the rows of the families to recompute."""
    return "TRUE" if everything else f"{key} IN (SELECT key FROM pending_families WHERE kind = '{kind}')"


def actors(connection: duckdb.DuckDBPyConnection, everything: bool) -> None:
    """One actor per normalized name and code; a surname alone joins the one full name of its code that ends with it."""
    scope = _scope("actor", ACTOR_FAMILY, everything)
    connection.execute(f"""
        CREATE OR REPLACE TEMP TABLE actor_members AS
        WITH named AS (
            SELECT document_id, id, name, normalized, type, code, sector FROM entities WHERE normalized <> '' AND {scope}
        ), full_names AS (
            SELECT DISTINCT normalized, code, regexp_extract(normalized, '(\\S+)$', 1) AS surname
            FROM named WHERE type = 'PERSON' AND contains(normalized, ' ')
        ), surnames AS (
            SELECT f.surname, f.code, min(f.normalized) AS full_name
            FROM full_names f
            JOIN (SELECT DISTINCT normalized, code FROM named
                  WHERE type = 'PERSON' AND NOT contains(normalized, ' ')) s
              ON s.normalized = f.surname AND s.code IS NOT DISTINCT FROM f.code
            GROUP BY f.surname, f.code HAVING count(DISTINCT f.normalized) = 1
        )
        SELECT n.*, coalesce(s.full_name, n.normalized) AS actor_name,
               'a' || substr(md5(coalesce(s.full_name, n.normalized) || '|' || coalesce(n.code, '')), 1, 12) AS actor_id
        FROM named n LEFT JOIN surnames s
          ON n.type = 'PERSON' AND s.surname = n.normalized AND s.code IS NOT DISTINCT FROM n.code
    """)
    connection.execute(f"DELETE FROM actors WHERE {scope}")
    # each aggregate over its own rows: joined together before grouping, the surface, type and
    # sector tallies would multiply an actor's members (and their mention counts) by each other
    connection.execute("""
        INSERT INTO actors
        WITH mention_counts AS (
            SELECT document_id, entity_id, count(*) AS mentions FROM mentions
            WHERE document_id IN (SELECT document_id FROM actor_members) GROUP BY ALL
        ), counted AS (
            SELECT m.actor_id, any_value(m.actor_name) AS normalized, any_value(m.code) AS code,
                   count(DISTINCT m.document_id) FILTER (WHERE d.duplicate_of IS NULL) AS documents,
                   coalesce(sum(mc.mentions) FILTER (WHERE d.duplicate_of IS NULL), 0) AS mentions
            FROM actor_members m
            JOIN documents d ON d.id = m.document_id
            LEFT JOIN mention_counts mc ON mc.document_id = m.document_id AND mc.entity_id = m.id
            GROUP BY m.actor_id
        ), surface AS (
            SELECT actor_id, first(name ORDER BY uses DESC, length(name) DESC, name) AS name
            FROM (SELECT actor_id, name, count(*) AS uses FROM actor_members GROUP BY ALL) GROUP BY actor_id
        ), kind AS (
            SELECT actor_id, first(type ORDER BY uses DESC, type) AS type
            FROM (SELECT actor_id, type, count(*) AS uses FROM actor_members GROUP BY ALL) GROUP BY actor_id
        ), sector AS (
            SELECT actor_id, first(sector ORDER BY uses DESC, sector) AS sector
            FROM (SELECT actor_id, sector, count(*) AS uses FROM actor_members WHERE sector IS NOT NULL GROUP BY ALL)
            GROUP BY actor_id
        )
        SELECT c.actor_id, s.name, c.normalized, k.type, c.code, t.sector, c.documents, c.mentions
        FROM counted c JOIN surface s USING (actor_id) JOIN kind k USING (actor_id) LEFT JOIN sector t USING (actor_id)
    """)
    # Every entity in scope is a member (a family key needs a last word), so one update covers
    # them all; rows keeping their actor are left alone, which spares the checkpoint their rewrite.
    connection.execute("""UPDATE entities SET actor_id = m.actor_id FROM actor_members m
                          WHERE entities.document_id = m.document_id AND entities.id = m.id
                            AND entities.actor_id IS DISTINCT FROM m.actor_id""")
    connection.execute("DROP TABLE actor_members")


def events(connection: duckdb.DuckDBPyConnection, everything: bool) -> None:
    """Merges reports of one event (same type, source and target codes, date and polarity) from several documents.

    The earliest report (published, then document id, then event id) names the merged event.
    Syndicated copies report nothing new and are left out.
    """
    scope = _scope("event", EVENT_KEY, everything)
    connection.execute(f"""
        CREATE OR REPLACE TEMP TABLE reports AS
        SELECT e.document_id, e.id, d.published, d.outlet, d.duplicate_of IS NULL AS canonical,
               first(e.document_id || '/' || e.id) OVER (
                   PARTITION BY e.key, d.duplicate_of IS NULL ORDER BY d.published NULLS LAST, e.document_id, e.id) AS merged_id
        FROM (SELECT document_id, id, {EVENT_KEY} AS key FROM events WHERE {scope}) e
        JOIN documents d ON d.id = e.document_id
    """)
    connection.execute("""UPDATE events SET merged_id = CASE WHEN r.canonical THEN r.merged_id END FROM reports r
                          WHERE events.document_id = r.document_id AND events.id = r.id""")
    if everything:
        connection.execute("DELETE FROM event_sources")
    else:
        connection.execute("""DELETE FROM event_sources WHERE document_id IN (SELECT document_id FROM pending_documents)
                                 OR EXISTS (SELECT 1 FROM reports r WHERE r.document_id = event_sources.document_id
                                                                      AND r.id = event_sources.report_id)""")
    connection.execute("INSERT INTO event_sources SELECT merged_id, document_id, id, published, outlet FROM reports WHERE canonical")
    connection.execute("DROP TABLE reports")
