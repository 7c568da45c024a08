"""portconfig.envnames: property name <-> environment variable name, as Spring does it.

Vectors E01-E11 are from spring-semantics.md §7.2 (E01-E07 Framework's
SystemEnvironmentPropertySource, E08-E11 Boot's SystemEnvironmentPropertyMapper).
"""

from __future__ import annotations

import pytest

from portconfig.envnames import (
    boot_candidates,
    environment_name_to_property,
    find_in_environment,
    framework_candidates,
    is_canonical,
)


# --- E01-E09: looking a name up in the environment ----------------------------------------

@pytest.mark.parametrize(
    ("vector", "name", "env", "expected"),
    [
        ("E01", "server.port", {"SERVER_PORT": "9000"}, ("SERVER_PORT", "9000")),
        ("E02", "server.port", {"server_port": "1"}, ("server_port", "1")),
        ("E03", "a.key", {"a_key": "x", "a.key": "y"}, ("a.key", "y")),
        ("E04", "a-key", {"A_KEY": "v"}, ("A_KEY", "v")),
        ("E04", "A.KEY", {"A_KEY": "v"}, ("A_KEY", "v")),
        ("E04", "A-KEY", {"A_KEY": "v"}, ("A_KEY", "v")),
        ("E04", "a.key", {"A_KEY": "v"}, ("A_KEY", "v")),
        ("E04", "a_key", {"A_KEY": "v"}, ("A_KEY", "v")),
        ("E05", "A.LONG-KEY", {"A_LONG_KEY": "v"}, ("A_LONG_KEY", "v")),
        ("E05", "A-long.KEY", {"A_LONG_KEY": "v"}, ("A_LONG_KEY", "v")),
        ("E05", "A_long_KEY", {"A_LONG_KEY": "v"}, ("A_LONG_KEY", "v")),
        ("E06", "A-DOT.KEY", {"A_DOT.KEY": "v"}, ("A_DOT.KEY", "v")),
        ("E06", "A_dot.KEY", {"A_DOT.KEY": "v"}, ("A_DOT.KEY", "v")),
        ("E07", "server.port", {"Server_Port": "1"}, None),
        ("E08", "my.item-price", {"MY_ITEM_PRICE": "1"}, ("MY_ITEM_PRICE", "1")),
        ("E09", "my.item-price", {"MY_ITEMPRICE": "1"}, ("MY_ITEMPRICE", "1")),
    ],
)
def test_spring_vectors(
    vector: str, name: str, env: dict[str, str], expected: tuple | None
) -> None:
    assert find_in_environment(name, env) == expected


@pytest.mark.parametrize(
    ("name", "env_name", "framework", "boot"),
    [
        # E08: the legacy underscore form is known to both layers
        ("my.item-price", "MY_ITEM_PRICE", True, True),
        # E09: the dash-removed form only to Boot's mapper
        ("my.item-price", "MY_ITEMPRICE", False, True),
        ("server.port", "SERVER_PORT", True, True),
        ("server.port", "Server_Port", False, False),
    ],
)
def test_which_layer_knows_a_name(name: str, env_name: str, framework: bool, boot: bool) -> None:
    assert (env_name in framework_candidates(name), env_name in boot_candidates(name)) == (
        framework, boot,
    )


# --- everyday lookups -------------------------------------------------------------------

@pytest.mark.parametrize(
    ("name", "env", "expected"),
    [
        # kebab names: both spellings are found
        ("my.item-price", {"MY_ITEMPRICE": "1"}, ("MY_ITEMPRICE", "1")),
        ("my.item-price", {"MY_ITEM_PRICE": "2"}, ("MY_ITEM_PRICE", "2")),
        ("my.item-price", {"my_itemprice": "3"}, ("my_itemprice", "3")),
        # Framework's candidates come before Boot's
        ("my.item-price", {"MY_ITEMPRICE": "1", "MY_ITEM_PRICE": "2"}, ("MY_ITEM_PRICE", "2")),
        ("my.item-price", {"my_itemprice": "3", "MY_ITEMPRICE": "1"}, ("MY_ITEMPRICE", "1")),
        # server.port in its three working spellings, and one that does not work
        ("server.port", {"SERVER_PORT": "9000"}, ("SERVER_PORT", "9000")),
        ("server.port", {"server_port": "9000"}, ("server_port", "9000")),
        ("server.port", {"SERVER.PORT": "9000"}, ("SERVER.PORT", "9000")),
        ("server.port", {"Server_Port": "9000"}, None),
        ("server.port", {"SERVER_PORT": "1", "server_port": "2"}, ("server_port", "2")),
        # the Heroku idiom ${port:8080}: lower-case port finds PORT
        ("port", {"PORT": "5000"}, ("PORT", "5000")),
        # an upper-case name is not lower-cased
        ("PORT", {"PORT": "5000"}, ("PORT", "5000")),
        ("PORT", {"port": "5000"}, None),
        # exact name beats every variant (E03)
        ("a.key", {"A_KEY": "1", "a_key": "2", "a.key": "3"}, ("a.key", "3")),
        ("port", {"PORT": "1", "port": "2"}, ("port", "2")),
        # indexes
        ("host[0].name", {"HOST_0_NAME": "h"}, ("HOST_0_NAME", "h")),
        # present but empty is still found
        ("server.port", {"SERVER_PORT": ""}, ("SERVER_PORT", "")),
        # nothing there
        ("server.port", {}, None),
        ("server.port", {"SERVER_PORTS": "1", "SERVERPORT": "2"}, None),
        # an empty name never matches, even an empty variable name
        ("", {"": "x"}, None),
    ],
)
def test_find_in_environment(name: str, env: dict[str, str], expected: tuple | None) -> None:
    assert find_in_environment(name, env) == expected


# --- framework_candidates: SystemEnvironmentPropertySource order -------------------------

@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("server.port", ["server.port", "server_port", "SERVER.PORT", "SERVER_PORT"]),
        ("my.item-price", [
            "my.item-price", "my_item-price", "my.item_price", "my_item_price",
            "MY.ITEM-PRICE", "MY_ITEM-PRICE", "MY.ITEM_PRICE", "MY_ITEM_PRICE",
        ]),
        ("port", ["port", "PORT"]),
        # already upper case: no second round
        ("PORT", ["PORT"]),
        ("A.LONG-KEY", ["A.LONG-KEY", "A_LONG-KEY", "A.LONG_KEY", "A_LONG_KEY"]),
        ("SERVER_PORT", ["SERVER_PORT"]),
        ("8080", ["8080"]),
        ("", [""]),
    ],
)
def test_framework_candidates(name: str, expected: list[str]) -> None:
    assert framework_candidates(name) == expected


# --- is_canonical: ConfigurationPropertyName in canonical form ----------------------------

@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("server.port", True),
        ("server", True),
        ("my.item-price", True),
        ("spring.main.log-startup-info", True),
        ("a-", True),
        ("x9.a1b2", True),
        ("host[0].name", True),
        ("host[0][1]", True),
        ("map[key]", True),
        ("map[Key.With.Dots]", True),  # indexes are not restricted
        ("log[org.springboot].level", True),
        # not canonical
        ("", False),
        ("Server.port", False),
        ("SERVER_PORT", False),
        ("server_port", False),
        ("myItemPrice", False),
        ("-a", False),
        ("a.-b", False),
        (".a", False),
        ("a.", False),
        ("a..b", False),
        ("foo[]", False),
        ("foo[0", False),
        ("foo]", False),
        ("foo[0]bar", False),  # Boot reads it as foo[0].bar
        ("foo.[0]", False),
        ("foo bar", False),
        ("caf\u00e9", False),
        ("${port}", False),
    ],
)
def test_is_canonical(name: str, expected: bool) -> None:
    assert is_canonical(name) is expected


# --- boot_candidates: SystemEnvironmentPropertyMapper.map(name) ----------------------------

@pytest.mark.parametrize(
    ("name", "expected"),
    [
        # E11
        ("foo.the-bar", ["FOO_THEBAR", "FOO_THE_BAR", "foo_thebar", "foo_the_bar"]),
        # SystemEnvironmentPropertyMapperTests, plus the lower-case forms
        ("server", ["SERVER", "server"]),
        ("server.port", ["SERVER_PORT", "server_port"]),
        ("host[0]", ["HOST_0", "host_0"]),
        ("host[0][1]", ["HOST_0_1", "host_0_1"]),
        ("host[0].name", ["HOST_0_NAME", "host_0_name"]),
        ("host.f00.name", ["HOST_F00_NAME", "host_f00_name"]),
        ("my.item-price", ["MY_ITEMPRICE", "MY_ITEM_PRICE", "my_itemprice", "my_item_price"]),
        ("spring.main.log-startup-info", [
            "SPRING_MAIN_LOGSTARTUPINFO", "SPRING_MAIN_LOG_STARTUP_INFO",
            "spring_main_logstartupinfo", "spring_main_log_startup_info",
        ]),
        # an index keeps its text (and case); only the legacy form changes its dashes
        ("map[Key-1]", ["MAP_KEY-1", "MAP_KEY_1", "map_Key-1", "map_Key_1"]),
        # not canonical: Boot would not map it
        ("Server.port", []),
        ("server_port", []),
        ("", []),
    ],
)
def test_boot_candidates(name: str, expected: list[str]) -> None:
    assert boot_candidates(name) == expected


# --- environment_name_to_property: E10, Boot's reverse mapping ---------------------------

@pytest.mark.parametrize(
    ("env_name", "expected"),
    [
        # E10
        ("SERVER_PORT", "server.port"),
        ("HOST_0", "host[0]"),
        ("HOST_0_1", "host[0][1]"),
        ("HOST_0_NAME", "host[0].name"),
        ("HOST_F00_NAME", "host.f00.name"),
        ("S-ERVER", "s-erver"),
        ("_", None),
        (" _", None),
        # empty parts are skipped
        ("MY_LIST_0_", "my.list[0]"),
        ("MY__VAR", "my.var"),
        ("_PORT", "port"),
        # case does not matter on the way back
        ("SERVER", "server"),
        ("server_port", "server.port"),
        ("Server_Port", "server.port"),
        ("MY_ITEMPRICE", "my.itemprice"),
        ("HOST_00", "host[00]"),
        # derived from Boot's code: a dot inside a part makes Boot give up on the name
        ("SERVER.PORT", None),
        ("", None),
    ],
)
def test_environment_name_to_property(env_name: str, expected: str | None) -> None:
    assert environment_name_to_property(env_name) == expected
