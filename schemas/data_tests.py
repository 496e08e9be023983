"""Data tests, in the manner of dbt: what must hold of the warehouse's rows, each test one SQL
query that returns the rows breaking it (none when it holds).

No test is written here: they are generated from the models of the tables (schemas/records.py)
and of the views, marts and search index (schemas/views.py), so a column, value or reference is
tested as soon as it is declared:

- unique: the columns of a model's `key` identify a row;
- not null: each key column, and each column whose type is not optional (a table's DDL already
  refuses nulls there; a view or mart has no such constraint, so this is its only check);
- accepted values: a column typed by a `Literal` holds only its values;
- relationship: each value of a column in `references` names a row of the other relation.

`claimtrail check` runs them over a warehouse; the tests run them over the seeds.
"""

from dataclasses import dataclass

import duckdb

from schemas.derive import allowed_values, nullable
from schemas.records import Record
from schemas.tables import COMPUTED, WAREHOUSE_TABLES

# Every relation with a model, tables first.
RELATIONS: dict[str, type[Record]] = {**WAREHOUSE_TABLES, **COMPUTED}


@dataclass(frozen=True)
class DataTest:
    """One thing that must hold of the rows, and the query for the rows that break it."""

    name: str  # what must hold: `claims.doc_id in documents.doc_id`
    sql: str


@dataclass(frozen=True)
class Failure:
    """A data test that does not hold: how many rows break it, and the first few."""

    test: DataTest
    n_rows: int
    rows: list[tuple]


def _literal(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def _checked(name: str, model: type[Record]) -> None:
    """A model's key and references name its own columns, and references name a column of a
    relation with a model: a typo is an error, not a test that cannot fail."""
    for col in (*model.key, *model.references):
        if col not in model.model_fields:
            raise ValueError(f"{name} declares a test on {col!r}, which it does not have")
    for target in model.references.values():
        relation, _, column = target.partition(".")
        if column not in getattr(RELATIONS.get(relation), "model_fields", {}):
            raise ValueError(f"{name} references {target!r}, which no relation has")


def relation_tests(name: str, model: type[Record]) -> list[DataTest]:
    """The data tests of one relation, from its model."""
    _checked(name, model)
    tests = []
    if model.key:
        cols = ", ".join(model.key)
        tests.append(DataTest(
            f"{name} ({cols}) is unique",
            f"SELECT {cols}, count(*) AS n_rows FROM {name} GROUP BY {cols} HAVING count(*) > 1"))
    for col, field in model.model_fields.items():
        if col in model.key or not nullable(field):
            tests.append(DataTest(f"{name}.{col} is not null",
                                  f"SELECT * FROM {name} WHERE {col} IS NULL"))
        values = allowed_values(field.annotation)
        if values is not None:
            tests.append(DataTest(
                f"{name}.{col} in ({', '.join(values)})",
                f"SELECT * FROM {name} WHERE {col} NOT IN ({', '.join(map(_literal, values))})"))
    for col, target in model.references.items():
        relation, column = target.split(".")
        tests.append(DataTest(
            f"{name}.{col} in {target}",
            f"SELECT * FROM {name} AS r WHERE r.{col} IS NOT NULL AND NOT EXISTS "
            f"(SELECT 1 FROM {relation} AS t WHERE t.{column} = r.{col})"))
    return tests


def data_tests() -> list[DataTest]:
    """Every data test of the warehouse, relation by relation."""
    return [test for name, model in RELATIONS.items() for test in relation_tests(name, model)]


def failures(con: duckdb.DuckDBPyConnection, tests: list[DataTest] | None = None,
             shown: int = 5) -> list[Failure]:
    """The data tests (by default all) that fail on the warehouse open on `con`, each with its
    number of failing rows and the first `shown` of them."""
    out = []
    for test in data_tests() if tests is None else tests:
        rows = con.execute(f"{test.sql} LIMIT {shown}").fetchall()
        if rows:
            n_rows = con.execute(f"SELECT count(*) FROM ({test.sql})").fetchall()[0][0]
            out.append(Failure(test, n_rows, rows))
    return out


def report(failed: list[Failure], n_tests: int) -> str:
    """What the data tests found, as text: each failing test with its first failing rows."""
    if not failed:
        return f"all {n_tests} data tests pass"
    lines = [f"{len(failed)} of {n_tests} data tests fail:"]
    for f in failed:
        lines.append(f"- {f.test.name}: {f.n_rows} row{'s' * (f.n_rows != 1)}, e.g.")
        lines += [f"    {row!r}" for row in f.rows]
    return "\n".join(lines)
