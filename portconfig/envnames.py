"""Find a property in the OS environment the way Spring Boot 3.4 does.

Two layers exist (spring-semantics.md §2):

* Spring Framework's ``SystemEnvironmentPropertySource`` tries the name with
  ``.`` and/or ``-`` turned into ``_``, then the same on the upper-cased name:
  ``server.port`` finds ``SERVER_PORT``, ``my.item-price`` finds ``MY_ITEM_PRICE``.
* Spring Boot's ``SystemEnvironmentPropertyMapper`` maps a *canonical* name
  (``ConfigurationPropertyName``) to env names with dashes removed:
  ``my.item-price`` also finds ``MY_ITEMPRICE``; ``host[0].name`` finds ``HOST_0_NAME``.

Boot's element parser is mirrored below so that odd names behave as in Boot.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

# ConfigurationPropertyName.ElementType
_EMPTY, _UNIFORM, _DASHED, _NON_UNIFORM, _INDEXED, _NUMERIC = range(6)

_Element = tuple[str, int]


def framework_candidates(name: str) -> list[str]:
    """The env names ``SystemEnvironmentPropertySource`` tries for ``name``, in order.

    Java upper-cases with ``Locale.ROOT``; ``str.upper`` gives the same result for
    every name made of ASCII and for almost all others.
    """
    names = _replacements(name)
    upper = name.upper()
    if upper != name:  # "already all upper case" is Java's equals(), not str.isupper()
        names += _replacements(upper)
    return list(dict.fromkeys(names))


def _replacements(name: str) -> list[str]:
    no_dot = name.replace(".", "_")
    return [name, no_dot, name.replace("-", "_"), no_dot.replace("-", "_")]


def is_canonical(name: str) -> bool:
    """Whether ``name`` is a valid ``ConfigurationPropertyName`` written in its canonical form."""
    if "[" not in name:
        # Without indexes the element parser's verdict is this regular language;
        # checking it first keeps the lookup of every key cheap.
        return _SIMPLE_CANONICAL.fullmatch(name) is not None
    return _canonical_elements(name) is not None


_SIMPLE_CANONICAL = re.compile(r"[a-z0-9][a-z0-9-]*(?:\.[a-z0-9][a-z0-9-]*)*")


def _canonical_elements(name: str) -> list[_Element] | None:
    if not name or name[0] == "." or name[-1] == ".":
        return None  # the checks of ConfigurationPropertyName.of() ...
    elements = _parse(name, ".")
    if any(kind == _NON_UNIFORM for _, kind in elements):
        return None
    # ... and the name must be what Boot prints for it ("a..b" and "a[0]b" are valid, not canonical)
    return elements if _to_string(elements) == name else None


def boot_candidates(name: str) -> list[str]:
    """``SystemEnvironmentPropertyMapper`` candidates for a canonical name; ``[]`` otherwise."""
    elements = _canonical_elements(name)
    if elements is None:
        return []
    # An index keeps its text in both forms; only the legacy form turns its dashes into "_".
    env = "_".join(text if kind >= _INDEXED else text.replace("-", "") for text, kind in elements)
    legacy = "_".join(text.replace("-", "_") for text, _ in elements)
    return list(dict.fromkeys([env.upper(), legacy.upper(), env, legacy]))


def find_in_environment(name: str, env: Mapping[str, str]) -> tuple[str, str] | None:
    """``(env_var_name, value)`` of the first match: Framework candidates, then Boot's.

    A variable that is present with an empty value is a match.
    """
    if not name:
        return None
    for candidate in framework_candidates(name) + boot_candidates(name):
        if candidate in env:
            return candidate, env[candidate]
    return None


def environment_name_to_property(env_name: str) -> str | None:
    """The property name Boot reads from an env var name (``HOST_0_NAME`` -> ``host[0].name``).

    ``None`` when Boot maps it to the empty name, which it ignores (``_``, ``A.B``).
    """
    elements: list[_Element] = []
    for text, _ in _parse(env_name, "_"):
        lower = text.lower()
        # Character::isDigit over UTF-16 units: a supplementary-plane digit is not one.
        is_number = all(_is_java_digit(ch) for ch in lower)
        # Boot re-parses each processed element; more than one element makes it give up.
        reparsed = _parse(f"[{lower}]" if is_number else lower, ".")
        if len(reparsed) != 1:
            return None
        elements.append(reparsed[0])
    return _to_string(elements) or None


def _parse(source: str, separator: str) -> list[_Element]:
    """``ElementsParser.parse``: elements with their types; logically empty ones dropped."""
    elements: list[_Element] = []
    depth, start, kind = 0, 0, _EMPTY
    for i, ch in enumerate(source):
        if ch == "[":
            if depth == 0:
                _add(elements, source[start:i], kind)
                start, kind = i + 1, _NUMERIC
            depth += 1
        elif ch == "]":
            depth -= 1
            if depth == 0:
                _add(elements, source[start:i], kind)
                start, kind = i + 1, _EMPTY
        elif kind < _INDEXED and ch == separator:
            _add(elements, source[start:i], kind)
            start, kind = i + 1, _EMPTY
        else:
            kind = _update_type(kind, ch, i - start)
    _add(elements, source[start:], _NON_UNIFORM if depth != 0 else kind)
    return elements


def _add(elements: list[_Element], text: str, kind: int) -> None:
    if text and kind != _EMPTY:
        elements.append((text, kind))


def _update_type(kind: int, ch: str, index: int) -> int:
    if kind >= _INDEXED:
        return _INDEXED if kind == _NUMERIC and not "0" <= ch <= "9" else kind
    if kind == _EMPTY and _valid_char(ch, index):
        return _UNIFORM if index == 0 else _NON_UNIFORM
    if kind == _UNIFORM and ch == "-":
        return _DASHED
    if not _valid_char(ch, index):
        # Java's Character.toLowerCase maps one char to one char: "İ" -> "i", hence [:1].
        if kind == _EMPTY and not _valid_char(ch.lower()[:1], index):
            return _EMPTY
        return _NON_UNIFORM
    return kind


def _valid_char(ch: str, index: int) -> bool:
    return "a" <= ch <= "z" or "0" <= ch <= "9" or (index != 0 and ch == "-")


def _to_string(elements: list[_Element]) -> str:
    """``ConfigurationPropertyName.toString``: elements joined by ``.``, indexes in brackets."""
    parts: list[str] = []
    for text, kind in elements:
        if kind >= _INDEXED:
            parts.append(f"[{text}]")
        else:
            dashed = text if kind in (_UNIFORM, _DASHED) else _dashed(text)
            parts.append(f".{dashed}" if parts else dashed)
    return "".join(parts)


def _dashed(text: str) -> str:
    # Form.DASHED of a non-uniform element: lower-cased, invalid characters dropped.
    return "".join(low for i, ch in enumerate(text) if _valid_char(low := ch.lower()[:1], i))


def _is_java_digit(ch: str) -> bool:
    """``Character.isDigit`` of one UTF-16 unit: a supplementary-plane digit is not one."""
    if ch.isascii():
        return "0" <= ch <= "9"
    if ord(ch) > 0xFFFF:
        return False
    import unicodedata  # only for non-ASCII names: most runs never need it

    return unicodedata.category(ch) == "Nd"
