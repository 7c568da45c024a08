"""The value classes behave as the dataclasses they replace: repr, equality, hashing, immutability, copies."""

from __future__ import annotations

import copy
import pickle

import pytest

from portconfig._records import replace
from portconfig.analysis import PortResult
from portconfig.configdata import ConfigData, Location
from portconfig.model import Entry, Found, Origin, OriginKind, Problem, Severity

ORIGIN = Origin(OriginKind.FILE, "application.properties", 3, 13)


@pytest.mark.parametrize(
    "record, text",
    [
        (ORIGIN, "Origin(kind=<OriginKind.FILE: 'file'>, name='application.properties', line=3, column=13)"),
        (Origin.environment("PORT"), "Origin(kind=<OriginKind.ENVIRONMENT: 'environment'>, name='PORT', line=None, "
                                     "column=None)"),
        (Problem("port-privileged", Severity.ERROR, "m", "f", 1, 2, "server.port"),
         "Problem(rule='port-privileged', severity=<Severity.ERROR: 'error'>, message='m', file='f', line=1, column=2, "
         "key='server.port')"),
        # Hidden fields (bytes already read, here) are left out, as dataclass's repr=False did.
        (Location(file="-", data=b"secret=1"), "Location(folders=(), file='-', classpath=None, root='.', names=(), "
                                               "format=None)"),
        (ConfigData(), "ConfigData(files=[], file_errors=[], documents=[], problems=[], active_profiles=[], "
                       "default_profiles=['default'], named_profiles=[])"),
    ],
)
def test_repr(record, text):
    assert repr(record) == text


@pytest.mark.parametrize(
    "left, right, equal",
    [
        (ORIGIN, Origin(OriginKind.FILE, "application.properties", 3, 13), True),
        (ORIGIN, Origin(OriginKind.FILE, "application.properties", 3, 14), False),
        (ORIGIN, ("file", "application.properties", 3, 13), False),  # another type is never equal
        # ``written`` is not compared: two entries with the same value are the same entry.
        (Entry("a", "8", ORIGIN, 0, "010"), Entry("a", "8", ORIGIN, 0, None), True),
        (Entry("a", "8", ORIGIN, 0), Entry("a", "8", ORIGIN, 1), False),
        # ``data`` is not compared.
        (Location(file="-", data=b"a"), Location(file="-", data=b"b"), True),
        (Found("a", "1", ORIGIN), Found("a", "1", ORIGIN, ""), True),
        (ConfigData(), ConfigData(), True),
    ],
)
def test_equality(left, right, equal):
    assert (left == right) is equal
    assert (left != right) is not equal
    if equal and hasattr(type(left), "__hash__") and type(left).__hash__ is not None:
        assert hash(left) == hash(right)


@pytest.mark.parametrize("record", [ORIGIN, Entry("a", "b", ORIGIN), Found("a", "b", ORIGIN, "A"),
                                    Problem("r", Severity.NOTE, "m"), Location(folders=("x",))])
def test_frozen_records_refuse_assignment_and_hash(record):
    with pytest.raises(AttributeError, match="frozen"):
        record.key = "other"  # type: ignore[misc]
    with pytest.raises(AttributeError, match="frozen"):
        del record.__slots__  # type: ignore[attr-defined]
    assert {record: 1}[record] == 1


@pytest.mark.parametrize("record", [ConfigData(), PortResult("server.port", "80", ORIGIN)])
def test_mutable_records_are_unhashable(record):
    with pytest.raises(TypeError, match="unhashable"):
        hash(record)


@pytest.mark.parametrize("record", [ORIGIN, Entry("a", "b", ORIGIN, 2, "w"), Found("a", "b", ORIGIN, "A"),
                                    PortResult("server.port", "80", ORIGIN, port=80), ConfigData(active_profiles=["x"])])
def test_copies(record):
    for twin in (pickle.loads(pickle.dumps(record)), copy.copy(record), copy.deepcopy(record)):
        assert type(twin) is type(record)
        assert twin == record
        assert repr(twin) == repr(record)


def test_replace():
    entry = Entry("a", "b", ORIGIN, 2, "w")
    assert replace(entry, value="c") == Entry("a", "c", ORIGIN, 2, "w")
    assert replace(entry, value="c").written == "w"
    assert entry.value == "b"
    with pytest.raises(TypeError, match="Entry has no field 'colour'"):
        replace(entry, colour="red")
