"""portconfig.port: Spring's String -> Integer conversion and the server.port checks.

Expected conversions come from spring-semantics.md §5 (vectors S01-S08) and from
running spring-core's NumberUtils.parseNumber(text, Integer.class) on JDK 17.
"""

from __future__ import annotations

import pytest

from portconfig.errors import PortError
from portconfig.model import Origin
from portconfig.port import DEFAULT_PORT, NumberFormatError, check_port, parse_spring_int

INTEGER_HINT = "use a whole number between 1024 and 65535, e.g. 8080"
RANGE_HINT = "use a fixed port between 1024 and 65535, e.g. 8080"
PRIVILEGED_HINT = (
    "use 1024 or above (8080 is usual), or allow privileged ports"
    " if this service is deployed with that privilege"
)


# --- parse_spring_int: values Spring converts -------------------------------------------

@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # S02: plain, whitespace anywhere, sign, leading zeros
        ("8080", 8080),
        (" 8080 ", 8080),
        ("80 80", 8080),
        ("+8080", 8080),
        ("08080", 8080),
        # S04: decimal, not octal (YAML would say 8)
        ("010", 10),
        ("00", 0),
        ("-0", 0),
        ("-1", -1),
        # S03: hex through Integer.decode
        ("0x1F90", 8080),
        ("0X1f90", 8080),
        ("#1F90", 8080),
        ("-0x1", -1),
        ("-#1F90", -8080),
        ("0x00000050", 80),
        ("0x010", 16),
        # every kind of Java whitespace is removed
        ("\t8080\n", 8080),
        ("\r\n8080\x0b\x0c", 8080),
        ("\x1c8\x1d0\x1e8\x1f0", 8080),
        ("\u30008080", 8080),  # ideographic space (Zs)
        ("\u20038080", 8080),  # em space (Zs)
        ("\u20288080\u2029", 8080),  # line and paragraph separators
        # any Unicode decimal digit (Character.digit)
        ("\u0668\u0660\u0668\u0660", 8080),  # Arabic-Indic ٨٠٨٠
        ("\uff18\uff10\uff18\uff10", 8080),  # fullwidth digits
        ("0x\u0661", 1),
        ("0x\uff21", 10),  # fullwidth A is a hex digit for Java
        ("0x\uff41b", 171),
        # 32-bit signed range, both ends
        ("2147483647", 2147483647),
        ("-2147483648", -2147483648),
        ("0x7fffffff", 2147483647),
        ("-0x80000000", -2147483648),
    ],
)
def test_parse_spring_int_converts(text: str, expected: int) -> None:
    assert parse_spring_int(text) == expected


def test_parse_spring_int_empty_is_unset() -> None:
    # StringToNumberConverterFactory turns "" into null: the property stays unset.
    assert parse_spring_int("") is None


# --- parse_spring_int: values Spring rejects, with Java's exact message --------------------

@pytest.mark.parametrize(
    ("text", "message"),
    [
        # S08
        ("abc", 'For input string: "abc"'),
        ("8080.0", 'For input string: "8080.0"'),
        ("8_080", 'For input string: "8_080"'),
        ("1e3", 'For input string: "1e3"'),
        ("99999999999", 'For input string: "99999999999"'),
        ("${PORT}", 'For input string: "${PORT}"'),
        ("tcp://10.0.0.1:8080", 'For input string: "tcp://10.0.0.1:8080"'),
        # the message shows the text after whitespace removal
        (" 80.80 ", 'For input string: "80.80"'),
        # whitespace only: trimmed to "", which is not null, so Integer.valueOf("") fails
        (" ", 'For input string: ""'),
        ("\t", 'For input string: ""'),
        # out of the 32-bit range
        ("2147483648", 'For input string: "2147483648"'),
        ("-2147483649", 'For input string: "-2147483649"'),
        # signs
        ("-", 'For input string: "-"'),
        ("+", 'For input string: "+"'),
        ("--1", 'For input string: "--1"'),
        ("+-1", 'For input string: "+-1"'),
        ("+0x1F90", 'For input string: "+0x1F90"'),  # isHexNumber only looks past "-"
        # hex: Java quotes the digits only (JDK 17 adds ' under radix 16', see port.py)
        ("0xZZ", 'For input string: "ZZ"'),
        ("-0xZZ", 'For input string: "-ZZ"'),
        ("0x", 'For input string: ""'),
        ("#", 'For input string: ""'),
        ("0xFFFFFFFF", 'For input string: "FFFFFFFF"'),
        ("0x80000000", 'For input string: "80000000"'),
        ("-0x80000001", 'For input string: "-80000001"'),
        ("0x0x1", 'For input string: "0x1"'),
        ("0x#1", 'For input string: "#1"'),
        ("0x-1", "Sign character in wrong position"),
        ("#+1", "Sign character in wrong position"),
        ("-0x-1", "Sign character in wrong position"),
        # not Java whitespace, so kept and rejected
        ("\u00a08080", 'For input string: "\u00a08080"'),  # no-break space
        ("\u202f8080", 'For input string: "\u202f8080"'),  # narrow no-break space
        ("\x858080", 'For input string: "\x858080"'),  # NEL
        ("\u200b8080", 'For input string: "\u200b8080"'),  # zero-width space (Cf)
        # not decimal digits for Java
        ("\u00b2", 'For input string: "\u00b2"'),  # superscript two (No)
        ("\U0001d7d8", 'For input string: "\U0001d7d8"'),  # a surrogate pair in Java
    ],
)
def test_parse_spring_int_rejects(text: str, message: str) -> None:
    with pytest.raises(NumberFormatError) as caught:
        parse_spring_int(text)
    assert str(caught.value) == message


@pytest.mark.parametrize(
    ("text", "quoted", "radix"),
    [
        ("abc", "abc", 10),
        ("0xZZ", "ZZ", 16),
        ("0x-1", None, 10),
    ],
)
def test_number_format_error_fields(text: str, quoted: str | None, radix: int) -> None:
    with pytest.raises(ValueError) as caught:  # NumberFormatError is a ValueError
        parse_spring_int(text)
    assert (caught.value.input, caught.value.radix) == (quoted, radix)


# --- check_port: usable ports ---------------------------------------------------------

@pytest.mark.parametrize(
    ("value", "allow_privileged", "expected"),
    [
        ("8080", False, 8080),
        (" 8080 ", False, 8080),
        ("0x1F90", False, 8080),
        ("1024", False, 1024),
        ("65535", False, 65535),
        # empty means unset, and unset means Spring's default
        ("", False, 8080),
        ("80", True, 80),
        ("1", True, 1),
    ],
)
def test_check_port_accepts(value: str, allow_privileged: bool, expected: int) -> None:
    assert check_port(value, allow_privileged=allow_privileged) == expected


def test_default_port() -> None:
    assert DEFAULT_PORT == 8080


# --- check_port: full messages --------------------------------------------------------

FILE = Origin.file("src/main/resources/application.properties", 3, 13)
ENV = Origin.environment("PORT")


@pytest.mark.parametrize(
    ("value", "kwargs", "message"),
    [
        # not an integer
        ("abc", {},
         'server.port is "abc", which Spring Boot cannot convert to a port number'
         f' (For input string: "abc"); {INTEGER_HINT}'),
        (" 80.0 ", {},
         'server.port is " 80.0 ", which Spring Boot cannot convert to a port number'
         f' (For input string: "80.0"); {INTEGER_HINT}'),
        ("  ", {},
         'server.port is "  ", which Spring Boot cannot convert to a port number'
         f' (For input string: ""); {INTEGER_HINT}'),
        ("0x-1", {},
         'server.port is "0x-1", which Spring Boot cannot convert to a port number'
         f" (Sign character in wrong position); {INTEGER_HINT}"),
        ("${PORT}", {"origin": FILE},
         'src/main/resources/application.properties:3:13: server.port is "${PORT}", which'
         ' Spring Boot cannot convert to a port number (For input string: "${PORT}");'
         f" {INTEGER_HINT}"),
        ("tcp://10.0.0.1:8080", {"origin": Origin.environment("SERVER_PORT")},
         'server.port is "tcp://10.0.0.1:8080" (from environment variable SERVER_PORT),'
         " which Spring Boot cannot convert to a port number"
         f' (For input string: "tcp://10.0.0.1:8080"); {INTEGER_HINT}'),
        ("None", {},
         'server.port is "None", which Spring Boot cannot convert to a port number'
         f' (For input string: "None"); {INTEGER_HINT}'),
        # invisible characters are escaped so the reader can see them
        ("8080\u200b", {},
         'server.port is "8080\\u200b", which Spring Boot cannot convert to a port number'
         f' (For input string: "8080\\u200b"); {INTEGER_HINT}'),
        ("\xa08080\r", {},
         'server.port is "\\xa08080\\r", which Spring Boot cannot convert to a port number'
         f' (For input string: "\\xa08080"); {INTEGER_HINT}'),
        # 0: random port
        ("0", {},
         "server.port is 0: Spring Boot would pick a random free port, and port 0 cannot"
         f" be reached by clients; {RANGE_HINT}"),
        # negative: web server disabled
        ("-1", {},
         "server.port is -1: Spring Boot would not start the web server at all"
         f" (a negative port disables it); {RANGE_HINT}"),
        ("-8080", {},
         "server.port is -8080: Spring Boot would not start the web server at all"
         f" (a negative port disables it); {RANGE_HINT}"),
        # above 65535
        ("70000", {},
         f"server.port is 70000, above 65535: a TCP port is a 16-bit number; {RANGE_HINT}"),
        ("2147483647", {"allow_privileged": True},
         f"server.port is 2147483647, above 65535: a TCP port is a 16-bit number; {RANGE_HINT}"),
        # privileged
        ("80", {},
         "server.port is 80, a privileged port (below 1024): binding it needs administrator"
         f" rights; {PRIVILEGED_HINT}"),
        ("1023", {},
         "server.port is 1023, a privileged port (below 1024): binding it needs administrator"
         f" rights; {PRIVILEGED_HINT}"),
        # text differs from the number: both are shown
        ("0x50", {},
         'server.port is "0x50" (80), a privileged port (below 1024): binding it needs'
         f" administrator rights; {PRIVILEGED_HINT}"),
        (" 80 ", {},
         'server.port is " 80 " (80), a privileged port (below 1024): binding it needs'
         f" administrator rights; {PRIVILEGED_HINT}"),
        ("+80", {},
         'server.port is "+80" (80), a privileged port (below 1024): binding it needs'
         f" administrator rights; {PRIVILEGED_HINT}"),
        ("0x0", {},
         'server.port is "0x0" (0): Spring Boot would pick a random free port, and port 0'
         f" cannot be reached by clients; {RANGE_HINT}"),
        ("-0x1", {},
         'server.port is "-0x1" (-1): Spring Boot would not start the web server at all'
         f" (a negative port disables it); {RANGE_HINT}"),
        ("70 000", {},
         'server.port is "70 000" (70000), above 65535: a TCP port is a 16-bit number;'
         f" {RANGE_HINT}"),
        # environment origin is named in the reason; a file origin is the location prefix
        ("80", {"origin": ENV},
         "server.port is 80 (from environment variable PORT), a privileged port"
         f" (below 1024): binding it needs administrator rights; {PRIVILEGED_HINT}"),
        ("0x50", {"origin": ENV},
         'server.port is "0x50" (80, from environment variable PORT), a privileged port'
         f" (below 1024): binding it needs administrator rights; {PRIVILEGED_HINT}"),
        ("80", {"origin": FILE},
         "src/main/resources/application.properties:3:13: server.port is 80, a privileged"
         f" port (below 1024): binding it needs administrator rights; {PRIVILEGED_HINT}"),
        ("0", {"origin": Origin.override("--set server.port")},
         "server.port is 0 (from --set server.port): Spring Boot would pick a random"
         f" free port, and port 0 cannot be reached by clients; {RANGE_HINT}"),
        # the key argument replaces server.port
        ("80", {"key": "management.server.port"},
         "management.server.port is 80, a privileged port (below 1024): binding it needs"
         f" administrator rights; {PRIVILEGED_HINT}"),
        ("x", {"key": "management.server.port"},
         'management.server.port is "x", which Spring Boot cannot convert to a port number'
         f' (For input string: "x"); {INTEGER_HINT}'),
    ],
)
def test_check_port_message(value: str, kwargs: dict, message: str) -> None:
    with pytest.raises(PortError) as caught:
        check_port(value, **kwargs)
    assert str(caught.value) == message


# --- check_port: structured fields of the error ---------------------------------------

@pytest.mark.parametrize(
    ("value", "kwargs", "rule", "port", "hint"),
    [
        ("abc", {}, "port-not-integer", None, INTEGER_HINT),
        ("0", {}, "port-out-of-range", 0, RANGE_HINT),
        ("-1", {}, "port-out-of-range", -1, RANGE_HINT),
        ("70000", {}, "port-out-of-range", 70000, RANGE_HINT),
        ("0x10000", {"allow_privileged": True}, "port-out-of-range", 65536, RANGE_HINT),
        ("0x50", {}, "port-privileged", 80, PRIVILEGED_HINT),
        ("0", {"allow_privileged": True}, "port-out-of-range", 0, RANGE_HINT),
    ],
)
def test_check_port_error_fields(
    value: str, kwargs: dict, rule: str, port: int | None, hint: str
) -> None:
    with pytest.raises(PortError) as caught:
        check_port(value, key="my.port", origin=FILE, **kwargs)
    error = caught.value
    assert (error.rule, error.key, error.value, error.port, error.origin, error.hint) == (
        rule, "my.port", value, port, FILE, hint,
    )
    assert (error.file, error.line, error.column) == (FILE.name, 3, 13)


def test_check_port_not_integer_keeps_java_error_as_cause() -> None:
    with pytest.raises(PortError) as caught:
        check_port("abc")
    assert isinstance(caught.value.__cause__, NumberFormatError)
