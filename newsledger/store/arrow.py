"""Bulk inserts into the store: one Arrow table a statement (DuckDB's executemany runs one a row)."""

from __future__ import annotations

import duckdb
import pyarrow as pa


def insert_by_name(connection: duckdb.DuckDBPyConnection, table: str, rows: pa.Table) -> None:
    """Inserts the rows into `table`, matching columns by name."""
    view = f"incoming_{table}"
    connection.register(view, rows)
    try:
        connection.execute(f"INSERT INTO {table} BY NAME SELECT * FROM {view}")
    finally:
        connection.unregister(view)


def insert_tuples(connection: duckdb.DuckDBPyConnection, table: str, schema: pa.Schema, rows: list[tuple]) -> None:
    """Inserts rows given as tuples in the order of the schema's columns."""
    columns = [pa.array(values, field.type) for values, field in zip(zip(*rows), schema)]
    insert_by_name(connection, table, pa.Table.from_arrays(columns, schema=schema))
