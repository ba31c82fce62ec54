"""The store's schema as an ordered list of migrations.

Each step brings the store from version `n - 1` to version `n` (its position in `MIGRATIONS`,
counting from 1). Opening a store applies the steps it has not seen yet, each in its own
transaction, and records them in `schema_version`; a new step is appended, never edited, once a
release has shipped. `docs/store.md` describes every table.
"""

from __future__ import annotations

MIGRATIONS: tuple[str, ...] = (
    # 1: one row per analyzed document, its layers flattened into tables, failures and runs.
    """
    CREATE TABLE documents (
        id VARCHAR PRIMARY KEY,
        content_hash VARCHAR NOT NULL,
        source VARCHAR,
        title VARCHAR,
        published DATE,
        outlet VARCHAR,
        url VARCHAR,
        text VARCHAR NOT NULL,
        json JSON NOT NULL,
        duplicate_of VARCHAR,
        run_id VARCHAR
    );
    CREATE TABLE signatures (
        document_id VARCHAR PRIMARY KEY,
        minhash BLOB NOT NULL
    );
    CREATE TABLE entities (
        document_id VARCHAR NOT NULL,
        id VARCHAR NOT NULL,
        name VARCHAR NOT NULL,
        normalized VARCHAR NOT NULL,
        type VARCHAR NOT NULL,
        code VARCHAR,
        sector VARCHAR,
        roles VARCHAR[],
        affiliation VARCHAR,
        actor_id VARCHAR,
        PRIMARY KEY (document_id, id)
    );
    CREATE TABLE mentions (
        document_id VARCHAR NOT NULL,
        entity_id VARCHAR NOT NULL,
        start INTEGER NOT NULL,
        "end" INTEGER NOT NULL,
        text VARCHAR NOT NULL,
        kind VARCHAR NOT NULL
    );
    CREATE TABLE quotes (
        document_id VARCHAR NOT NULL,
        id VARCHAR NOT NULL,
        kind VARCHAR NOT NULL,
        text VARCHAR NOT NULL,
        start INTEGER NOT NULL,
        "end" INTEGER NOT NULL,
        cue VARCHAR,
        speaker VARCHAR,
        speaker_start INTEGER,
        speaker_end INTEGER,
        speaker_entity VARCHAR,
        speaker_group VARCHAR,
        PRIMARY KEY (document_id, id)
    );
    CREATE TABLE events (
        document_id VARCHAR NOT NULL,
        id VARCHAR NOT NULL,
        type VARCHAR NOT NULL,
        mode VARCHAR,
        source_texts VARCHAR[],
        source_codes VARCHAR[],
        source_entities VARCHAR[],
        target_texts VARCHAR[],
        target_codes VARCHAR[],
        target_entities VARCHAR[],
        trigger VARCHAR,
        trigger_start INTEGER NOT NULL,
        trigger_end INTEGER NOT NULL,
        sentence VARCHAR NOT NULL,
        date VARCHAR,
        location VARCHAR,
        location_code VARCHAR,
        negated BOOLEAN NOT NULL,
        hypothetical BOOLEAN NOT NULL,
        future BOOLEAN NOT NULL,
        historical BOOLEAN NOT NULL,
        quote_id VARCHAR,
        merged_id VARCHAR,
        PRIMARY KEY (document_id, id)
    );
    CREATE TABLE errors (
        document_id VARCHAR PRIMARY KEY,
        source VARCHAR,
        content_hash VARCHAR,
        stage VARCHAR NOT NULL,
        kind VARCHAR NOT NULL,
        message VARCHAR NOT NULL,
        run_id VARCHAR
    );
    CREATE TABLE runs (
        id VARCHAR PRIMARY KEY,
        started_at TIMESTAMP NOT NULL,
        finished_at TIMESTAMP,
        status VARCHAR NOT NULL,
        inputs VARCHAR[],
        engine VARCHAR,
        workers INTEGER,
        model VARCHAR,
        stored INTEGER DEFAULT 0,
        skipped INTEGER DEFAULT 0,
        failed INTEGER DEFAULT 0
    );
    """,
    # 2: cross-document work: canonical actors, syndicated copies, one event reported by many.
    """
    CREATE TABLE actors (
        id VARCHAR PRIMARY KEY,
        name VARCHAR NOT NULL,
        normalized VARCHAR NOT NULL,
        type VARCHAR NOT NULL,
        code VARCHAR,
        sector VARCHAR,
        documents INTEGER NOT NULL,
        mentions INTEGER NOT NULL
    );
    CREATE TABLE duplicates (
        document_id VARCHAR PRIMARY KEY,
        duplicate_of VARCHAR NOT NULL,
        similarity DOUBLE NOT NULL
    );
    CREATE TABLE event_sources (
        event_id VARCHAR NOT NULL,
        document_id VARCHAR NOT NULL,
        report_id VARCHAR NOT NULL,
        published DATE,
        outlet VARCHAR,
        PRIMARY KEY (document_id, report_id)
    );
    """,
    # 3: any number of failures per document id (x.txt and x.html, an id repeated in JSONL, three
    # WARC captures of one URL): errors are keyed by a sequence, no longer by the document id.
    """
    CREATE SEQUENCE IF NOT EXISTS error_ids START 1;
    CREATE TABLE errors_keyed (
        id BIGINT PRIMARY KEY DEFAULT nextval('error_ids'),
        document_id VARCHAR NOT NULL,
        source VARCHAR,
        content_hash VARCHAR,
        stage VARCHAR NOT NULL,
        kind VARCHAR NOT NULL,
        message VARCHAR NOT NULL,
        run_id VARCHAR
    );
    INSERT INTO errors_keyed (document_id, source, content_hash, stage, kind, message, run_id)
        SELECT document_id, source, content_hash, stage, kind, message, run_id FROM errors ORDER BY document_id;
    DROP TABLE errors;
    ALTER TABLE errors_keyed RENAME TO errors;
    """,
    # 4: incremental consolidation: each signature's LSH band keys, and what was written since
    # the cross-document tables were last brought up to date. A store from before has no band
    # keys: its next consolidation is a full rebuild (the 'everything' mark), which adds them.
    """
    CREATE TABLE signature_bands (
        document_id VARCHAR NOT NULL,
        band SMALLINT NOT NULL,
        key BLOB NOT NULL
    );
    CREATE TABLE pending_documents (
        document_id VARCHAR PRIMARY KEY
    );
    CREATE TABLE pending_families (
        kind VARCHAR NOT NULL,
        key VARCHAR NOT NULL,
        PRIMARY KEY (kind, key)
    );
    INSERT INTO pending_families VALUES ('everything', '');
    """,
    # 5: actors' mention counts were multiplied by the number of spellings, types and sectors an
    # actor was seen under; the next consolidation recomputes them all (the 'everything' mark).
    """
    INSERT OR IGNORE INTO pending_families VALUES ('everything', '');
    """,
)

SCHEMA_VERSION = len(MIGRATIONS)

# Tables holding one document's layers, keyed by document id; replaced together when it changes.
DOCUMENT_TABLES = ("documents", "signatures", "signature_bands", "entities", "mentions", "quotes", "events")
# Every table `export` writes, in dependency order.
TABLES = ("documents", "entities", "mentions", "quotes", "events", "event_sources", "actors",
          "duplicates", "signatures", "signature_bands", "pending_documents", "pending_families", "errors", "runs",
          "schema_version")
