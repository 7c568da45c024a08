"""Config data: Boot's multi-document fixtures, misuse Boot rejects (exact messages), imports, document labels."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import portconfig
from portconfig import InvalidConfigError
from portconfig.analysis import analyse

FIXTURES = Path(__file__).resolve().parents[2] / "shared" / "spring-fixtures"


def write(directory: Path, name: str, text: str) -> str:
    path = directory / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return str(path)


def problems(*paths: str, **kwargs) -> list[tuple[str, str, int | None, str]]:
    return [(p.rule, p.severity.value, p.line, p.message) for p in portconfig.lint(*paths, env={}, **kwargs)
            if p.rule != "port-default"]


# --- Spring Boot's multi-document fixtures -----------------------------------------------------------


def _fixture(name: str) -> Path:
    path = FIXTURES / "boot-env" / name
    if not path.is_file():
        pytest.skip(f"{path} is absent")
    return path


@pytest.mark.parametrize(
    "name",
    ["multi-document-properties.properties", "multi-document-properties-2.properties",
     "multi-document-properties-empty.properties", "existing-non-multi-document.properties"],
)
def test_boot_multi_document_properties(name: str) -> None:
    """Every document is active (none has on-profile): Boot's documents, later documents winning."""
    path = _fixture(name)
    expected = json.loads((FIXTURES / "expected" / f"{name}.json").read_text(encoding="utf-8"))
    analysis = analyse([str(path)], env={})
    documents = [[(e.key, e.value, f"{e.origin.line}:{e.origin.column}") for e in doc.document.entries]
                 for doc in analysis.config.documents]
    assert documents == [[(e["key"], e["value"], e["origin"]) for e in doc] for doc in expected["documents"]]
    merged = {e["key"]: e["value"] for doc in expected["documents"] for e in doc}
    assert {key: analysis.values[key] for key in merged} == merged


def test_boot_test_yaml_legacy_profiles_key() -> None:
    """test-yaml.yml's second document uses the legacy ``spring.profiles`` key: Boot 2.4+ fails on it."""
    path = _fixture("test-yaml.yml")
    expected = json.loads((FIXTURES / "expected" / "test-yaml.yml.json").read_text(encoding="utf-8"))
    analysis = analyse([str(path)], env={}, lenient=True)
    assert [[e.key for e in doc.document.entries] for doc in analysis.config.documents] == [
        [e["key"] for e in doc] for doc in expected["documents"]
    ]
    assert analysis.values["name"] == "Test Name"  # the second document wins
    with pytest.raises(InvalidConfigError) as caught:
        portconfig.load(path, env={})
    (error,) = caught.value.errors
    assert error.rule == "legacy-profile-key"
    assert str(error) == (
        f"{path}:34:13: Property 'spring.profiles' imported from location 'file [{path}]' is invalid and "
        "should be replaced with 'spring.config.activate.on-profile'; write "
        "spring.config.activate.on-profile: development (Spring Boot 2.4+ fails to start)"
    )


# --- misuse Boot rejects ---------------------------------------------------------------------------


def test_profiles_active_in_a_profile_specific_file(tmp_path: Path) -> None:
    resources = tmp_path / "src" / "main" / "resources"
    base = write(resources, "application.yml", "server.port: ${PORT:8000}\n")
    prod = write(resources, "application-prod.yml", "spring:\n  profiles:\n    active: other\n")
    assert problems(base, profiles=["prod"]) == [(
        "invalid-profile-property", "error", 3, "Property 'spring.profiles.active' imported from location "
        "'class path resource [application-prod.yml]' is invalid in a profile specific resource; set it in the "
        "base file or the environment; to switch on more profiles with one, use spring.profiles.group.<name> "
        "in the base file",
    )]
    assert prod.endswith("application-prod.yml")


def test_profiles_active_in_an_on_profile_document(tmp_path: Path) -> None:
    base = write(tmp_path, "application.yml",
                 "a: 1\n---\nspring.config.activate.on-profile: dev\nspring.profiles.active: x\n")
    assert problems(base, profiles=["qa"]) == [(
        "invalid-profile-property", "error", 4,
        f"Inactive property source 'Config resource 'file [{base}]' via location '{base}' (document #1)' "
        f"imported from location 'file [{base}]' cannot contain property 'spring.profiles.active'; move it to a "
        "document without spring.config.activate.on-profile, or use spring.profiles.group.<name>",
    )]


def test_malformed_on_profile_expression(tmp_path: Path) -> None:
    base = write(tmp_path, "application.properties", "a=1\n#---\nspring.config.activate.on-profile=a & b | c\na=2\n")
    assert problems(base, profiles=["a"]) == [(
        "malformed-profile-expression", "error", 3, "Malformed profile expression [a & b | c]; use parentheses "
        "to mix & and | (prod & (eu | us)); a list means any of them",
    )]
    with pytest.raises(InvalidConfigError):
        portconfig.load(base, env={}, profiles=["c"])


def test_invalid_profile_name_in_a_file(tmp_path: Path) -> None:
    base = write(tmp_path, "application.properties", "spring.profiles.active=good,_bad\n")
    assert problems(base) == [(
        "invalid-profile-name", "error", 1, "Profile '_bad' must start and end with a letter or digit; profile "
        "names hold letters, digits and - _ . + @, and start and end with a letter or digit (an unresolved "
        "${...} is not a name)",
    )]


# --- imports --------------------------------------------------------------------------------------------


def test_imports_override_the_importing_document_and_are_relative(tmp_path: Path) -> None:
    base = write(tmp_path, "application.yml",
                 "spring.config.import: sub/extra.yml, optional:missing.yml\nx: base\ny: base\n---\ny: later\n")
    write(tmp_path, "sub/extra.yml", "x: extra\ny: extra\nspring.config.import: deeper.properties\n")
    write(tmp_path, "sub/deeper.properties", "z=deep\n")
    config = portconfig.load(base, env={})
    # the import sits just above its document, below the file's later documents
    assert (config["x"], config["y"], config["z"]) == ("extra", "later", "deep")
    assert problems(base) == []


def test_missing_mandatory_import_points_at_its_line(tmp_path: Path) -> None:
    base = write(tmp_path, "application.properties", "a=1\nspring.config.import=nope.yml\n")
    with pytest.raises(InvalidConfigError) as caught:
        portconfig.load(base, env={})
    (error,) = caught.value.errors
    assert (error.rule, error.line, error.column) == ("import-not-found", 2, 22)
    assert error.describe() == (
        f"Config data resource 'file [{tmp_path / 'nope.yml'}]' via location 'nope.yml' does not exist; "
        "check that the value 'nope.yml' is correct, or prefix it with 'optional:'"
    )


def test_classpath_and_file_imports_and_extension_hint(tmp_path: Path) -> None:
    resources = tmp_path / "src" / "main" / "resources"
    base = write(resources / "config", "application.properties",
                 "spring.config.import=classpath:shared.yml,file:ops/app.env[.properties],${EXTRA:optional:x.yml}\n")
    write(resources, "shared.yml", "shared: yes\n")
    write(tmp_path, "ops/app.env", "ops=1\n")
    config = portconfig.load(base, env={})
    assert (config["shared"], config["ops"]) == ("true", "1")


def test_import_cycle_and_once_only(tmp_path: Path) -> None:
    base = write(tmp_path, "application.yml", "spring.config.import: a.yml,b.yml\n")
    write(tmp_path, "a.yml", "spring.config.import: b.yml\nk: a\n")
    write(tmp_path, "b.yml", "spring.config.import: a.yml\nk: b\n")
    found = [p for p in problems(base) if p[0] == "import-cycle"]
    assert found == [("import-cycle", "warning", 1, f"a.yml is already being imported "
                      f"({_rel(base)} -> {_rel(tmp_path / 'a.yml')} -> {_rel(tmp_path / 'b.yml')} -> "
                      f"{_rel(tmp_path / 'a.yml')}): Spring Boot imports each resource once, so this import does "
                      "nothing; remove the import that closes the cycle")]
    assert portconfig.load(base, env={})["k"] == "b"


def _rel(path) -> str:
    import os

    return os.path.relpath(os.path.realpath(path))


@pytest.mark.parametrize("value", ["configserver:http://cfg:8888", "optional:configtree:/etc/config/",
                                   "nacos:app.yaml", "kubernetes:", "optional:vault://secret/app"])
def test_imports_portconfig_cannot_follow_are_notes(tmp_path: Path, value: str) -> None:
    base = write(tmp_path, "application.properties", f"spring.config.import={value}\nserver.port=${{PORT:9000}}\n")
    assert problems(base) == [("import-not-followed", "note", 1, f"values may come from "
                               f"{value}; not checked; portconfig follows only file "
                               "and classpath imports; check that source separately")]
    assert portconfig.load(base, env={}).port == 9000


def test_import_with_unknown_extension(tmp_path: Path) -> None:
    base = write(tmp_path, "application.properties", "spring.config.import=optional:.env\n")
    (found,) = problems(base)[:1]
    assert found[0] == "invalid-import"
    assert found[3].startswith("Unable to load config data from 'optional:.env': File extension is not known "
                               "to any PropertySourceLoader.")


# --- show and explain name the document and profile ----------------------------------------------------


def test_explain_names_document_and_profile(tmp_path: Path) -> None:
    base = write(tmp_path, "application.yml", "server.port: 8000\n---\nspring.config.activate.on-profile: prod\n"
                 "server:\n  port: 9000\n")
    config = portconfig.load(base, env={}, profiles=["prod"])
    assert str(config.explain("server.port")).splitlines()[1] == (
        f'  {base}:5:9, document 2 (on-profile: prod): server.port = "9000"'
    )
