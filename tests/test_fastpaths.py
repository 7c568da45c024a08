"""Each fast path gives exactly what the general code gives (no timing is asserted here)."""

from __future__ import annotations

import random

import re

import pytest
import yaml

from portconfig import placeholders, yamlfile

ALPHABET = ["${", "}", "{", ":", "\\", "a", "b", "$", " ", "x:y"]


def _shape(parts):
    out = []
    for part in parts:
        if type(part) is placeholders.Text:
            out.append(("T", part.text))
        else:
            out.append(("P", part.text, part.offset, part.simple, _shape(part.name),
                        None if part.default is None else _shape(part.default)))
    return out


@pytest.mark.parametrize("seed", range(20))
@pytest.mark.parametrize("escape", ["\\", None])
def test_recursive_parser_matches_the_iterative_one(seed: int, escape: str | None) -> None:
    rng = random.Random(seed)
    for _ in range(300):
        value = "".join(rng.choice(ALPHABET) for _ in range(rng.randrange(1, 16)))
        expected = placeholders._Parser(value, escape).run()
        assert _shape(placeholders._parse_cached.__wrapped__(value, escape)) == _shape(expected), value


def test_deep_nesting_falls_back_to_the_iterative_parser() -> None:
    value = "${a:" * 150 + "x" + "}" * 150  # deeper than _MAX_RECURSION
    assert _shape(placeholders.parse(value)) == _shape(placeholders._Parser(value, "\\").run())


SCALARS = ["", "~", "null", "Null", "NULL", "nul", "y", "yes", "Yes", "on", "OFF", "true", "False", "no", "n",
           "0", "-0", "+1", "0x1F", "0b101", "017", "1_000", "1:30", "1.5", "-.5", ".inf", "-.Inf", ".nan", "1e5",
           "6.8523015e+5", "<<", "<", "x", "é", "1.2.3", "--", "+", ".", "0o17", "ON", "tru", "nan", "Infinity"]


@pytest.mark.parametrize("value", SCALARS)
def test_first_character_dispatch_matches_the_full_cascade(value: str) -> None:
    expected = next((tag for tag, pattern in yamlfile._IMPLICIT if re.fullmatch(pattern, value)), yamlfile._STR)
    resolver = yamlfile._SnakeResolver()
    assert resolver.resolve(yaml.nodes.ScalarNode, value, (True, False)) == expected


def test_dispatch_table_covers_every_pattern_start() -> None:
    rng = random.Random(7)
    chars = "".join(map(chr, range(32, 127)))
    resolver = yamlfile._SnakeResolver()
    for _ in range(20_000):
        value = "".join(rng.choice("0123456789.+-_:eExXbBoOnNyYtTfFaAlLsSuUrRiI<~" if rng.random() < 0.9 else chars)
                        for _ in range(rng.randrange(1, 8)))
        expected = next((tag for tag, pattern in yamlfile._IMPLICIT if re.fullmatch(pattern, value)), yamlfile._STR)
        assert resolver.resolve(yaml.nodes.ScalarNode, value, (True, False)) == expected, value


@pytest.mark.parametrize("depth", [49, 50, 51, 60])
@pytest.mark.parametrize("style", ["block", "flow", "seq"])
def test_depth_check_on_nodes_matches_the_event_check(depth: int, style: str) -> None:
    if style == "block":
        text = "".join("  " * i + f"k{i}:\n" for i in range(depth)) + "  " * depth + "leaf: 1\n"
    elif style == "flow":
        text = "a: " + "[" * depth + "1" + "]" * depth + "\n"
    else:
        text = "- " * depth + "x\n"
    roots = list(yaml.compose_all(text, Loader=yamlfile._LOADER))
    results = []
    for check in (lambda: yamlfile._check_depth_nodes(roots), lambda: yamlfile._check_depth_events(yamlfile._LOADER, text)):
        try:
            check()
            results.append(None)
        except yamlfile._Problem as problem:
            results.append((problem.reason, problem.mark.line, problem.mark.column))
    assert results[0] == results[1]


# -- masking: the key-name prefilter never changes the regex's verdict --------------------------------

KEY_NAMES = [
    "", "a", "key", "KEY", "apiKey", "api-key", "api.key.id", "db.password", "DB_PASSWORD", "passwords", "password\n",
    "x.secret", "secrets", "tok.token", "app.credentials.file", "CREDENTIALS", "vcap_services", "VCAP_SERVICES.x",
    "vcap.services.db.uri", "vcap.servicesx", "vcapXservices", "sun.java.command", "sunXjavaXcommand", "x.command",
    "spring.application.json", "spring_application.json", "spring.application.jsonx", "other.json", "db.url",
    "db.URLS", "x.uri", "x.uris", "mail.address", "addresses", "db.url.password", "url-key", "app.\u212aey",
    "app.ke\u0443", "pa\u017f\u017fword", "\u0130d.key", "p\u0131.url", "caf\u00e9.token", "ab", "json", "command",
]


@pytest.mark.parametrize("key", KEY_NAMES)
def test_key_sensitivity_prefilter_agrees_with_the_regex(key: str) -> None:
    from portconfig import masking

    assert masking.is_sensitive(key) == (masking._ANY_SENSITIVE.fullmatch(key) is not None)
    expected_uri = masking._ANY_URI.fullmatch(key) is not None and masking._ANY_SENSITIVE.fullmatch(key) is None
    assert masking.is_uri_key(key) == expected_uri


def test_key_sensitivity_prefilter_agrees_on_random_keys() -> None:
    from portconfig import masking

    rng = random.Random(11)
    pieces = ["password", "secret", "key", "token", "credentials", "vcap", "_services", ".services", "sun", "java",
              "command", "spring", "application", "json", "url", "uri", "s", "address", "es", ".", "_", "-", "X",
              "K", "\u212a", "\u017f", "\n"]
    for _ in range(20_000):
        key = "".join(rng.choice(pieces) for _ in range(rng.randrange(0, 5)))
        key = key.upper() if rng.random() < 0.2 else key
        assert masking.is_sensitive(key) == (masking._ANY_SENSITIVE.fullmatch(key) is not None), key
        uri = masking._ANY_URI.fullmatch(key) is not None and masking._ANY_SENSITIVE.fullmatch(key) is None
        assert masking.is_uri_key(key) == uri, key


# -- property sources: bulk lookups answer what one lookup at a time answers -------------------------------

RELAXED_FILES = [
    {"server.port": "1", "a.b": "2", "a_b": "3", "random.x": "4", "user.home": "5"},
    {"my.item-price": "1", "my.itemPrice": "2", "my.itemprice": "3", "x[0]": "4", "x[0].a-b": "5", "X[0]": "6"},
    {"my.itemPrice": "1", "my.item-price": "2", "MY.ITEM-PRICE": "3", "a.b[c_d]": "4", "a.b[c-d]": "5"},
    {"caf\u00e9": "1", "app.\u212aey": "2", "app.key": "3", "k": "4", "K": "5", "spring.profiles.active": "p"},
]


def _sources(tmp_path, values, env=None, overrides=None):
    from portconfig.model import Document, Entry, Origin, SourceFile
    from portconfig.propertysources import PropertySources
    from portconfig.randomvalues import RandomSource

    entries = tuple(Entry(k, v, Origin.file("f", i + 1, 1)) for i, (k, v) in enumerate(values.items()))
    half = len(entries) // 2
    files = [SourceFile("f", "properties", (Document(0, entries[:half]), Document(1, entries[half:], 3)))]
    return PropertySources(files, env or {}, overrides, system_properties={"user.home": "/h"},
                           random=RandomSource(random.Random(1)))


@pytest.mark.parametrize("values", RELAXED_FILES)
@pytest.mark.parametrize("env", [{}, {"SERVER_PORT": "9", "MY_ITEMPRICE": "8", "K": "7"}])
@pytest.mark.parametrize("overrides", [None, {"a.b": "o", "my.item-price": "o"}])
def test_find_each_answers_like_find(tmp_path, values, env, overrides) -> None:
    names = [*values, "server.port", "my.item-price", "missing", "x[0]", "random.int", "user.home", "a-b"]
    bulk = _sources(tmp_path, values, env, overrides)
    one = _sources(tmp_path, values, env, overrides)
    answers = list(bulk.find_each(names))
    assert [name for name, _ in answers] == names
    for name, found in answers:
        if name.startswith("random."):
            assert found is not None and found.origin.kind.value == "random"
            continue
        assert found == one.find(name), name


@pytest.mark.parametrize("values", RELAXED_FILES)
def test_keys_with_forms_matches_uniform_of_every_key(tmp_path, values) -> None:
    from portconfig.propertysources import uniform

    sources = _sources(tmp_path, values)
    forms = {uniform(key) for key in values} | {"server.port", "nothing"}
    for chosen in [forms, {"myitemprice"}, {"x[0].ab", "a.b[c_d]"}, set()]:
        expected = {key: uniform(key) for key in sources.entries if uniform(key) in chosen}
        assert sources.keys_with_forms(chosen) == expected


def test_written_port_entries_are_every_entry_with_a_port_keys_form(tmp_path) -> None:
    from portconfig.analysis import analyse, written_port_entries
    from portconfig.propertysources import uniform

    (tmp_path / "application.properties").write_text(
        "server.port=1\nserver.PORT=2\nserver.po-rt=3\nmanagement.server.port=4\nserver_port=5\nx.port=6\n"
        "#---\nserver.port=7\nmanagement.server.Port=${P:8}\ngrpc.port=9\n"
    )
    (tmp_path / "application.yml").write_text("server:\n  port: 10\nManagement.Server.Port: 11\n")
    analysis = analyse([tmp_path], env={}, port_keys=("server.port", "management.server.port", "*.port"))
    forms = {uniform(key) for key in analysis.port_keys}
    expected = [(uniform(entry.key), entry, source) for source in analysis.config.active_files()
                for entry in source.entries() if uniform(entry.key) in forms]
    assert written_port_entries(analysis) == expected
    assert len(expected) > 8


@pytest.mark.parametrize("key", KEY_NAMES)
def test_judging_a_key_agrees_with_both_tests(key: str) -> None:
    from portconfig import masking

    expected = True if masking.is_sensitive(key) else False if masking.is_uri_key(key) else None
    assert masking._judge(key) is expected


# -- .properties: the plain-line loop reads what the per-line step reads ----------------------------------

PROPERTY_LINES = ["a=1", "a=", "b=2 ", "c = 3", "d:4", "e 5", "x.y-z=${a}", "=orphan", "f[]=1,2,", "  g=6",
                  "#---", "!---", "#--- ", "# note", "h=\\", "  continued", "i=\\u0041", "\\#j=1", "k=a=b", "l=a:b",
                  "", " ", "\t", "m\f=1", "n=\x01", "caf\u00e9=\u00e9", "\x01o=1", "p=q\\", "a=again"]


@pytest.mark.parametrize("seed", range(30))
def test_plain_line_loop_matches_the_step_path(seed: int) -> None:
    from portconfig.properties import _parse

    rng = random.Random(seed)
    for _ in range(60):
        lines = [rng.choice(PROPERTY_LINES) for _ in range(rng.randrange(1, 12))]
        text = rng.choice(["\n", "\r\n", "\r"]).join(lines) + rng.choice(["", "\n"])
        fast = _parse(text, "f.properties")
        assert fast == _parse(text, "f.properties", force_slow=True), text
        documents, _ = fast
        for document in documents:
            assert {entry.document for entry in document.entries} <= {document.index}, text


@pytest.mark.parametrize("values", RELAXED_FILES)
def test_file_lookup_matches_the_plain_relaxed_index(tmp_path, values) -> None:
    """The index and its shortcuts answer what a relaxed index over every adaptable key answers."""
    from portconfig import envnames
    from portconfig.propertysources import _ADAPTABLE, uniform

    sources = _sources(tmp_path, values)
    reference = {uniform(key): entry for key, entry in sources.entries.items() if _ADAPTABLE.fullmatch(key)}
    names = [*values, "server.port", "my.item-price", "my.itemprice", "MY.ITEMPRICE", "x[0]", "x[0].ab", "a.b[c-d]",
             "a.b[c_d]", "app.key", "k", "missing", ""]
    for name in names:
        entry = reference.get(uniform(name)) if envnames.is_canonical(name) else None
        entry = entry if entry is not None else sources.entries.get(name)
        found = sources.find_file(name)
        assert (found.value, found.origin, found.source_name) == (entry.value, entry.origin, entry.key) if entry \
            else found is None, name


# -- YAML: the string-leaf shortcuts read what the node-by-node walks read ---------------------------------

YAML_VALUES = ["1", "x", "'s'", '"d"', "010", "", "*A", "[1, 2]", "{}", "[]", "${a:b}", "*B", "!!str 5", "null",
               "1:30", "plain", "{p: *A}", "[*A, *B]"]
YAML_KEYS = ["a", "b", "c", "1", "'q'", "yes", "<<", "x.y", "[0]", "'a b'"]


def _random_yaml(rng: random.Random, depth: int = 0, indent: int = 0) -> list[str]:
    lines = []
    for _ in range(rng.randrange(1, 12)):
        key = rng.choice(YAML_KEYS) if rng.random() < 0.2 else f"k{rng.randrange(10**6)}"
        pad, r = " " * indent, rng.random()
        if r < 0.6 or depth > 3:
            lines.append(f"{pad}{key}: {rng.choice(YAML_VALUES)}")
        elif r < 0.8:
            lines.append(f"{pad}{key}:")
            lines += _random_yaml(rng, depth + 1, indent + 2)
        else:
            lines.append(f"{pad}{key}:")
            lines += [f"{pad}  {rng.choice(['- 1', '- x', '- *A', '- a: 1', '- [1]', '-'])}" for _ in range(3)]
    return lines


def _flattened(text: str):
    from portconfig.errors import SourceError

    try:
        source = yamlfile.load_yaml(text.encode(), "f.yml")
    except SourceError as error:
        return str(error)
    return [(d.index, d.line, [(e.key, e.value, e.origin, e.document, e.written) for e in d.entries])
            for d in source.documents]


@pytest.mark.parametrize("seed", range(10))
def test_yaml_leaf_shortcuts_match_the_node_walks(seed: int, monkeypatch) -> None:
    rng = random.Random(seed)
    texts = []
    for _ in range(150):
        documents = ["a0: &A v\nb0: &B {p: 1}\n" + "\n".join(_random_yaml(rng)) for _ in range(rng.randrange(1, 3))]
        texts.append("\n---\n".join(documents) + "\n")
    for depth in (49, 50, 51):  # aliases to scalars at and beyond the nesting limit
        texts.append("x: &A v\ny: " + "[" * depth + "*A, 1" + "]" * depth + "\n")
        texts.append("a: &A s\n" + "".join("  " * i + f"k{i}:\n" for i in range(depth)) + "  " * depth + "leaf: *A\n")
    monkeypatch.setattr(yamlfile, "_BULK", 0)
    walked = [_flattened(text) for text in texts]
    monkeypatch.setattr(yamlfile, "_BULK", 1)
    assert [_flattened(text) for text in texts] == walked
    assert sum(isinstance(result, list) for result in walked) > 50


def test_whole_text_key_check_never_hides_a_judged_key() -> None:
    from portconfig import masking

    rng = random.Random(12)
    names = KEY_NAMES + ["app.k1", "server.port", "a.b-c", "X.Y", "key1", "my.keys", "urlx", "a\nb.password"]
    for _ in range(5_000):
        keys = rng.sample(names, rng.randrange(0, 4))
        if not masking._may_judge(keys):
            assert all(masking._judge(key) is None for key in keys), keys


@pytest.mark.parametrize("keys", [
    ["a.b", "c.d-e", "F.G", "x1"], ["a.b", "A.B"], ["a-b", "ab"], ["a[0]", "b"], ["a_b", "c"], ["", "a"],
    ["a\nb", "c"], ["caf\u00e9"], ["a.b", "c"],
])
def test_bulk_index_matches_the_key_by_key_index(tmp_path, keys) -> None:
    from portconfig.propertysources import _ADAPTABLE, uniform

    sources = _sources(tmp_path, {key: str(i) for i, key in enumerate(keys)})
    layer = sources._files
    bulk = layer._bulk_index()
    reference = {uniform(key): entry for key, entry in sources.entries.items() if _ADAPTABLE.fullmatch(key)}
    if bulk is not None:
        assert bulk == reference and layer.special() == set()
    assert layer.index() == reference


def test_character_classes_without_unicodedata_agree_with_it():
    """ASCII shortcuts (taken so that unicodedata is imported only for non-ASCII text) answer as it does."""
    import unicodedata

    from portconfig import envnames, port

    for code in range(0x110000):
        ch = chr(code)
        category = unicodedata.category(ch)
        assert envnames._is_java_digit(ch) == (code <= 0xFFFF and category == "Nd"), hex(code)
        expected_space = ch in port._JAVA_WHITESPACE_CONTROLS or (category[0] == "Z" and ch not in port._NO_BREAK_SPACES)
        assert port._is_java_whitespace(ch) == expected_space, hex(code)
        expected_digit = -1
        if code <= 0xFFFF:
            if category == "Nd":
                expected_digit = unicodedata.decimal(ch)
            elif ch.isascii() and ch.isalpha():
                expected_digit = ord(ch.lower()) - ord("a") + 10
            elif "\uff21" <= ch <= "\uff3a" or "\uff41" <= ch <= "\uff5a":
                expected_digit = (code - 0xFF21) % 0x20 + 10
        expected_digit = expected_digit if expected_digit < 16 else -1
        assert port._java_digit(ch, 16) == expected_digit, hex(code)
