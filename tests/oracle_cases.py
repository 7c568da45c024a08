"""Cases for test_oracle.py: random configurations where Spring 4.3 and 6.2 agree, and hand-picked oracle cases.

The Spring oracle (../shared/spring-oracle) runs Spring Framework 4.3; portconfig
follows 6.2.  The generator below only writes configurations on which the two
versions give the same answer (see ../shared/spring-oracle/README.md, "Known
differences", and BEHAVIOUR.md):

* no backslashes (6.2's escape character), no unclosed ``${``, no ``${}``, no
  ``#---``, no ``[]`` keys or YAML lists, no empty YAML collections, no
  timestamps or YAML 1.1 number oddities (only plain decimal ints without a
  leading zero, ``true``/``false``, and quoted strings), ASCII only;
* a placeholder inside a default only names something that exists and holds
  plain text (4.3 resolves defaults eagerly, 6.2 only when used);
* a computed name ``${${p}}`` only comes from a pointer whose plain value is
  an existing key without ``:``;
* names never collide through Boot's relaxed matching (which 4.3 lacks): no two
  names are equal once lower-cased with dashes dropped, and no environment
  variable is one that only Boot's mapper finds (``MYAPP_NAME``);
* file keys ``home`` and ``port`` may meet the variables ``HOME``/``PORT`` on
  purpose: ``SystemEnvironmentPropertySource`` retries the upper-cased name in
  4.3 and 6.2 alike, so the variable wins in both.

Cycles and unresolvable placeholders do occur; the test compares only the kind
of failure and the unresolvable name, since the messages differ by version.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, field

SEED = 2025
COUNT = 200

# --- name pools ------------------------------------------------------------------------

#: Keys a file may set.  No key is a prefix (``a`` / ``a.b``) of another, so YAML can nest them.
KEY_POOL = [
    "app.name", "app.url", "app.greeting", "app.timeout", "db.host", "db.port", "db.url",
    "db.user", "server.port", "server.address", "my-app.name", "my-app.title", "cache.ttl",
    "feature.flag", "mail.from", "log.level", "svc.endpoint", "svc.retries", "alpha", "beta",
    "gamma", "delta", "x1", "x2", "path.base", "path.full", "target.one", "target.two",
]
#: Keys that collide case-insensitively with an environment variable, on purpose.
COLLIDING_KEYS = ["home", "port"]

#: Environment variables and the placeholder names that find them in 4.3 and 6.2 alike.
ENV_POOL: dict[str, list[str]] = {
    "SERVER_PORT": ["server.port", "server-port", "SERVER_PORT", "Server.Port"],
    "PORT": ["PORT", "port"],
    "MY_APP_NAME": ["my-app.name", "my.app.name", "MY_APP_NAME", "MY.APP.NAME"],
    "DB_HOST": ["db.host", "DB_HOST"],
    "DB_PORT": ["db.port", "DB_PORT"],
    "APP_NAME": ["app.name", "APP_NAME"],
    "LOG_LEVEL": ["log.level", "LOG_LEVEL"],
    "HOME": ["HOME", "home"],
    "TOKEN": ["TOKEN", "token"],
    "TARGET_KEY": ["TARGET_KEY", "target.key"],
}

#: Names nothing defines (checked against the pools below).
MISSING = ["nope", "NOPE", "missing.key", "UNSET_VAR", "no-such.thing", "undefined.value"]

WORDS = ["alpha", "demo", "prod", "localhost", "svc", "blue", "green", "info", "debug", "orders", "x"]
HOSTS = ["localhost", "db.internal", "10.0.0.5", "example.org"]


def framework_candidates(name: str) -> list[str]:
    """Spring's SystemEnvironmentPropertySource: as given, . and - to _, then upper-cased (4.3 and 6.2)."""

    def replacements(n: str) -> list[str]:
        no_dot = n.replace(".", "_")
        return [n, no_dot, n.replace("-", "_"), no_dot.replace("-", "_")]

    names = replacements(name)
    if name.upper() != name:
        names += replacements(name.upper())
    return list(dict.fromkeys(names))


def _relaxed(name: str) -> str:
    return name.lower().replace("-", "")


def _check_pools() -> None:
    names = set(KEY_POOL) | set(COLLIDING_KEYS) | set(MISSING) | {n for ns in ENV_POOL.values() for n in ns}
    lowered: dict[str, str] = {}
    for name in names:
        # Only canonical names (lower case) take part in Boot's relaxed matching.
        if name != name.lower():
            continue
        other = lowered.setdefault(_relaxed(name), name)
        assert other == name, f"{name!r} and {other!r} are equal under Boot's relaxed rules"
    for name in MISSING:
        assert not any(c in ENV_POOL for c in framework_candidates(name)), name
        assert name not in KEY_POOL
    keys = KEY_POOL + COLLIDING_KEYS
    for a in keys:
        for b in keys:
            assert a == b or not b.startswith(a + "."), (a, b)


_check_pools()


# --- cases -------------------------------------------------------------------------------


@dataclass
class GeneratedFile:
    name: str
    text: str
    #: key -> raw value, in precedence order within the file (later documents/lines win).
    values: dict[str, str] = field(default_factory=dict)


@dataclass
class Case:
    id: str
    files: list[GeneratedFile]  # portconfig order: the last file wins
    env: dict[str, str]
    #: Whether 4.3's and 6.2's lenient answers agree for this case (by construction, always).
    lenient_ok: bool = True

    def describe(self) -> str:
        parts = [f"case {self.id}", f"env {self.env!r}"]
        for f in self.files:
            parts.append(f"--- {f.name} ---\n{f.text}")
        return "\n".join(parts)


class _Rejected(Exception):
    pass


class _Generator:
    def __init__(self, rng: random.Random) -> None:
        self.rng = rng

    # -- top level --

    def case(self, index: int) -> Case:
        while True:
            try:
                return self._attempt(index)
            except _Rejected:
                continue

    def _attempt(self, index: int) -> Case:
        rng = self.rng
        count = rng.randint(3, 10)
        pool = KEY_POOL + (COLLIDING_KEYS if rng.random() < 0.15 else [])
        keys = rng.sample(pool, count)
        self.keys = keys
        self.requirements: list[tuple[str, str]] = []

        env: dict[str, str] = {}
        for var in rng.sample(sorted(ENV_POOL), rng.randint(0, 5)):
            env[var] = self._env_value(var, keys)
        if rng.random() < 0.1:
            # an unrelated variable, as real environments have
            env["LANG"] = "C.UTF-8"
        self.env = env

        two = rng.random() < 0.35
        file_count = 2 if two else 1
        formats = [rng.choice(["properties", "yml"]) for _ in range(file_count)]
        if two:
            first = set(rng.sample(keys, rng.randint(1, len(keys))))
            rest = [k for k in keys if k not in first]
            second = set(rest) | set(rng.sample(keys, rng.randint(0, len(keys) // 2)))
            split = [sorted(first, key=keys.index), sorted(second, key=keys.index)]
        else:
            split = [list(keys)]

        #: Pointer keys hold, as a literal, the name of another key of the case.
        self.pointers = {k: rng.choice([t for t in keys if t != k]) for k in keys if rng.random() < 0.12}

        files = []
        for number, (fmt, file_keys) in enumerate(zip(formats, split)):
            base = ["application", "base", "override"][number + (1 if two else 0)]
            name = f"{base}.{fmt}"
            if fmt == "properties":
                files.append(self._properties(name, file_keys))
            else:
                files.append(self._yaml(name, file_keys))
        case = Case(f"{index:03d}", files, env)
        self._validate(case)
        return case

    def _env_value(self, var: str, keys: list[str]) -> str:
        rng = self.rng
        if var == "TARGET_KEY":
            return rng.choice(keys)
        if var in ("SERVER_PORT", "PORT", "DB_PORT"):
            return str(rng.randint(1024, 65535))
        if var == "HOME":
            return "/home/" + rng.choice(WORDS)
        if rng.random() < 0.15:
            # environment values are resolved too
            return rng.choice(["${db.host:localhost}", "${alpha}", "${NOPE}", "pre-${x1:none}", "${TOKEN:tok}"])
        return rng.choice(WORDS) + ("-" + str(rng.randint(1, 99)) if rng.random() < 0.5 else "")

    # -- values --

    def literal(self) -> str:
        rng = self.rng
        return rng.choice([
            lambda: rng.choice(WORDS),
            lambda: rng.choice(WORDS) + "-" + rng.choice(WORDS),
            lambda: str(rng.randint(1, 65535)),
            lambda: "http://h:80/x",
            lambda: "a:b",
            lambda: "two words",
            lambda: "cost $5",
            lambda: "",
            lambda: rng.choice(HOSTS),
        ])()

    def plain_default(self) -> str:
        rng = self.rng
        return rng.choice([
            lambda: rng.choice(WORDS),
            lambda: str(rng.randint(1024, 65535)),
            lambda: "http://" + rng.choice(HOSTS) + ":" + str(rng.randint(80, 9999)) + "/x",
            lambda: "jdbc:mysql://h:3306/db",
            lambda: "",
            lambda: "b:c",
            lambda: "with space",
        ])()

    def any_name(self) -> str:
        """A name to look up: a key of the case, a variable (by one of its spellings), or nothing."""
        rng = self.rng
        roll = rng.random()
        if roll < 0.5:
            return rng.choice(self.keys)
        if roll < 0.8:
            return rng.choice(ENV_POOL[rng.choice(sorted(ENV_POOL))])
        return rng.choice(MISSING)

    def plain_name(self) -> str | None:
        """A name that must hold plain text (checked in _validate)."""
        candidates = [k for k in self.keys] + [n for var, ns in ENV_POOL.items() if var in self.env for n in ns]
        if not candidates:
            return None
        name = self.rng.choice(candidates)
        self.requirements.append(("plain", name))
        return name

    def placeholder(self) -> str:
        rng = self.rng
        kind = rng.choices(
            ["ref", "missing", "default", "nested-default", "nested-name"],
            weights=[45, 8, 30, 9, 8],
        )[0]
        if kind == "ref":
            return "${" + self.any_name() + "}"
        if kind == "missing":
            return "${" + rng.choice(MISSING) + "}"
        if kind == "default":
            return "${" + self.any_name() + ":" + self.plain_default() + "}"
        if kind == "nested-default":
            inner = self.plain_name()
            if inner is None:
                return "${" + self.any_name() + ":" + self.plain_default() + "}"
            if rng.random() < 0.5:
                inner_text = "${" + inner + "}"
            else:
                # an inner default that is never needed, or an inner name that may be missing
                if rng.random() < 0.5:
                    self.requirements.pop()
                    inner = rng.choice(MISSING)
                inner_text = "${" + inner + ":" + self.plain_default() + "}"
            return "${" + self.any_name() + ":" + inner_text + "}"
        # nested-name: ${${pointer}} with a pointer key or TARGET_KEY
        pointers = list(self.pointers)
        if "TARGET_KEY" in self.env:
            pointers += ENV_POOL["TARGET_KEY"]
        if not pointers:
            return "${" + self.any_name() + "}"
        pointer = rng.choice(pointers)
        self.requirements.append(("pointer", pointer))
        tail = ":" + self.plain_default() if rng.random() < 0.3 else ""
        return "${${" + pointer + "}" + tail + "}"

    def value(self, key: str) -> str:
        rng = self.rng
        if key in self.pointers:
            return self.pointers[key]
        roll = rng.random()
        if roll < 0.25:
            return self.literal()
        if roll < 0.7:
            return self.placeholder()
        # a composite: text and placeholders
        pieces = []
        for _ in range(rng.randint(2, 3)):
            pieces.append(self.placeholder() if rng.random() < 0.7 else rng.choice(["-", "/", "http://", ":", "x", " and ", "$", "{x}", "}", "$$"]))
        if not any("${" in p for p in pieces):
            pieces.append(self.placeholder())
        return "".join(pieces)

    # -- files --

    def _properties(self, name: str, keys: list[str]) -> GeneratedFile:
        rng = self.rng
        lines = []
        for key in keys:
            if rng.random() < 0.08:
                # a duplicate: the later line wins
                lines.append(f"{key}={self.value(key)}")
            value = self.value(key)
            lines.append(rng.choice([f"{key}={value}", f"{key} = {value}", f"{key}: {value}"])
                         if value else f"{key}=")
            if rng.random() < 0.1:
                lines.append("# a comment")
        for line in lines:
            assert "\\" not in line
        text = "\n".join(lines) + "\n"
        return GeneratedFile(name, text, self._last_wins(text))

    def _yaml_scalar(self, value: str) -> str:
        if re.fullmatch(r"[1-9][0-9]{0,8}", value) or value in ("true", "false"):
            return value
        if value and re.fullmatch(r"\$\{[A-Za-z0-9.:/\-_${}]*\}", value) and ": " not in value and "{x}" not in value:
            return value if self.rng.random() < 0.5 else "'" + value + "'"
        return "'" + value.replace("'", "''") + "'"

    def _yaml(self, name: str, keys: list[str]) -> GeneratedFile:
        rng = self.rng
        documents = [keys]
        if len(keys) > 1 and rng.random() < 0.2:
            # a second document overrides some keys
            documents.append(rng.sample(keys, rng.randint(1, len(keys) - 1)))
        texts = []
        values: dict[str, str] = {}
        for doc_keys in documents:
            doc_values = {k: self.value(k) for k in doc_keys}
            values.update(doc_values)
            texts.append(self._yaml_document(doc_values))
        text = "---\n".join(texts)
        return GeneratedFile(name, text, values)

    def _yaml_document(self, doc_values: dict[str, str]) -> str:
        rng = self.rng
        if rng.random() < 0.5:
            return "".join(f"{k}: {self._yaml_scalar(v)}\n" for k, v in doc_values.items())
        # nested by first segment
        groups: dict[str, list[str]] = {}
        for key in doc_values:
            groups.setdefault(key.split(".", 1)[0], []).append(key)
        out = []
        for head, members in groups.items():
            if len(members) == 1 and "." not in members[0]:
                out.append(f"{head}: {self._yaml_scalar(doc_values[head])}\n")
                continue
            out.append(f"{head}:\n")
            for key in members:
                out.append(f"  {key.split('.', 1)[1]}: {self._yaml_scalar(doc_values[key])}\n")
        return "".join(out)

    @staticmethod
    def _last_wins(text: str) -> dict[str, str]:
        """Key -> value of a generated .properties text, the later duplicate winning."""
        values: dict[str, str] = {}
        for line in text.splitlines():
            if not line or line.startswith("#"):
                continue
            match = re.match(r"([^=: ]+)\s*[=:]\s*(.*)$", line)
            assert match, line
            values[match.group(1)] = match.group(2)
        return values

    # -- validation --

    def effective(self, case: Case, name: str) -> str | None:
        """The raw text Spring finds for ``name`` (environment, then the last file that has it)."""
        for candidate in framework_candidates(name):
            if candidate in case.env:
                return case.env[candidate]
        for f in reversed(case.files):
            if name in f.values:
                return f.values[name]
        return None

    def _validate(self, case: Case) -> None:
        file_keys = {k for f in case.files for k in f.values}
        for kind, name in self.requirements:
            raw = self.effective(case, name)
            if raw is None or "${" in raw:
                raise _Rejected
            if kind == "pointer" and (":" in raw or raw not in file_keys):
                raise _Rejected


def generate(seed: int = SEED, count: int = COUNT) -> list[Case]:
    generator = _Generator(random.Random(seed))
    return [generator.case(index) for index in range(count)]


# --- hand-picked cases from the oracle's own cases/ ----------------------------------------


@dataclass(frozen=True)
class HandCase:
    name: str
    #: Keys whose recorded 4.3 answer is a known 4.3-vs-6.2 difference: key -> portconfig's (6.2) value.
    differences: tuple[tuple[str, str], ...] = ()
    #: Keys portconfig has beyond the oracle's, with their values (Boot keeps empty YAML collections).
    extra_keys: tuple[tuple[str, str], ...] = ()
    note: str = ""


HAND_CASES = [
    HandCase("02-env-placeholder"),
    HandCase("03-default-value"),
    HandCase("04-default-with-colons"),
    HandCase("05-default-with-colons-env-set"),
    HandCase("06-nested-defaults-none-set"),
    HandCase("07-nested-defaults-b-set"),
    HandCase("08-nested-defaults-a-set"),
    HandCase("09-key-reference"),
    HandCase("10-env-overrides-server-port"),
    HandCase("11-env-overrides-lowercase-key",
             note="SystemEnvironmentPropertySource retries the upper-cased name in 6.2 too"),
    HandCase("12-circular", note="messages differ (4.3 names 'selfdef:d', 6.2 'selfdef'): kind only"),
    HandCase("13-unresolvable", differences=(("e", "x"),),
             note="e=${SET:${ALSO_NOPE}}: 4.3 resolves the default eagerly and fails, 6.2 uses SET"),
    HandCase("14-unresolvable-lenient"),
    HandCase("18-yaml-nesting"),
    HandCase("19-yaml-lists", extra_keys=(("emptylist", ""), ("emptymap", "")),
             note="4.3 drops empty YAML collections, Boot stores an empty string"),
    HandCase("21-port-default-unset"),
    HandCase("22-port-default-set"),
    HandCase("23-precedence-two-files"),
    HandCase("30-relaxed-env-names"),
    HandCase("31-env-value-placeholders"),
    HandCase("32-colon-in-key"),
    HandCase("33-dynamic-key"),
]
