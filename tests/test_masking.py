"""Secret masking: Boot 2.x's sanitiser (vectors A02-A09) and propagation through substitutions."""

from __future__ import annotations

import pytest

from portconfig.analysis import analyse
from portconfig.masking import MASK, Masker, Scrubber, is_sensitive, mask, uri_passwords
from portconfig.model import Origin


@pytest.mark.parametrize(
    "key",
    ["password", "my-password", "my-OTHER.paSSword", "somesecret", "somekey", "token", "sometoken",
     "sun.java.command", "SPRING_APPLICATION_JSON", "spring.application.json", "VCAP_SERVICES",
     "vcap.services.db.codeword", "aws.credentials.id", "DB_PASSWORD"],
)
def test_sensitive_keys(key):  # A02, A04
    assert is_sensitive(key)
    assert mask(key, "value") == MASK


@pytest.mark.parametrize("key", ["find", "some.other.json", "notvcap.services", "server.port", "java.version"])
def test_ordinary_keys(key):  # A01 (2.x), A03, A05
    assert not is_sensitive(key)
    assert mask(key, "secret") == "secret"


@pytest.mark.parametrize(
    "key, value, shown",
    [
        ("my.url", "http://user:password@localhost:8080", "http://user:******@localhost:8080"),  # A06
        ("my.uris", "http://user1:p1@h:8080,http://user2@h:8082,http://h:8083",
         "http://user1:******@h:8080,http://user2@h:8082,http://h:8083"),  # A07
        ("address", "[amqp://username:password@host/]", "[amqp://username:******@host/]"),  # A08
        ("url", "http://user@localhost:8080", "http://user@localhost:8080"),  # A09
        ("spring.datasource.url", "postgres://app:pw@db:5432/x", "postgres://app:******@db:5432/x"),
        ("my.addresses", "not a uri", "not a uri"),
    ],
)
def test_uri_keys(key, value, shown):
    assert mask(key, value) == shown


def test_uri_passwords():
    assert uri_passwords("http://a:p1@h,http://b@h,xy://c:p2@h:1,x://d:p3@h") == ["p1", "p2"]  # Boot wants a 2+ letter scheme


def masker(text: str, env=None, tmp_path=None) -> tuple[Masker, object]:
    path = tmp_path / "application.properties"
    path.write_text(text, encoding="utf-8")
    analysis = analyse([str(path)], env=env or {})
    return Masker(analysis), analysis


def test_substituted_secret_masks_the_whole_value(tmp_path):
    m, analysis = masker("db.url=jdbc:postgresql://h/${DB_PASSWORD}\nplain=${DB_HOST:h}\n"
                         "indirect=${app.alias}\napp.alias=${my.secret}\nmy.secret=abc\n",
                         {"DB_PASSWORD": "pw"}, tmp_path)
    assert m.value("db.url", analysis.values["db.url"]) == MASK
    assert m.value("plain", analysis.values["plain"]) == "h"
    assert m.is_secret("indirect") and m.is_secret("app.alias") and m.is_secret("my.secret")


def test_uri_value_with_password_propagates(tmp_path):
    m, analysis = masker("spring.datasource.url=postgres://a:pw99@h/x\ncopy=${spring.datasource.url}\n", None,
                         tmp_path)
    assert m.value("spring.datasource.url", analysis.values["spring.datasource.url"]) == "postgres://a:******@h/x"
    assert m.is_secret("copy")


def test_secrets_collected(tmp_path):
    m, _ = masker("app.password=${DB_PASSWORD:change-me}\nx=${API_TOKEN:tok-default}\n"
                  "spring.datasource.url=postgres://a:urlpw@h/x\n", {"DB_PASSWORD": "envpw", "PATH": "/bin"},
                  tmp_path)
    secrets = m.secrets()
    assert {"change-me", "tok-default", "urlpw", "envpw"} <= secrets
    assert "/bin" not in secrets and "DB_PASSWORD" not in secrets


def test_reveal(tmp_path):
    path = tmp_path / "application.properties"
    path.write_text("app.password=hunter22\n")
    analysis = analyse([str(path)], env={})
    m = Masker(analysis, reveal=True)
    assert m.value("app.password", "hunter22") == "hunter22"
    assert m.scrub("hunter22") == "hunter22"
    assert Masker(analysis).scrub("is hunter22!") == f"is {MASK}!"


@pytest.mark.parametrize(
    "secrets, text, scrubbed",
    [
        (["s3cret"], "a s3cret b", f"a {MASK} b"),
        (["s3cret", "s3cret-longer"], "s3cret-longer", MASK),
        (["ab"], 'x "ab" ab', f'x "{MASK}" ab'),  # short secrets only where quoted
        (["café"], "Spring sees 'cafÃ©'", f"Spring sees '{MASK}'"),  # the encoding rule's mojibake form
        (["a\tb"], "value 'a\\tb'", f"value '{MASK}'"),  # repr-escaped in messages
        ([], "untouched", "untouched"),
        ([MASK, ""], "untouched", "untouched"),
    ],
)
def test_scrubber(secrets, text, scrubbed):
    if secrets == ["café"]:
        text = text.replace("cafÃ©", "café".encode("utf-8").decode("latin-1"))
        secrets = ["café".encode("utf-8").decode("latin-1")]
    assert Scrubber(secrets)(text) == scrubbed


def test_origin_not_needed_for_masking():
    assert str(Origin.environment("DB_PASSWORD")) == "environment variable DB_PASSWORD"
