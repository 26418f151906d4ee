"""The model's quick __init__ (model._quick_init) behaves as the one dataclasses writes."""

from __future__ import annotations

import copy
import dataclasses
import inspect
import pickle

import pytest

from termqa.model import Finding, Related, Segment, Severity, Side

QUICK = [Segment, Finding, Related]


def _plain(cls: type) -> type:
    """The same class as dataclasses alone makes it."""
    spec = [(f.name, f.type, field_of(f)) for f in dataclasses.fields(cls)]
    return dataclasses.make_dataclass(f"Plain{cls.__name__}", spec, frozen=True, slots=True)


def field_of(f: dataclasses.Field) -> dataclasses.Field:
    return dataclasses.field(default=f.default, compare=f.compare, hash=f.hash, repr=f.repr)


def _values(cls: type, n: int) -> list:
    samples = {"int": [3, 0, 12], "str": ["a.tsv", "", "郑义溶"], "Side": [Side.SOURCE, Side.TARGET],
               "Severity": list(Severity)}
    out = []
    for i, f in enumerate(dataclasses.fields(cls)):
        kind = str(f.type).split(" | ")[0].split("[")[0]
        choices = samples.get(kind, [("x", "y")]) + ([None] if "None" in str(f.type) else [])
        out.append(choices[(n + i) % len(choices)])
    return out


@pytest.mark.parametrize("cls", QUICK)
def test_signature_and_fields_are_those_dataclasses_give(cls):
    plain = _plain(cls)
    assert str(inspect.signature(cls)) == str(inspect.signature(plain)).replace("Plain", "")
    names = [f.name for f in dataclasses.fields(cls)]
    required = [f.name for f in dataclasses.fields(cls) if f.default is dataclasses.MISSING]
    for n in range(6):
        values = _values(cls, n)
        for made, reference in [(cls(*values), plain(*values)),
                                (cls(**dict(zip(names, values, strict=True))), plain(*values)),
                                (cls(*values[:len(required)]), plain(*values[:len(required)]))]:
            assert [getattr(made, k) for k in names] == [getattr(reference, k) for k in names]
            assert made == copy.copy(made) and hash(made) == hash(pickle.loads(pickle.dumps(made)))
            assert pickle.loads(pickle.dumps(made)) == made
            assert dataclasses.replace(made, **{names[0]: values[0]}) == made


@pytest.mark.parametrize("cls", QUICK)
def test_wrong_arguments_raise_as_they_do_for_a_plain_dataclass(cls):
    plain = _plain(cls)
    values = _values(cls, 1)
    for args, kwargs in [((), {}), ((*values, "extra"), {}), (tuple(values), {"nonsense": 1}),
                         (tuple(values[:1]), {dataclasses.fields(cls)[0].name: values[0]})]:
        with pytest.raises(TypeError) as quick:
            cls(*args, **kwargs)
        with pytest.raises(TypeError) as reference:
            plain(*args, **kwargs)
        assert str(quick.value).replace(cls.__name__, "X") == str(reference.value).replace(plain.__name__, "X")


def test_the_objects_stay_frozen():
    segment = Segment("a.tsv", 1, None, "d", "中", "x")
    with pytest.raises(dataclasses.FrozenInstanceError):
        segment.line = 2  # type: ignore[misc]
    assert segment.source_col is None and segment.target_col is None
