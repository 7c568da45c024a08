"""Spring profiles: expressions (``prod & eu``), name validation, and which profiles are active.

* :func:`parse_expression` is Spring Framework's ``Profiles.of`` (``ProfilesParser``):
  tokens are ``( ) & | !`` and the text between them (trimmed), so ``prod eu`` is
  ONE profile name, not two; mixing ``&`` and ``|`` without parentheses is
  ``Malformed profile expression [<e>]``; several expressions (a list, or a
  comma-separated ``on-profile`` value) match when any of them does.
* :func:`validate_name` is Spring Boot 3.5.1's ``ProfilesValidator``: letters,
  digits and ``- _ . + @``, starting and ending with a letter or digit.
* :func:`expand` is Boot's group expansion (``spring.profiles.group.<name>``),
  depth first, each profile once.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence

Matcher = Callable[[Callable[[str], bool]], bool]

#: Boot 3.5.1's ProfilesValidator.ALLOWED_CHARS.
ALLOWED_CHARS = "-_.+@"


class ProfileError(ValueError):
    """A profile expression or name Spring rejects; ``str()`` is Spring's own message."""


def _malformed(expression: str) -> ProfileError:
    return ProfileError(f"Malformed profile expression [{expression}]")


def _tokens(expression: str) -> list[str]:
    """java.util.StringTokenizer(expression, "()&|!", true): delimiters are tokens too."""
    out: list[str] = []
    current = ""
    for ch in expression:
        if ch in "()&|!":
            if current:
                out.append(current)
                current = ""
            out.append(ch)
        else:
            current += ch
    if current:
        out.append(current)
    return out


def _or(items: Sequence[Matcher]) -> Matcher:
    return lambda active: any(item(active) for item in items)


def _and(items: Sequence[Matcher]) -> Matcher:
    return lambda active: all(item(active) for item in items)


def _not(item: Matcher) -> Matcher:
    return lambda active: not item(active)


def _equals(name: str) -> Matcher:
    return lambda active: active(name)


_NONE, _NEGATE, _PARENTHESIS = 0, 1, 2


def _merge(expression: str, elements: list[Matcher], operator: str | None) -> Matcher:
    if not elements:
        raise _malformed(expression)
    if len(elements) == 1:
        return elements[0]
    return _and(list(elements)) if operator == "&" else _or(list(elements))


def _parse_tokens(expression: str, tokens: list[str], context: int) -> Matcher:
    elements: list[Matcher] = []
    operator: str | None = None
    while tokens:
        token = tokens.pop(0).strip()
        if not token:
            continue
        if token == "(":
            contents = _parse_tokens(expression, tokens, _PARENTHESIS)
            if context == _NEGATE:
                return contents
            elements.append(contents)
        elif token in ("&", "|"):
            if operator is not None and operator != token:
                raise _malformed(expression)
            operator = token
        elif token == "!":
            elements.append(_not(_parse_tokens(expression, tokens, _NEGATE)))
        elif token == ")":
            merged = _merge(expression, elements, operator)
            if context == _PARENTHESIS:
                return merged
            elements = [merged]
            operator = None
        else:
            value = _equals(token)
            if context == _NEGATE:
                return value
            elements.append(value)
    return _merge(expression, elements, operator)


def parse_expression(expression: str) -> Matcher:
    """One profile expression as a predicate over "is this profile accepted?"; raises :class:`ProfileError`."""
    if not expression.strip():
        raise ProfileError(f"Invalid profile expression [{expression}]: must contain text")
    return _parse_tokens(expression, _tokens(expression), _NONE)


def parse_expressions(expressions: Sequence[str]) -> Matcher:
    """``Profiles.of(a, b, ...)``: matches when any expression matches."""
    if not expressions:
        raise ProfileError("Must specify at least one profile expression")
    return _or([parse_expression(expression) for expression in expressions])


def matches(expressions: Sequence[str], accepted: Iterable[str]) -> bool:
    accepted_set = set(accepted)
    return parse_expressions(expressions)(accepted_set.__contains__)


def names_in(expression: str) -> list[str]:
    """The profile names an expression mentions (``prod & !eu`` -> prod, eu), in order."""
    out = []
    for token in _tokens(expression):
        token = token.strip()
        if token and token not in "()&|!" and token not in out:
            out.append(token)
    return out


def validate_name(profile: str) -> str | None:
    """Boot 3.5.1's message for an invalid profile name, or None when it is valid."""
    if not profile.strip():
        return "Invalid empty profile"
    for index, ch in enumerate(profile):
        if not (ch in ALLOWED_CHARS or ch.isalnum()):
            allowed = "', '".join(ALLOWED_CHARS)
            return f"Profile '{profile}' must contain a letter, digit or allowed char ('{allowed}')"
        if not (0 < index < len(profile) - 1) and not ch.isalnum():
            return f"Profile '{profile}' must start and end with a letter or digit"
    return None


def split(value: str) -> list[str]:
    """A comma-separated profile list as Boot binds it: items trimmed, empty items dropped."""
    return [item.strip() for item in value.split(",") if item.strip()]


def expand(profiles: Sequence[str], groups: Mapping[str, Sequence[str]]) -> list[str]:
    """Boot's ``Profiles.expandProfiles``: each profile followed by its group's members, depth first, once each."""
    stack = list(reversed(profiles))
    out: list[str] = []
    while stack:
        current = stack.pop()
        if current not in out:
            out.append(current)
            stack.extend(reversed(list(groups.get(current, ()))))
    return out


def unique(*lists: Iterable[str]) -> list[str]:
    out: list[str] = []
    for items in lists:
        for item in items:
            if item not in out:
                out.append(item)
    return out
