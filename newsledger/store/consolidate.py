"""Cross-document tables, recomputed over the whole store in one transaction.

Recomputing (rather than updating as documents arrive) makes the result a function of what is
stored, not of the order it arrived in: a parallel, a distributed and a resumed run all end with
the same duplicates, actors and merged events as one uninterrupted single-process run.
"""

from __future__ import annotations

import duckdb

from newsledger.store.dedup import find_duplicates


def duplicates(connection: duckdb.DuckDBPyConnection) -> None:
    """Links syndicated copies to the earliest published document of their group (then lowest id)."""
    rank = {document_id: (published is None, published, document_id) for document_id, published
            in connection.execute("SELECT id, published FROM documents").fetchall()}
    signatures = connection.execute(
        "SELECT document_id, minhash FROM signatures WHERE document_id IN (SELECT id FROM documents) ORDER BY document_id").fetchall()
    links = find_duplicates(signatures, rank)
    connection.execute("DELETE FROM duplicates")
    if links:
        connection.executemany("INSERT INTO duplicates VALUES (?, ?, ?)", links)
    connection.execute("UPDATE documents SET duplicate_of = NULL WHERE duplicate_of IS NOT NULL")
    connection.execute("""UPDATE documents SET duplicate_of = duplicates.duplicate_of FROM duplicates
                          WHERE documents.id = duplicates.document_id""")


def actors(connection: duckdb.DuckDBPyConnection) -> None:
    """One actor per normalized name and code; a surname alone joins the one full name of its code that ends with it."""
    connection.execute("""
        CREATE OR REPLACE TEMP TABLE actor_members AS
        WITH named AS (
            SELECT document_id, id, name, normalized, type, code, sector FROM entities WHERE normalized <> ''
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
    connection.execute("DELETE FROM actors")
    connection.execute("""
        INSERT INTO actors
        WITH mention_counts AS (
            SELECT document_id, entity_id, count(*) AS mentions FROM mentions GROUP BY ALL
        ), surface AS (
            SELECT actor_id, name, count(*) AS uses FROM actor_members GROUP BY ALL
        ), kind AS (
            SELECT actor_id, type, count(*) AS uses FROM actor_members GROUP BY ALL
        ), sector AS (
            SELECT actor_id, sector, count(*) AS uses FROM actor_members WHERE sector IS NOT NULL GROUP BY ALL
        )
        SELECT m.actor_id, first(s.name ORDER BY s.uses DESC, length(s.name) DESC, s.name),
               any_value(m.actor_name), first(k.type ORDER BY k.uses DESC, k.type), any_value(m.code),
               first(c.sector ORDER BY c.uses DESC, c.sector),
               count(DISTINCT m.document_id) FILTER (WHERE d.duplicate_of IS NULL),
               coalesce(sum(mc.mentions) FILTER (WHERE d.duplicate_of IS NULL), 0)
        FROM actor_members m
        JOIN documents d ON d.id = m.document_id
        JOIN surface s USING (actor_id) JOIN kind k USING (actor_id) LEFT JOIN sector c USING (actor_id)
        LEFT JOIN mention_counts mc ON mc.document_id = m.document_id AND mc.entity_id = m.id
        GROUP BY m.actor_id
    """)
    connection.execute("UPDATE entities SET actor_id = NULL WHERE actor_id IS NOT NULL")
    connection.execute("""UPDATE entities SET actor_id = m.actor_id FROM actor_members m
                          WHERE entities.document_id = m.document_id AND entities.id = m.id""")
    connection.execute("DROP TABLE actor_members")


def events(connection: duckdb.DuckDBPyConnection) -> None:
    """Merges reports of one event (same type, source and target codes, date and polarity) from several documents.

    The earliest report (published, then document id, then event id) names the merged event.
    Events without a date or without any actor code cannot be told apart from other events of
    their type, so each stays its own. Syndicated copies report nothing new and are left out.
    """
    connection.execute("""
        CREATE OR REPLACE TEMP TABLE reports AS
        SELECT e.document_id, e.id, d.published, d.outlet,
               CASE WHEN e.date IS NOT NULL AND (len(e.source_codes) > 0 OR len(e.target_codes) > 0)
                    THEN first(e.document_id || '/' || e.id) OVER (
                        PARTITION BY e.type, list_sort(list_distinct(e.source_codes)),
                                     list_sort(list_distinct(e.target_codes)), e.date, e.negated, e.hypothetical
                        ORDER BY d.published NULLS LAST, e.document_id, e.id)
                    ELSE e.document_id || '/' || e.id END AS merged_id
        FROM events e JOIN documents d ON d.id = e.document_id
        WHERE d.duplicate_of IS NULL
    """)
    connection.execute("UPDATE events SET merged_id = NULL WHERE merged_id IS NOT NULL")
    connection.execute("""UPDATE events SET merged_id = r.merged_id FROM reports r
                          WHERE events.document_id = r.document_id AND events.id = r.id""")
    connection.execute("DELETE FROM event_sources")
    connection.execute("INSERT INTO event_sources SELECT merged_id, document_id, id, published, outlet FROM reports")
    connection.execute("DROP TABLE reports")
