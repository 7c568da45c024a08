"""Value classes without ``dataclasses``: importing it (and ``inspect``) and generating each class's
methods cost ~17 ms at every start, more than the whole of a 50-line check.

A record lists its fields in ``__slots__`` and writes its own ``__init__`` (a frozen one assigns
with ``object.__setattr__``, as a frozen dataclass does).  This base gives it what a dataclass
would: ``repr`` and equality over the fields, a hash when frozen, ``replace`` and pickling.
"""

from __future__ import annotations

from operator import attrgetter

_set = object.__setattr__


class Record:
    """A mutable record: compared by value, so unhashable (defining ``__eq__`` sets ``__hash__`` to None)."""

    __slots__ = ()
    #: Fields left out of ``repr`` and of equality (caches, callables, bulky bytes).
    _hidden: tuple[str, ...] = ()
    _uncompared: tuple[str, ...] = ()
    _fields: tuple[str, ...] = ()
    _compared: tuple[str, ...] = ()
    _shown: tuple[str, ...] = ()
    #: The compared fields' values (a tuple when there are several), for equality and hashing.
    _identity = staticmethod(lambda record: ())

    def __init_subclass__(cls, **kwargs) -> None:
        super().__init_subclass__(**kwargs)
        fields: list[str] = []
        for klass in reversed(cls.__mro__):
            for name in klass.__dict__.get("__slots__", ()):
                if name not in fields:
                    fields.append(name)
        cls._fields = tuple(fields)
        cls._compared = tuple(name for name in fields if name not in cls._uncompared)
        cls._identity = staticmethod(attrgetter(*cls._compared)) if cls._compared else staticmethod(lambda record: ())
        cls._shown = tuple(name for name in fields if name not in cls._hidden)

    def __repr__(self) -> str:
        inner = ", ".join(f"{name}={getattr(self, name)!r}" for name in self._shown)
        return f"{type(self).__qualname__}({inner})"

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return self._identity(self) == self._identity(other)

    def __getstate__(self) -> tuple:
        return tuple(getattr(self, name) for name in self._fields)

    def __setstate__(self, state: tuple) -> None:
        for name, value in zip(self._fields, state):
            _set(self, name, value)


class FrozenRecord(Record):
    """An immutable record: assignment after ``__init__`` raises; hashed by its compared fields."""

    __slots__ = ()

    def __hash__(self) -> int:
        return hash(self._identity(self))

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"cannot assign to field {name!r} of a frozen {type(self).__name__}")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"cannot delete field {name!r} of a frozen {type(self).__name__}")


def replace(record, **changes):
    """A copy of ``record`` with ``changes`` applied (``dataclasses.replace`` for records)."""
    copy = object.__new__(type(record))
    for name in record._fields:
        _set(copy, name, changes.pop(name) if name in changes else getattr(record, name))
    if changes:
        raise TypeError(f"{type(record).__name__} has no field {next(iter(changes))!r}")
    return copy


def slot_setters(cls: type) -> list:
    """The setters of ``cls``'s own slots, in order: a frozen record's ``__init__`` made per key calls
    them directly (~30% cheaper than ``object.__setattr__``, which looks each name up first)."""
    return [cls.__dict__[name].__set__ for name in cls.__dict__["__slots__"]]
