import pytest
from pydantic import Field

from schemas.build import built
from schemas.records import Figure, NonClaimRecord, Record

_NON_CLAIM = dict(doc_id="d", raw_start=0, raw_end=5, text="Hello", sentence_index=0,
                  reason="fragment", run_id="r", extractor_version="v")


def test_a_built_record_is_the_validated_one():
    record = built(NonClaimRecord, dict(reversed(_NON_CLAIM.items())))
    validated = NonClaimRecord.model_validate(_NON_CLAIM)
    assert record == validated and record.checkworthiness is None  # the default
    assert list(record.__dict__) == list(validated.__dict__)  # the declared order
    assert record.model_fields_set == validated.model_fields_set == set(_NON_CLAIM)
    assert record.model_dump_json() == validated.model_dump_json()


def test_an_unknown_or_missing_field_is_an_error():
    with pytest.raises(ValueError, match="unknown or missing"):
        built(NonClaimRecord, {**_NON_CLAIM, "speaker": "x"})
    with pytest.raises(ValueError, match="unknown or missing"):
        built(Figure, {"value": 1.0, "text": "1", "raw_start": 0})


def test_a_default_factory_is_not_built():
    class Listed(Record):
        items: list[str] = Field(default_factory=list)

    with pytest.raises(TypeError, match="not a record of plain fields"):
        built(Listed, {})


def test_every_field_in_declared_order_is_the_validated_record():
    given = {k: _NON_CLAIM.get(k) for k in NonClaimRecord.model_fields}  # checkworthiness None
    record = built(NonClaimRecord, dict(given))
    assert record.model_fields_set == set(NonClaimRecord.model_fields)
    assert record == NonClaimRecord.model_validate(given)
    unset = built(NonClaimRecord, dict(given), frozenset({"checkworthiness"}))
    assert unset.model_fields_set == set(_NON_CLAIM)  # as if left out
    assert unset == NonClaimRecord.model_validate(_NON_CLAIM)
    with pytest.raises(ValueError, match="not at their defaults"):
        built(NonClaimRecord, {**given, "checkworthiness": 0.5}, frozenset({"checkworthiness"}))
