"""Writing export rows: POLECAT or GDELT tab-separated files, or the POLECAT layout as CSV, JSON Lines or parquet.

Rows are written in batches, so an export of a large store never holds all its rows in memory.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from itertools import islice
from pathlib import Path
from typing import BinaryIO

import pyarrow as pa
import pyarrow.csv as pa_csv
import pyarrow.parquet as pq

from newsledger.export.rows import JOIN, POLECAT_FIELDS

ROWS_PER_BATCH = 5000

GDELT_FIELDS = pa.schema([
    ("GLOBALEVENTID", pa.string()), ("SQLDATE", pa.int32()), ("Actor1Name", pa.string()),
    ("Actor1CountryCode", pa.string()), ("Actor1Type1Code", pa.string()), ("Actor2Name", pa.string()),
    ("Actor2CountryCode", pa.string()), ("Actor2Type1Code", pa.string()), ("EventCode", pa.string()),
    ("EventBaseCode", pa.string()), ("EventRootCode", pa.string()), ("QuadClass", pa.int8()),
    ("NumSources", pa.int32()), ("ActionGeo_FullName", pa.string()), ("ActionGeo_CountryCode", pa.string()),
    ("ActionGeo_Lat", pa.float64()), ("ActionGeo_Long", pa.float64()), ("SOURCEURL", pa.string()),
])


def gdelt_row(row: dict) -> dict:
    """A POLECAT-layout row in GDELT's event columns: GDELT is dyadic, so each side is its first actor."""
    code = row["CAMEO Code"]
    day = row["Event Date"]
    return {
        "GLOBALEVENTID": row["Event ID"], "SQLDATE": int(day.strftime("%Y%m%d")) if day else None,
        "Actor1Name": _first(row["Actor Name"]), "Actor1CountryCode": _first(row["Actor Country"]),
        "Actor1Type1Code": _first(row["Primary Actor Sector"]), "Actor2Name": _first(row["Recipient Name"]),
        "Actor2CountryCode": _first(row["Recipient Country"]), "Actor2Type1Code": _first(row["Primary Recipient Sector"]),
        "EventCode": code, "EventBaseCode": code[:3] if code else None, "EventRootCode": code[:2] if code else None,
        "QuadClass": row["Quad Class"], "NumSources": row["Sources"], "ActionGeo_FullName": row["Placename"],
        "ActionGeo_CountryCode": row["Country"], "ActionGeo_Lat": row["Latitude"], "ActionGeo_Long": row["Longitude"],
        "SOURCEURL": row["URL"],
    }


def _first(joined: str | None) -> str | None:
    return (joined.split(JOIN)[0] or None) if joined else None


def _batches(rows: Iterable[dict], schema: pa.Schema) -> Iterator[pa.RecordBatch]:
    rows = iter(rows)
    while chunk := list(islice(rows, ROWS_PER_BATCH)):
        yield pa.RecordBatch.from_pylist(chunk, schema=schema)


def _write_delimited(rows: Iterable[dict], schema: pa.Schema, sink: BinaryIO, delimiter: str) -> None:
    with pa_csv.CSVWriter(sink, schema, write_options=pa_csv.WriteOptions(delimiter=delimiter)) as writer:
        for batch in _batches(rows, schema):
            writer.write_batch(batch)


def _write_parquet(rows: Iterable[dict], sink: BinaryIO) -> None:
    with pq.ParquetWriter(sink, POLECAT_FIELDS) as writer:
        for batch in _batches(rows, POLECAT_FIELDS):
            writer.write_batch(batch)


def _write_jsonl(rows: Iterable[dict], sink: BinaryIO) -> None:
    for row in rows:
        sink.write(json.dumps(row, ensure_ascii=False, default=str).encode("utf-8") + b"\n")


WRITERS = {
    "polecat": lambda rows, sink: _write_delimited(rows, POLECAT_FIELDS, sink, "\t"),
    "gdelt": lambda rows, sink: _write_delimited(map(gdelt_row, rows), GDELT_FIELDS, sink, "\t"),
    "csv": lambda rows, sink: _write_delimited(rows, POLECAT_FIELDS, sink, ","),
    "jsonl": _write_jsonl,
    "parquet": _write_parquet,
}
FORMATS = tuple(WRITERS)
# Formats a terminal or a pipe can take; parquet is binary and goes to a file.
TEXT_FORMATS = ("polecat", "gdelt", "csv", "jsonl")


def write_export(rows: Iterable[dict], fmt: str, sink: BinaryIO | str | Path) -> None:
    """Writes `rows` (from `event_rows`) in `fmt` to a binary stream or a file path."""
    if isinstance(sink, (str, Path)):
        Path(sink).parent.mkdir(parents=True, exist_ok=True)
        with open(sink, "wb") as stream:
            WRITERS[fmt](rows, stream)
    else:
        WRITERS[fmt](rows, sink)
