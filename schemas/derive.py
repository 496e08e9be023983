"""Derive Arrow schemas and DuckDB DDL from the pydantic records: one definition, three forms.

A `Literal` of strings (a closed vocabulary) is stored as a plain string, VARCHAR: the allowed
values are stated in the column's comment and checked by a data test (schemas/data_tests.py), not
by the DDL, so that adding a value never changes a table's definition.
"""

import types
from collections.abc import Sequence
from datetime import datetime
from typing import Any, Literal, Union, get_args, get_origin

import pyarrow as pa
from pydantic import BaseModel
from pydantic.fields import FieldInfo

_SCALARS: dict[type, tuple[pa.DataType, str]] = {
    str: (pa.string(), "VARCHAR"),
    int: (pa.int64(), "BIGINT"),
    float: (pa.float64(), "DOUBLE"),
    bool: (pa.bool_(), "BOOLEAN"),
    datetime: (pa.timestamp("us", tz="UTC"), "TIMESTAMPTZ"),
}


def _unwrap_optional(annotation: Any) -> tuple[Any, bool]:
    if get_origin(annotation) in (Union, types.UnionType):
        args = [a for a in get_args(annotation) if a is not type(None)]
        if len(args) == 1:
            return args[0], True
    return annotation, False


def allowed_values(annotation: Any) -> tuple[str, ...] | None:
    """The values a column typed by a `Literal` (optional or not) may hold; None for others."""
    annotation, _ = _unwrap_optional(annotation)
    if get_origin(annotation) is Literal:
        return get_args(annotation)
    return None


def nullable(field: FieldInfo) -> bool:
    """Whether a column may be null: its type is optional (`X | None`); the others are NOT NULL
    in the DDL and checked by a data test in views."""
    return _unwrap_optional(field.annotation)[1]


def _types(annotation: Any) -> tuple[pa.DataType, str]:
    annotation, _ = _unwrap_optional(annotation)
    if annotation in _SCALARS:
        return _SCALARS[annotation]
    values = allowed_values(annotation)
    if values is not None and all(isinstance(v, str) for v in values):
        return _SCALARS[str]
    if get_origin(annotation) is list:
        arrow, sql = _types(get_args(annotation)[0])
        return pa.list_(arrow), f"{sql}[]"
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        fields = {name: _types(f.annotation) for name, f in annotation.model_fields.items()}
        arrow = pa.struct([pa.field(n, a) for n, (a, _) in fields.items()])
        sql = ", ".join(f"{n} {s}" for n, (_, s) in fields.items())
        return arrow, f"STRUCT({sql})"
    raise TypeError(f"no column type for {annotation!r}")


def columns(model: type[BaseModel], exclude: frozenset[str] = frozenset()) -> list[str]:
    """The model's column names, in order."""
    return [name for name in model.model_fields if name not in exclude]


def arrow_schema(model: type[BaseModel], exclude: frozenset[str] = frozenset()) -> pa.Schema:
    """The Arrow schema of a record model."""
    fields = []
    for name in columns(model, exclude):
        field = model.model_fields[name]
        arrow, _ = _types(field.annotation)
        _, optional = _unwrap_optional(field.annotation)
        fields.append(pa.field(name, arrow, nullable=optional or not field.is_required()))
    return pa.schema(fields)


def _quote(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def create_table_sql(name: str, model: type[BaseModel]) -> str:
    """`CREATE TABLE` for a record model."""
    cols = []
    for col in columns(model):
        field = model.model_fields[col]
        _, sql = _types(field.annotation)
        cols.append(f"    {col} {sql}{'' if nullable(field) else ' NOT NULL'}")
    return f"CREATE TABLE {name} (\n" + ",\n".join(cols) + "\n)"


def column_comment(field: FieldInfo) -> str:
    """A column's comment: its description, and the values it may hold when it has a closed
    vocabulary."""
    text = field.description or ""
    values = allowed_values(field.annotation)
    if values is not None:
        text += " Values: " + ", ".join(f"`{v}`" for v in values) + "."
    return text


def comment_sql(name: str, model: type[BaseModel], kind: str = "TABLE") -> list[str]:
    """`COMMENT ON` statements for a table (or view) and each of its columns."""
    doc = " ".join((model.__doc__ or name).split())
    statements = [f"COMMENT ON {kind} {name} IS {_quote(doc)}"]
    for col, field in model.model_fields.items():
        statements.append(f"COMMENT ON COLUMN {name}.{col} IS {_quote(column_comment(field))}")
    return statements


def to_table(records: Sequence[BaseModel], model: type[BaseModel],
             exclude: frozenset[str] = frozenset()) -> pa.Table:
    """Records as an Arrow table of the model's schema."""
    schema = arrow_schema(model, exclude)
    rows = [r.model_dump(exclude=set(exclude)) for r in records]
    return pa.Table.from_pylist(rows, schema=schema)
