"""Records the code makes of its own values, built without validation (compiled: tasks/native.py).

Validating a record the extractor made itself, every value already of its field's type, checks
what cannot fail: pydantic's validation of the claims and non-claims was about a tenth of the
extractor's instructions, and `model_construct`, in Python, costs more. `built` makes the record
validation would make of the same values: the fields in declared order, the defaults of those not
given, the given ones as the fields set. Records made of input (documents) are still validated, and
tests validate what the extractor builds.
"""

from typing import Any, Final, TypeVar

from pydantic import BaseModel

Model = TypeVar("Model", bound=BaseModel)

# Each model's fields in declared order with their defaults (pydantic's undefined for a required
# one), their names in that order (a list: a dict's keys are compared with it as the list
# PyDict_Keys makes in C, cheaper than a tuple built by iterating them) and as a set, and its
# required fields' names: read once.
_TEMPLATES: dict[type, tuple[dict[str, Any], list[str], frozenset[str], frozenset[str]]] = {}
_new: Final = object.__new__  # looked up once, not on each record


def built(model: type[Model], values: dict[str, Any], unset: frozenset[str] = frozenset()
          ) -> Model:
    """The record of the values: an unknown or missing field is an error, not a wrong type. Values
    of every field in declared order (the extractor's rows) become the record's dict as they are,
    its fields set a copy of the names': no template copied and updated, no set built of the keys
    (two thirds of the cost of a record). Pass a dict of its own to each record. `unset`: fields
    such values hold at their defaults that count as not given (left out of the fields set, as
    validation would leave them were they not in the values)."""
    template, names, every, required = _TEMPLATES.get(model) or _template(model)
    if len(values) == len(names) and list(values.keys()) == names:
        fields, given = values, set(every)
        if unset:
            for name in unset:  # a loop, not any() over a generator; a default is itself equal
                value, default = values[name], template[name]
                if value is not default and value != default:
                    raise ValueError(f"{model.__name__}: unset fields not at their defaults")
            given -= unset
    else:
        fields = template.copy()  # a copy of a dict in C, then each value replaced in place
        fields.update(values)
        given = set(values)
        if unset or len(fields) != len(template) or not required <= given:
            raise ValueError(f"{model.__name__}: unknown or missing fields in {sorted(values)}")
    record = _new(model)
    object.__setattr__(record, "__dict__", fields)
    object.__setattr__(record, "__pydantic_fields_set__", given)
    object.__setattr__(record, "__pydantic_extra__", None)
    object.__setattr__(record, "__pydantic_private__", None)
    return record


def _template(model: type[BaseModel]
              ) -> tuple[dict[str, Any], list[str], frozenset[str], frozenset[str]]:
    """Read a model's template. Its defaults are shared by every record built: a default factory,
    a mutable default or private attributes would need pydantic's own construction."""
    fields = model.__pydantic_fields__
    if model.__private_attributes__ or any(
            f.default_factory or isinstance(f.default, list | dict | set) for f in fields.values()):
        raise TypeError(f"{model.__name__}: not a record of plain fields")
    _TEMPLATES[model] = ({name: f.default for name, f in fields.items()}, list(fields),
                         frozenset(fields),
                         frozenset(name for name, f in fields.items() if f.is_required()))
    return _TEMPLATES[model]
