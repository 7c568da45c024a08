"""Which values are secrets, and how to show them: Spring Boot 2.x's actuator sanitising rules.

Boot 2.x's ``Sanitizer`` (spring-semantics.md §6, vectors A01-A11) matches the
*whole* key, case-insensitively: a plain word ``w`` becomes the regex
``.*w$`` (so ``sun.java.command``'s dots are wildcards, as in Boot) and the
entries that look like regexes are used as they are.  URI keys (``*.url``,
``*.uris``, ``*.address``...) keep everything but the password in the user
info of each comma-separated URI.

portconfig goes one step further than Boot: a value is also a secret when a
sensitive name was substituted into it, at any depth of the resolution
(``db.url=jdbc:postgresql://h/${DB_PASSWORD}`` is masked entirely), because
the preview shows resolved values and Boot never had to.

:class:`Masker` adds a safety net for free text (messages, raw values,
origins): every secret string it knows is replaced by ``******`` wherever it
appears, so no output path can leak one by quoting it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator


from .model import Found, OriginKind
from .placeholders import Part, Placeholder, Text, parse
from .resolver import Step

TYPE_CHECKING = False  # typing itself costs ~2 ms at start-up
if TYPE_CHECKING:
    from .analysis import Analysis

MASK = "******"

# Boot 2.7's Sanitizer.DEFAULT_KEYS_TO_SANITIZE, compiled the way Boot compiles them.
_KEYS = ("password", "secret", "key", "token", ".*credentials.*", "vcap_services",
         r"^vcap\.services.*$", "sun.java.command", r"^spring[._]application[._]json$")
_URI_KEYS = ("uri", "uris", "url", "urls", "address", "addresses")


def _pattern(word: str) -> str:
    return word if any(ch in word for ch in "*$^+") else f".*{word}$"


# Boot's patterns as one regex each (a key matches the alternation whole iff it matches one pattern
# whole): a run asks them for every key, a million times in a large file.
_ANY_SENSITIVE = re.compile("|".join(f"(?:{_pattern(word)})" for word in _KEYS), re.IGNORECASE | re.DOTALL)
_ANY_URI = re.compile("|".join(f"(?:{_pattern(word)})" for word in _URI_KEYS), re.IGNORECASE | re.DOTALL)
# Sanitizer.URI_USERINFO_PATTERN; greedy as in Java, so the password is the text
# between the last ':' that still has an '@' after it and the last '@'.
_USERINFO = re.compile(r"\[?[A-Za-z][A-Za-z0-9+.\-]+://.+:(.*)@.+", re.DOTALL)

#: Secrets shorter than this are only scrubbed where they appear quoted ("ab"):
#: replacing a two-character secret everywhere would garble line numbers and words.
MIN_SCRUB = 4


# What an ASCII key must end with, contain or start with to match one of the patterns above (lower-cased:
# for ASCII text IGNORECASE is plain ASCII case folding).  Most keys fail this at once; the ones that pass
# are still decided by the regex, so the answer is always the regex's.  Non-ASCII keys always ask the
# regex (IGNORECASE folds e.g. the Kelvin sign to "k", which str.lower alone would not show).
_SENSITIVE_ENDS = ("password", "secret", "key", "token", "vcap_services", "command", "json")
_URI_ENDS = ("uri", "uris", "url", "urls", "address", "addresses")


def is_sensitive(key: str) -> bool:
    """Whether Boot 2.x masks the whole value of ``key`` (``*password``, ``*secret``, ``*key``, ``*token``...)."""
    if key.isascii():
        lower = key.lower()
        if not (lower.endswith(_SENSITIVE_ENDS) or "credentials" in lower or lower.startswith("vcap")):
            return False
    return _ANY_SENSITIVE.fullmatch(key) is not None


_ANY_ENDS = _SENSITIVE_ENDS + _URI_ENDS


def _judge(key: str) -> bool | None:
    """``True`` for a sensitive key, ``False`` for a URI key, ``None`` for the others (most keys, at once)."""
    if key.isascii():
        lower = key.lower()
        if not (lower.endswith(_ANY_ENDS) or "credentials" in lower or lower.startswith("vcap")):
            return None
    return True if is_sensitive(key) else False if is_uri_key(key) else None


def _may_judge(keys: list[str]) -> bool:
    """False when no key of ``keys`` can be sensitive or a URI key: checked on their text at once."""
    joined = "\n".join(keys)
    if not joined.isascii():
        return True
    lowered = joined.lower() + "\n"  # each key's end is followed by a line break
    return "credentials" in lowered or "vcap" in lowered or any(end + "\n" in lowered for end in _ANY_ENDS)


def is_uri_key(key: str) -> bool:
    """Whether ``key`` is one whose URIs keep all but their password (``*url``, ``*uri``, ``*address``...)."""
    if key.isascii() and not key.lower().endswith(_URI_ENDS):
        return False
    return _ANY_URI.fullmatch(key) is not None and not is_sensitive(key)


def uri_passwords(value: str) -> list[str]:
    """The user-info passwords in the comma-separated URIs of ``value`` (empty ones left out)."""
    passwords = []
    for part in value.split(","):
        match = _USERINFO.fullmatch(part)
        if match is not None and match.group(1):
            passwords.append(match.group(1))
    return passwords


def mask_uri_passwords(value: str) -> str:
    """``postgres://app:pw@db:5432/x`` -> ``postgres://app:******@db:5432/x``, for each comma-separated URI."""
    out = []
    for part in value.split(","):
        match = _USERINFO.fullmatch(part)
        if match is not None:
            part = part.replace(f":{match.group(1)}@", f":{MASK}@")
        out.append(part)
    return ",".join(out)


def mask(key: str, value: str) -> str:
    """The value as Boot 2.x's actuator shows it under ``key`` (by the key alone)."""
    if is_sensitive(key):
        return MASK
    if is_uri_key(key):
        return mask_uri_passwords(value)
    return value


def _walk(steps: Iterable[Step]) -> Iterator[Step]:
    """Every step of a trace tree, iteratively (a chain can be thousands of steps deep)."""
    stack = list(steps)
    while stack:
        step = stack.pop()
        yield step
        stack.extend(step.in_name)
        stack.extend(step.in_value)
        stack.extend(step.in_default)


def step_names(step: Step) -> list[str]:
    """The names a step stands for: the placeholder's name and how the answering source spells it."""
    names = step.tried[-1:]
    if step.found is not None:
        names += [step.found.name, step.found.source_name]
        if step.found.origin.kind is OriginKind.ENVIRONMENT:
            names.append(step.found.origin.name)
    return [name for name in names if name]


def step_is_sensitive(step: Step) -> bool:
    """A substitution of a secret: a sensitive name, or a URI name whose value carries a password."""
    names = step_names(step)
    if any(is_sensitive(name) for name in names):
        return True
    return step.value is not None and any(is_uri_key(name) for name in names) and bool(uri_passwords(step.value))


def substitutes_secret(steps: Iterable[Step]) -> bool:
    """Whether any name substituted into a value, at any depth, is a secret."""
    return any(step_is_sensitive(step) for step in _walk(steps))


def literal_texts(raw: str) -> list[str]:
    """The literal text of a raw value outside placeholder names: its own text and every default's.

    For a sensitive key these are secrets (``${DB_PASSWORD:change-me}`` holds
    ``change-me``); names are kept, because ``DB_PASSWORD`` is what to set.
    """
    return literal_texts_of(parse(raw))


def literal_texts_of(parts: tuple[Part, ...]) -> list[str]:
    texts: list[str] = []
    stack = [parts]
    while stack:
        for part in stack.pop():
            if type(part) is Text:
                texts.append(part.text)
            elif type(part) is Placeholder:
                if not part.simple:
                    stack.append(tuple(p for p in part.name if type(p) is Placeholder))
                if part.default is not None:
                    stack.append(part.default)
    return texts


def variants(secret: str) -> set[str]:
    """How a secret may be quoted in a message: as is, ``repr``-escaped, and re-decoded (see the encoding rule)."""
    forms = {secret, repr(secret)[1:-1]}
    try:
        decoded = secret.encode("latin-1").decode("utf-8")
        forms.update((decoded, repr(decoded)[1:-1]))
    except (UnicodeEncodeError, UnicodeDecodeError):
        pass
    return forms


class Scrubber:
    """Replaces known secret strings in free text; built once per run from every secret found."""

    def __init__(self, secrets: Iterable[str], protected: Iterable[str] = ()) -> None:
        long_forms: set[str] = set()
        short_forms: set[str] = set()
        for secret in secrets:
            if not secret or secret == MASK:
                continue
            for form in variants(secret):
                (long_forms if len(form) >= MIN_SCRUB else short_forms).add(form)
        # Longest first, so a secret that contains another is replaced whole.
        alternatives = []
        # File paths and key names are never secret, and a password that happens
        # to be the project's name must not turn paths into "204__******.yml":
        # matched first, they are put back unchanged.
        keep = (
            sorted({text for text in protected if len(text) >= MIN_SCRUB}, key=len, reverse=True)
            if long_forms or short_forms else []
        )
        if keep:
            alternatives.append("(?P<keep>" + "|".join(map(re.escape, keep)) + ")")
        if long_forms:
            alternatives.append("(?P<long>" + "|".join(map(re.escape, sorted(long_forms, key=len, reverse=True))) + ")")
        if short_forms:
            alternatives.append('"(?:' + "|".join(map(re.escape, sorted(short_forms, key=len, reverse=True))) + ')"')
        self._regex = re.compile("|".join(alternatives)) if alternatives else None

    def __call__(self, text: str) -> str:
        if self._regex is None or not text:
            return text
        return self._regex.sub(_replace, text)


def _replace(match: re.Match[str]) -> str:
    if match.lastgroup == "keep":
        return match.group()
    # A short secret is matched with its quotes, which must stay.
    return MASK if match.lastgroup == "long" else f'"{MASK}"'


class Masker:
    """Masking for one run: which keys are secret, their display values, and the scrubber for free text.

    ``reveal=True`` (``--show-secrets``) turns every method into the identity.
    Traces come from the analysis, which keeps one per key.
    """

    def __init__(self, analysis: Analysis, *, reveal: bool = False) -> None:
        self.analysis = analysis
        self.reveal = reveal
        self._sensitive: dict[str, bool] = {}
        self._scrubber: Scrubber | None = None

    def trace(self, key: str) -> tuple[Found | None, str | None, list[Step]]:
        return self.analysis.trace(key)

    def is_secret(self, key: str) -> bool:
        """The whole value of ``key`` is masked: a sensitive key, or a secret substituted into it."""
        if key not in self._sensitive:
            self._sensitive[key] = is_sensitive(key) or substitutes_secret(self.trace(key)[2])
        return self._sensitive[key]

    def value(self, key: str, value: str) -> str:
        if self.reveal:
            return value
        if self.is_secret(key):
            return MASK
        # Boot 2.x masked URI passwords only under *url/*uri/*address keys; a password in
        # `app.dsn=postgres://u:pw@db/x` is no less a password.
        return self.scrub(mask_uri_passwords(value) if "://" in value else value)

    def scrub(self, text: str) -> str:
        if self.reveal:
            return text
        if self._scrubber is None:
            analysis = self.analysis
            # Lazily: the protected texts are only read when the run has a secret to scrub.
            groups = (
                (source.path for source in analysis.files),
                (error.file or "" for error in analysis.file_errors),
                (key for key in analysis.keys if not is_sensitive(key)),
            )
            protected = (text for group in groups for text in group)
            self._scrubber = Scrubber(self.secrets(), protected)
        return self._scrubber(text)

    def secrets(self) -> set[str]:
        """Every secret string of the run: sensitive keys' values (raw literals and resolved),
        URI passwords, defaults of sensitive placeholders, sensitive environment variables and overrides."""
        import gc

        # A pair per entry, none of them cyclic: the collector would only rescan the run's objects.
        collecting = gc.isenabled()
        gc.disable()
        try:
            return self._secrets()
        finally:
            if collecting:
                gc.enable()

    def _secrets(self) -> set[str]:
        analysis = self.analysis
        secrets: set[str] = set()
        from itertools import chain, filterfalse, islice
        from operator import attrgetter, is_, methodcaller

        overrides = analysis.sources.overrides
        written = [document.entries for source in analysis.files for document in source.documents]
        keys = [*map(attrgetter("key"), chain.from_iterable(written)), *overrides]

        def raws() -> Iterator[str]:  # the keys' values, in their order (read twice, kept in no list)
            return chain(map(attrgetter("value"), chain.from_iterable(written)), overrides.values())

        # Each key is judged once: the values below belong to the same keys.
        judged: dict[str, bool] = {}  # the keys that are sensitive (True) or URI keys (False)
        for key, raw in zip(keys, raws()) if _may_judge(keys) else ():
            sensitive = _judge(key)
            if sensitive is not None:
                judged[key] = sensitive
                secrets.update(literal_texts(raw) if sensitive else uri_passwords(raw))
        for raw in filter(methodcaller("__contains__", PLACEHOLDER), raws()):  # only a placeholder has a default
            secrets.update(sensitive_defaults(raw))
        values = analysis.values
        # Keys of the files the run reads and overrides are among the judged; others (an unset port key's
        # default) are judged here.
        entries = analysis.sources.entries
        # A run's values start with the chain's keys, in its order: compared by identity, in C, those need
        # no lookup each (a set difference would first copy a million keys into a set).
        same = list(map(is_, values, entries))
        start = same.index(False) if False in same else len(same)
        del same
        others = filterfalse(entries.__contains__, filterfalse(overrides.__contains__, islice(values, start, None)))
        judged.update((key, _judge(key)) for key in others)
        for key, sensitive in judged.items():
            value = values.get(key)
            if value is None or sensitive is None:
                continue
            if sensitive:
                secrets.add(value)
            else:
                secrets.update(uri_passwords(value))
        secrets.update(value for name, value in analysis.sources.env.items() if is_sensitive(name))
        return secrets


def mask_raw(names: Iterable[str], raw: str) -> str:
    """A value as written, safe to quote in an error about it: the secrets in it replaced by ``******``.

    ``names`` name the value (a key, a placeholder name, an environment variable).  The literal
    text of a sensitive one's value is masked but not its placeholders, which say what to set
    (``${DB_PASSWORD:******}``); a URI key's passwords; in any value, the defaults of placeholders
    that name a secret.
    """
    names = [name for name in names if name]
    secrets = sensitive_defaults(raw) if PLACEHOLDER in raw and ":" in raw else []  # a default needs its ':' 
    if any(is_sensitive(name) for name in names):
        secrets += literal_texts(raw)
    elif any(is_uri_key(name) for name in names):
        raw = mask_uri_passwords(raw)
    for secret in sorted({secret for secret in secrets if secret}, key=len, reverse=True):
        raw = raw.replace(secret, MASK)
    return raw


PLACEHOLDER = "${"


def sensitive_defaults(raw: str) -> list[str]:
    """Literal text of the defaults of placeholders that name a secret (``${DB_PASSWORD:change-me}``)."""
    out: list[str] = []
    stack = [parse(raw)]
    while stack:
        for part in stack.pop():
            if type(part) is not Placeholder:
                continue
            name = "".join(p.text for p in part.name if type(p) is Text)
            if part.default is not None:
                if is_sensitive(name):
                    out.extend(literal_texts_of(part.default))
                stack.append(part.default)
            stack.append(tuple(p for p in part.name if type(p) is Placeholder))
    return out
