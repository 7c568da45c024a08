"""The whole-file and whole-key-set shortcuts give exactly what the line-by-line and key-by-key code gives.

Each shortcut is taken only when a test of the whole input says it may be; these tests feed both
paths inputs on either side of those tests and compare everything (no timing is asserted here).
"""

from __future__ import annotations

import random

import pytest

from portconfig import analysis as analysis_module
from portconfig import masking
from portconfig.analysis import analyse
from portconfig.checks import Options, run_checks
from portconfig.properties import _parse, _Parser
from portconfig.propertysources import PropertySources

# Lines a plain file is made of, and lines that each send a file off the whole-file path (or not).
PLAIN = ["a.b=1", "c-d=x y", "e=", "f=a=b", "g=a:b", "h=${a.b}", "i=${nope}", "j=${x", "a.b=again", "k", "k2=\u00e9",
         "k3=trailing  ", "k4=#not-a-comment", "k5=!", "k6= lead", "k7=\t\ttab", "random.x=1", "server.port=8081"]
OTHER = ["", "# note", "! note", "#---", "!---", "#--- ", "  i=2", "l:3", "m 4", "n\t=5", "o\f=6", "p[]=1,2", "q=\\",
         "r=\\u0041", "\x01s=1", "t\x7f=1", "=orphan", " ", "u\u00a0=1", "#-- -", "w=v\\"]


def _texts(seed: int, count: int) -> list[str]:
    rng = random.Random(seed)
    texts = []
    for _ in range(count):
        others = rng.choice([0, 0, 0.05, 0.3])
        lines = [rng.choice(OTHER if rng.random() < others else PLAIN) for _ in range(rng.randrange(1, 14))]
        texts.append(rng.choice(["\n", "\r\n", "\r"]).join(lines) + rng.choice(["", "\n", "\n\n"]))
    return texts


@pytest.mark.parametrize("seed", range(20))
def test_whole_file_reads_what_the_line_loop_reads(seed: int) -> None:
    whole = 0
    for text in _texts(seed, 80):
        expected = _parse(text, "f.properties", whole=False)
        assert _parse(text, "f.properties") == expected, text
        assert _parse(text, "f.properties", force_slow=True) == expected, text
        # Duplicates are compared too, and the entries' documents.
        whole += _Parser(text, "f.properties", False).whole_file() is not None
    assert whole > 20  # the shortcut was taken often enough to mean something


@pytest.mark.parametrize("text", [
    "a=1\nb=2\n", "a=1\nb=2", "a=1\n\n# c\nb=\n", "# only a comment\n", "\n\n", "", "a=1\na=2\na=3\n", "e=\n",
    "e=", "k\n", "a = 1\n", "a=1\n#---\nb=2\n", "a=1\n!---\nb=2\n", "\ufeffa=1\n", "\u00ef\u00bb\u00bfa=1\n",
    "a=\u00e9\u00e8\n", "a=1\r\nb=\r\n", "a=1\rb=2\r", "a[]=1\n", "x[0]=1\n", "a=b= c\n", "a= \n", "a=\\\n b\n",
])
def test_whole_file_edge_cases(text: str) -> None:
    assert _parse(text, "f.properties") == _parse(text, "f.properties", whole=False)
    assert _parse(text, "f.properties") == _parse(text, "f.properties", force_slow=True)


def test_whole_file_positions_and_duplicates() -> None:
    text = "a=1\nb=\n\n# c\na= 2\nk\nl"
    assert _Parser(text, "f.properties", False).whole_file() is not None
    documents, duplicates = _parse(text, "f.properties")
    [document] = documents
    # An empty value is placed on the next line at column 0, or after the last line's end at the end of file.
    assert [(e.key, e.value, e.origin.line, e.origin.column) for e in document.entries] == [
        ("a", "2", 5, 4), ("b", "", 3, 0), ("k", "", 7, 0), ("l", "", 8, 2)]
    assert [(d.key, d.first.line, d.second.line) for d in duplicates] == [("a", 1, 5)]
    assert (documents, duplicates) == _parse(text, "f.properties", whole=False)


# -- analysis: the bulk answers are the key-by-key answers ------------------------------------------------

FILES = [
    "a=1\nb=${a}\nc=${missing}\nd=${b}-${a}\nserver.port=${PORT:8081}\ne=${c}\n",
    "a=1\nb=2\nmy.item-price=3\nmy.itemPrice=4\nuser.home=5\npath=6\nx.y=${user.home}\n",
    "a=${random.int}\nrandom.x=1\nb=${random.int}\n",
    "app.password=${SECRET:pw}\ndb.url=postgres://u:p@h/x\nserver.port=80\nmanagement.server.port=${a}\na=x\n",
    "a=${b}\nb=${a}\nc=${d:${e:f}}\nd-e=1\n",
    "k=v\n",
]
ENVS = [{}, {"PORT": "9000", "PATH": "/bin", "A": "env-a", "SECRET": "s3"}]


def _analysis(tmp_path, text: str, env: dict, overrides: dict | None, bulk: bool, monkeypatch):
    path = tmp_path / "application.properties"
    path.write_text(text)
    if not bulk:
        monkeypatch.setattr(PropertySources, "file_answers", lambda self, names: None)
    try:
        return analyse([str(path)], env=env, overrides=overrides, rng=random.Random(3))
    finally:
        monkeypatch.undo()


def _summary(analysis):
    return (analysis.keys, list(analysis.found.items()), list(analysis.values.items()),
            [(key, str(error)) for key, error in analysis.errors.items()],
            [(key, vars_of(result)) for key, result in analysis.ports.items()])


def vars_of(result):
    return (result.value, result.origin, result.port, str(result.error), result.default)


@pytest.mark.parametrize("text", FILES)
@pytest.mark.parametrize("env", ENVS)
@pytest.mark.parametrize("overrides", [None, {"a": "o"}])
def test_bulk_answers_match_key_by_key(tmp_path, monkeypatch, text, env, overrides) -> None:
    bulk = _analysis(tmp_path, text, env, overrides, True, monkeypatch)
    each = _analysis(tmp_path, text, env, overrides, False, monkeypatch)
    assert _summary(bulk) == _summary(each)
    if overrides is None and "random." not in text:  # the shortcut was taken
        assert bulk.sources.file_answers(list(bulk.sources.entries)) is not None
    assert run_checks(bulk, Options()) == run_checks(each, Options())
    assert masking.Masker(bulk).secrets() == masking.Masker(each).secrets()


def test_file_answers_are_find_answers() -> None:
    from portconfig.model import Document, Entry, Origin, SourceFile
    from portconfig.randomvalues import RandomSource

    keys = ["a.b", "a-b", "A.B", "server.port", "path", "user.home", "x[0]", "my.itemPrice", "my.item-price", "zz"]
    entries = tuple(Entry(key, f"v{i}", Origin.file("f", i + 1, 1)) for i, key in enumerate(keys))
    files = [SourceFile("f", "properties", (Document(0, entries),))]
    for env in ({}, {"PATH": "/bin", "SERVER_PORT": "1", "MY_ITEMPRICE": "2"}):
        sources = PropertySources(files, env, system_properties={"user.home": "/h"}, random=RandomSource(random.Random(1)))
        for names in (list(sources.entries), list(reversed(sources.entries)), keys[:3]):
            answers = sources.file_answers(names)
            assert answers == [sources.find(name) for name in names]
        assert sources.file_answers(["missing", *keys]) is None
    with_random = [SourceFile("f", "properties", (Document(0, (*entries, Entry("random.x", "1", Origin.file("f", 99, 1)))),))]
    sources = PropertySources(with_random, {}, random=RandomSource(random.Random(1)))
    assert sources.file_answers(list(sources.entries)) is None  # a lookup that draws: left to the caller's order
    assert PropertySources(files, {}, {"a.b": "o"}).file_answers(keys) is None


def test_secrets_when_values_and_entries_part_ways(tmp_path) -> None:
    """The secret pass compares the run's keys with the chain's by identity until they differ; after a
    key whose resolution failed (not in values) and with an unset port key's default, the rest is looked up."""
    (tmp_path / "application.properties").write_text(
        "a=${missing}\nb.password=pw1\nc.url=http://u:pw2@h\nd=${b.password}\n")
    analysis = analyse([str(tmp_path / "application.properties")], env={"X_TOKEN": "tok"},
                       port_keys=("server.port", "x.token"))
    assert "a" not in analysis.values and "server.port" in analysis.values
    secrets = masking.Masker(analysis).secrets()
    assert {"pw1", "pw2", "tok"} <= secrets
    reference = dict(analysis.values)
    extra = reference.keys() - analysis.sources.entries.keys() - analysis.sources.overrides.keys()
    assert {key for key in extra if masking._judge(key) is not None} <= {"x.token"}


def test_written_port_entries_of_a_hand_made_analysis(tmp_path) -> None:
    """A chain that did not read the config's documents: every entry is worked out in full, as before."""
    from portconfig.analysis import written_port_entries
    from portconfig.propertysources import uniform

    (tmp_path / "application.properties").write_text("server.port=1\nserver.PORT=2\nx=3\n")
    real = analyse([str(tmp_path / "application.properties")], env={})
    other = analyse([str(tmp_path / "application.properties")], env={})
    other.sources = PropertySources()  # a chain over nothing: the documents are not its own
    expected = [(uniform(e.key), e, source) for source in real.config.active_files() for e in source.entries()
                if uniform(e.key) == "server.port"]
    assert written_port_entries(real) == expected
    assert written_port_entries(other) == expected
    assert analysis_module.written_port_entries(other) is written_port_entries(other)  # cached


# -- the parse's dictionary of entries by key, taken by the chain -----------------------------------------


@pytest.mark.parametrize("text", ["a=1\nb=2\n#---\na=3\nc=4\nb=5\n", "a=1\nb=2\na=3\n", "# x\na=1\n \\\nb=2\n"])
def test_chain_takes_the_dictionary_the_parse_built(text: str) -> None:
    from portconfig import properties
    from portconfig.propertysources import _FileLayer

    source = properties.load_properties(text.encode(), "f.properties")
    assert all(properties._BY_KEY[id(document)][0] is document for document in source.documents)
    expected: dict = {}
    for document in source.documents:
        assert properties._BY_KEY[id(document)][1] == {entry.key: entry for entry in document.entries}
        expected.update((entry.key, entry) for entry in document.entries)
    layer = _FileLayer(source.documents)
    assert list(layer.entries.items()) == list(expected.items())
    assert not any(id(document) in properties._BY_KEY for document in source.documents)  # taken once
    alone = _FileLayer(source.documents[:1])  # built afresh; the first layer's changes did not reach it
    assert list(alone.entries.items()) == [(entry.key, entry) for entry in source.documents[0].entries]


def test_config_data_leaves_no_dictionary_behind(tmp_path) -> None:
    from portconfig import properties

    (tmp_path / "application.properties").write_text("a=1\nspring.profiles.active=p\n")
    (tmp_path / "application-p.properties").write_text("b=2\n#---\nspring.config.activate.on-profile=q\nc=3\n")
    (tmp_path / "application-q.properties").write_text("d=4\n")
    analysis = analyse([str(tmp_path)], env={})
    assert analysis.values == {"a": "1", "spring.profiles.active": "p", "b": "2", "server.port": "8080"}
    documents = [document for source in analysis.files for document in source.documents]
    assert len(documents) == 3 and not any(id(document) in properties._BY_KEY for document in documents)
