"""Spring Boot's ``RandomValuePropertySource``: ``${random.int}``, ``${random.int[1024,65536]}``, ``${random.uuid}``...

Only names starting with ``random.`` are answered, with a new value on every
lookup (spring-semantics.md §4):

* ``random.int`` / ``random.long``: any 32/64-bit number;
* ``random.int(10)``: 0 <= n < 10; ``random.int[4,10]``: 4 <= n < 10 (upper bound
  exclusive); the same for ``long``.  The character after ``int``/``long`` is
  taken as the opener whatever it is, and the last character is dropped, so
  ``<4,10>`` works too; numbers are parsed like Java's ``Integer.parseInt``
  (no trimming: ``(10, 20)`` fails);
* ``random.uuid``: a version-4 UUID;
* anything else (``random.value``, ``random.foo``): 32 lowercase hex characters.

Bad bounds raise :class:`RandomValueError` with Boot's own message
(``Bound must be positive.``, ``Lower bound must be less than upper bound.``,
``java.lang.NumberFormatException: For input string: " 20"``).  The random
generator is passed in, so tests can fix it.
"""

from __future__ import annotations

import re

from ._records import FrozenRecord
from .errors import PlaceholderError
from .model import Found, Origin, OriginKind

TYPE_CHECKING = False
if TYPE_CHECKING:
    import random as _random

PREFIX = "random."
_INT = (-(2**31), 2**31 - 1)
_LONG = (-(2**63), 2**63 - 1)
_JAVA_INTEGER = re.compile(r"[+-]?[0-9]+")

_set = object.__setattr__


class RandomValueError(PlaceholderError):
    """A ``random.int``/``random.long`` range Spring Boot rejects (Boot fails to start)."""

    rule = "random-bound"


class RandomRange(FrozenRecord):
    """A ``random.int``/``random.long`` range: ``low <= n < high``."""

    __slots__ = ("kind", "low", "high")
    kind: str  # "int" or "long"
    low: int
    high: int

    def __init__(self, kind: str, low: int, high: int) -> None:
        _set(self, "kind", kind)
        _set(self, "low", low)
        _set(self, "high", high)


def _parse_number(text: str, bounds: tuple[int, int], name: str) -> int:
    if not _JAVA_INTEGER.fullmatch(text) or not bounds[0] <= int(text) <= bounds[1]:
        raise _error(name, f'java.lang.NumberFormatException: For input string: "{text}"')
    return int(text)


def _error(name: str, message: str) -> RandomValueError:
    return RandomValueError(
        f"${{{PREFIX}{name}}}: {message}",
        placeholder=PREFIX + name,
        hint="Spring Boot fails to start; write a range such as ${random.int[1024,65536]} (upper bound exclusive)",
    )


def parse_range(name: str) -> RandomRange | None:
    """The range of ``random.<name>`` (``name`` without the prefix), None when it is no ranged int/long.

    ``int`` and ``long`` alone are whole-type ranges.  Raises :class:`RandomValueError`.
    """
    if name == "int":
        return RandomRange("int", _INT[0], _INT[1] + 1)
    if name == "long":
        return RandomRange("long", _LONG[0], _LONG[1] + 1)
    for kind, bounds in (("int", _INT), ("long", _LONG)):
        if name.startswith(kind) and len(name) > len(kind) + 1:
            text = name[len(kind) + 1 : -1]
            tokens = _comma_tokens(text)
            if not tokens:
                raise _error(name, "java.lang.ArrayIndexOutOfBoundsException: Index 0 out of bounds for length 0")
            low = _parse_number(tokens[0], bounds, name)
            if len(tokens) == 1:
                if low <= 0:
                    raise _error(name, "Bound must be positive.")
                return RandomRange(kind, 0, low)
            high = _parse_number(tokens[1], bounds, name)
            if low >= high:
                raise _error(name, "Lower bound must be less than upper bound.")
            return RandomRange(kind, low, high)
    return None


def _comma_tokens(text: str) -> list[str]:
    """Spring's ``StringUtils.commaDelimitedListToStringArray`` (no trimming; "" gives no tokens)."""
    return text.split(",") if text else []


class RandomSource:
    """The ``random`` property source.  ``find`` returns a fresh :class:`Found` on every call."""

    def __init__(self, rng: _random.Random | None = None) -> None:
        self._rng = rng

    @property
    def rng(self) -> _random.Random:
        # Made on first use: most runs draw nothing, and importing random costs ~1 ms at start-up.
        if self._rng is None:
            import random

            self._rng = random.Random()
        return self._rng

    def find(self, name: str) -> Found | None:
        if not name.startswith(PREFIX):
            return None
        return Found(name, self.value(name[len(PREFIX):]), Origin(OriginKind.RANDOM, name), name)

    def value(self, name: str) -> str:
        rng = self.rng
        ranged = parse_range(name)
        if ranged is not None:
            return str(rng.randrange(ranged.low, ranged.high))
        if name == "uuid":
            import uuid  # imports platform: ~1.5 ms nobody else needs

            return str(uuid.UUID(int=rng.getrandbits(128), version=4))
        return f"{rng.getrandbits(128):032x}"
