"""Convert a ``server.port`` value exactly as Spring Boot does, then check it is usable.

Spring's rules (spring-semantics.md §5; compared with spring-core's own ``NumberUtils``):

* The property is a nullable ``Integer``: unset -> :data:`DEFAULT_PORT`.  An
  *empty* value converts to null, so it is unset too.
* Otherwise all whitespace is removed anywhere (``" 80 80 "`` -> 8080); then
  ``0x``/``0X``/``#`` after an optional ``-`` is hex (``Integer.decode``), anything
  else decimal (``Integer.valueOf``): ``+8080``, ``010`` (= 10, not octal), any
  Unicode decimal digit.  It must fit a 32-bit signed int.
* Boot checks no range: 0 means a random port, a negative one "do not start the
  web server", and above 65535 fails only at start.  :func:`check_port` rejects
  them all, and ports below 1024 unless privileged ports are allowed.
"""

from __future__ import annotations


from .errors import PortError, clip
from .model import Origin, OriginKind

#: What Spring Boot's web servers listen on when ``server.port`` is unset.
DEFAULT_PORT = 8080

_INT_MIN, _INT_MAX = -(2**31), 2**31 - 1
_PRIVILEGED_BELOW, _MAX_PORT = 1024, 65535

# Character.isWhitespace: these controls, plus Unicode space separators that are not no-break.
_JAVA_WHITESPACE_CONTROLS = frozenset("\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f")
_NO_BREAK_SPACES = frozenset("\u00a0\u2007\u202f")

_INTEGER_HINT = "use a whole number between 1024 and 65535, e.g. 8080"
_RANGE_HINT = "use a fixed port between 1024 and 65535, e.g. 8080"
_PRIVILEGED_HINT = ("use 1024 or above (8080 is usual), or allow privileged ports"
                    " if this service is deployed with that privilege")


class NumberFormatError(ValueError):
    """Java's ``NumberFormatException``; ``str()`` is Java's message, ``input`` the text it quotes.

    For hex, Java quotes only the digits after the prefix, and JDK 17 (Boot 3's
    minimum) appends `` under radix 16``.  We print the plain JDK 8 form on purpose
    and keep ``radix`` so a caller can add that suffix.
    """

    def __init__(self, message: str, input: str | None = None, radix: int = 10) -> None:
        super().__init__(message)
        self.input = input
        self.radix = radix

    @classmethod
    def for_input(cls, text: str, radix: int = 10) -> NumberFormatError:
        return cls(f'For input string: "{text}"', text, radix)


def parse_spring_int(text: str) -> int | None:
    """Spring's String -> ``java.lang.Integer`` conversion; ``None`` for an empty string."""
    if text == "":
        return None  # StringToNumberConverterFactory: empty source -> null
    trimmed = "".join(ch for ch in text if not _is_java_whitespace(ch))
    # NumberUtils.isHexNumber looks past a "-" only: "+0x1F90" goes to valueOf and fails.
    if trimmed.startswith(("0x", "0X", "#"), 1 if trimmed.startswith("-") else 0):
        return _decode(trimmed)
    return _parse_int(trimmed, 10)


def _is_java_whitespace(ch: str) -> bool:
    if ch.isascii():  # the only ASCII space separator is ' '; unicodedata costs an import at every start
        return ch == " " or ch in _JAVA_WHITESPACE_CONTROLS
    import unicodedata

    category = unicodedata.category(ch)
    return ch in _JAVA_WHITESPACE_CONTROLS or (category[0] == "Z" and ch not in _NO_BREAK_SPACES)


def _decode(text: str) -> int:
    """``Integer.decode`` for a value with a hex prefix."""
    negative = text.startswith("-")
    index = 1 if negative else 0
    index += 1 if text.startswith("#", index) else 2
    digits = text[index:]
    if digits.startswith(("-", "+")):
        raise NumberFormatError("Sign character in wrong position")
    try:
        value = _parse_int(digits, 16)
        return -value if negative else value
    except NumberFormatError:
        # Java retries with the sign attached, which is how -0x80000000 parses;
        # a genuine failure is then reported on that signed text.
        return _parse_int("-" + digits if negative else digits, 16)


def _parse_int(text: str, radix: int) -> int:
    """``Integer.parseInt``: optional sign, at least one digit, 32-bit range."""
    body = text[1:] if text[:1] in ("-", "+") else text
    digits = [_java_digit(ch, radix) for ch in body]
    if not body or -1 in digits:
        raise NumberFormatError.for_input(text, radix)
    value = 0
    for digit in digits:
        value = value * radix + digit
    value = -value if text.startswith("-") else value
    if not _INT_MIN <= value <= _INT_MAX:
        raise NumberFormatError.for_input(text, radix)
    return value


def _java_digit(ch: str, radix: int) -> int:
    """``Character.digit(char, radix)``, or -1."""
    if ord(ch) > 0xFFFF:
        return -1  # Java walks UTF-16 units: a surrogate is never a digit
    if "0" <= ch <= "9":
        value = ord(ch) - 48
    elif not ch.isascii() and _unicode_category(ch) == "Nd":
        import unicodedata

        value = unicodedata.decimal(ch)
    elif ch.isascii() and ch.isalpha():
        value = ord(ch.lower()) - ord("a") + 10
    elif "\uff21" <= ch <= "\uff3a" or "\uff41" <= ch <= "\uff5a":  # fullwidth Latin letters
        value = (ord(ch) - 0xFF21) % 0x20 + 10
    else:
        return -1
    return value if value < radix else -1


def check_port(
    value: str, *, key: str = "server.port", origin: Origin | None = None,
    allow_privileged: bool = False, secret: bool = False,
) -> int:
    """Convert ``value`` as Spring Boot would and return the port, or raise :class:`PortError`.

    An empty value is unset for Spring, so it gives :data:`DEFAULT_PORT`.  ``secret``: the value
    came from a secret (``${DB_PASSWORD}``), so the error's message does not quote it (its
    ``value`` attribute still holds it).
    """
    try:
        port = parse_spring_int(value)
    except NumberFormatError as error:
        if error.input is None:
            java = str(error)
        else:
            java = f"For input string: {_MASKED if secret else _quote(error.input)}"
        tail = f", which Spring Boot cannot convert to a port number ({java})"
        problem = ("port-not-integer", tail, _INTEGER_HINT)
        # A secret's Java error, which quotes it, is not chained (tracebacks print causes).
        raise _port_error(problem, key, value, None, origin, secret) from (None if secret else error)
    if port is None:
        return DEFAULT_PORT
    problem = _port_problem(port, allow_privileged)
    if problem is not None:
        raise _port_error(problem, key, value, port, origin, secret)
    return port


def _port_problem(port: int, allow_privileged: bool) -> tuple[str, str, str] | None:
    """``(rule, end of the reason, hint)`` for an unusable port."""
    if port == 0:
        tail = (": Spring Boot would pick a random free port,"
                " and port 0 cannot be reached by clients")
    elif port < 0:
        tail = ": Spring Boot would not start the web server at all (a negative port disables it)"
    elif port > _MAX_PORT:
        tail = f", above {_MAX_PORT}: a TCP port is a 16-bit number"
    elif port < _PRIVILEGED_BELOW and not allow_privileged:
        tail = ", a privileged port (below 1024): binding it needs administrator rights"
        return "port-privileged", tail, _PRIVILEGED_HINT
    else:
        return None
    return "port-out-of-range", tail, _RANGE_HINT


def _port_error(
    problem: tuple[str, str, str], key: str, value: str, port: int | None, origin: Origin | None,
    secret: bool = False,
) -> PortError:
    rule, tail, hint = problem
    reason = f"{key} is {_subject(value, port, origin, secret)}{tail}"
    return PortError(reason, rule=rule, key=key, value=value, port=port, origin=origin, hint=hint)


def _subject(value: str, port: int | None, origin: Origin | None, secret: bool = False) -> str:
    """How the value is named: the bare number when that is what was written, else the text."""
    if secret:
        shown, notes = _MASKED, []
    elif port is not None and value == str(port):
        shown, notes = value, []
    else:  # " 80" or "0x50" would surprise without the number Spring makes of it
        shown, notes = _quote(value), ([] if port is None else [str(port)])
    # PortError prints a file origin as its location prefix; any other origin would be lost.
    if origin is not None and origin.kind is not OriginKind.FILE:
        notes.append(f"from {origin}")
    return f"{shown} ({', '.join(notes)})" if notes else shown


_MASKED = '"******"'


def _quote(text: str) -> str:
    # Spring quotes the raw text; invisible characters are escaped so they can be seen.
    return '"' + "".join(ch if ch.isprintable() else repr(ch)[1:-1] for ch in clip(text)) + '"'


# -- how a port is written ---------------------------------------------------------------


def hardcoded_port(raw: str) -> int | None:
    """The port a value as written fixes, when it is a literal (no placeholder) positive number; else None.

    0 (a random port) and negative values (disabled) are not "hard-coded ports".
    """
    if "${" in raw:
        return None
    try:
        port = parse_spring_int(raw)
    except NumberFormatError:
        return None
    return port if port is not None and port > 0 else None


def _yaml_octal(text: str) -> bool:
    body = text.lstrip("+-").replace("_", "")
    return len(body) > 1 and body.startswith("0") and body.isascii() and body.isdigit() and "8" not in body \
        and "9" not in body


def misread_port(key: str, value: str, written: str | None, *, yaml: bool) -> str | None:
    """Why a port written this way is easy to misread (the ``port-format`` message), or None.

    ``value`` is what Spring converts; ``written`` the YAML text when it differs (see
    :attr:`portconfig.model.Entry.written`): plain text YAML 1.1 typed as a number, or a quoted scalar.
    """
    if written is not None and written[:1] not in ("'", '"'):
        # A plain YAML scalar typed by YAML 1.1: the number Spring sees is not the text.
        if not value.lstrip("-").isdigit():
            return None  # a bool, float or null: not a number at all (port-not-integer)
        body = written.lstrip("+-").replace("_", "")
        if ":" in written:
            return (f"{key} is {written}, a base-60 (sexagesimal) number in YAML 1.1: Spring Boot gets {value}; "
                    f"write the port as one decimal number")
        if body[:2] in ("0x", "0X"):
            return f"{key} is {written}, a hexadecimal number: Spring Boot gets {value}; write {value}"
        if body[:2] in ("0b", "0B"):
            return f"{key} is {written}, a binary number in YAML 1.1: Spring Boot gets {value}; write {value}"
        if _yaml_octal(written):
            quoted = str(parse_spring_int(written.replace("_", "")))
            return (f"{key} is {written}, an octal number in YAML 1.1: Spring Boot gets {value} (quoted, "
                    f"'{written}' would give {quoted}); write the port in decimal, without leading zeros")
        if "_" in written:
            return (f"{key} is {written}: YAML 1.1 drops the underscores and Spring Boot gets {value}, but the "
                    f"same text quoted or in a .properties file does not convert; write {value}")
        if written.startswith("+"):
            return f"{key} is {written}, with a plus sign: Spring Boot gets {value}; write {value}"
        return None
    text = value
    shown = written if written is not None else _quote(value)
    try:
        port = parse_spring_int(text)
    except NumberFormatError:
        return None  # port-not-integer reports it
    if port is None:
        return None
    trimmed = text.strip()
    unsigned = trimmed.lstrip("-")
    if unsigned.startswith(("0x", "0X", "#")):
        return f"{key} is {shown}, a hexadecimal number to Spring Boot: it gets {port}; write {port}"
    if any(_is_java_whitespace(ch) for ch in trimmed):
        return (f"{key} is {shown}, with whitespace inside: Spring Boot removes all whitespace and gets {port}; "
                f"write {port}")
    if trimmed.startswith("+"):
        return f"{key} is {shown}, with a plus sign: Spring Boot gets {port}; write {port}"
    if not unsigned.isascii():
        return f"{key} is {shown}, written with non-ASCII digits: Spring Boot gets {port}; write {port}"
    if len(unsigned) > 1 and unsigned.startswith("0"):
        if yaml and _yaml_octal(trimmed):
            octal = int(unsigned, 8) * (-1 if trimmed.startswith("-") else 1)
            return (f"{key} is {shown}, with leading zeros: Spring Boot reads it as decimal {port}, but unquoted "
                    f"YAML 1.1 would make it octal {octal}; write {port}")
        return f"{key} is {shown}, with leading zeros: Spring Boot reads it as decimal {port}; write {port}"
    return None


def _unicode_category(ch: str) -> str:
    import unicodedata  # only for non-ASCII text: most runs never need it

    return unicodedata.category(ch)
