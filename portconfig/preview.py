"""The preview (``show``) and ``explain``: resolved values, where each came from, masked.

Pure data in, data or text out: :func:`rows` builds one :class:`Row` per key
and :func:`render_explanation` draws the resolution tree of one key.  Every
value goes through a :class:`~portconfig.masking.Masker`, and every line of
free text through its scrubber, so secrets cannot leak through a raw value,
a default or an error message.
"""

from __future__ import annotations

from ._records import FrozenRecord
from .analysis import Analysis, uses_random
from .analysis import describe_origin as analysis_describe_origin
from .config import Explanation
from .masking import MASK, Masker, is_uri_key, mask_uri_passwords, step_is_sensitive, substitutes_secret
from .resolver import Step

_set = object.__setattr__


class Row(FrozenRecord):
    """One key of the preview; ``value`` is None when the key does not resolve (``error`` says why)."""

    __slots__ = ("key", "value", "origin", "sensitive", "error")
    key: str
    value: str | None
    origin: str
    sensitive: bool
    error: str | None

    def __init__(self, key: str, value: str | None, origin: str, sensitive: bool, error: str | None = None) -> None:
        _set(self, "key", key)
        _set(self, "value", value)
        _set(self, "origin", origin)
        _set(self, "sensitive", sensitive)
        _set(self, "error", error)


def rows(analysis: Analysis, masker: Masker) -> list[Row]:
    """Every key in source order (file keys, then overrides, then unset port keys)."""
    out = []
    for key in analysis.keys:
        sensitive = masker.is_secret(key)
        error = analysis.errors.get(key)
        if error is not None:
            found = analysis.found.get(key)
            where = str(found.origin) if found is not None else ""
            out.append(Row(key, None, masker.scrub(where), sensitive, masker.scrub(error.describe())))
            continue
        value = analysis.values.get(key)
        if value is None:
            continue
        result = analysis.ports.get(key)
        if result is not None and result.default and analysis.file_errors:
            continue  # "Spring Boot's default" would be a guess: the file that did not parse may set it
        if uses_random(masker.trace(key)[2]):
            value = random_display(analysis, key) or value
        out.append(Row(key, masker.value(key, value), describe_origin(analysis, masker, key), sensitive))
    return out


def random_display(analysis: Analysis, key: str) -> str | None:
    """``key``'s value with each ``${random.*}`` left as written (``${random.int[10000,19999]}``), not one sample.

    Resolved again with a lookup that answers ``random.*`` with an escaped
    placeholder, which the resolver turns into its literal text.
    """
    from .model import Found
    from .resolver import Resolver

    sources = analysis.sources
    found = analysis.found.get(key)
    if found is None:
        return None

    def lookup(name: str) -> Found | None:
        answer = sources.find(name)
        if answer is not None and answer.origin.kind.value == "random":
            return Found(name, "\\${" + name + "}", answer.origin, name)
        return answer

    try:
        return Resolver(lookup, lenient=analysis.lenient, limits=analysis.resolver_limits()).resolve(
            found.value, key=key, origin=found.origin
        )
    except Exception:  # noqa: BLE001 - the display falls back to the sample
        return None


def describe_origin(analysis: Analysis, masker: Masker, key: str) -> str:
    """Where ``key``'s value came from, masked (see :func:`portconfig.analysis.describe_origin`)."""
    result = analysis.ports.get(key)
    if result is not None and result.default:
        return str(result.origin)
    found, _, steps = masker.trace(key)
    if found is None:
        return ""
    return masker.scrub(analysis_describe_origin(found, steps, analysis.document_label))


# -- explain ---------------------------------------------------------------------


def render_explanation(explanation: Explanation, analysis: Analysis, masker: Masker) -> str:
    """The resolution tree of one key (``Explanation.render``), masked step by step."""
    source = describe_origin(analysis, masker, explanation.key) if explanation.value is not None else None
    text = explanation.render(
        value=lambda key, value: masker.value(key, value),
        raw=lambda key, raw: _raw(masker, key, raw),
        step_value=lambda step: _step_value(masker, step),
        source=source,
    )
    return "\n".join(masker.scrub(line) for line in text.split("\n"))


def _raw(masker: Masker, key: str, raw: str) -> str:
    # Placeholders stay readable (they name what to set); literal secrets are scrubbed line by line.
    if masker.reveal:
        return raw
    return MASK if masker.is_secret(key) and "${" not in raw else raw


def _step_value(masker: Masker, step: Step) -> str:
    if masker.reveal:
        return step.value or ""
    if step_is_sensitive(step) or substitutes_secret(step.in_name + step.in_value + step.in_default):
        return MASK
    name = step.tried[-1] if step.tried else ""
    return mask_uri_passwords(step.value or "") if is_uri_key(name) else step.value or ""
