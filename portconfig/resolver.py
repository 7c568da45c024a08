"""Placeholder resolution with Spring Framework 6.2.3+ semantics, safe for any depth.

Spring's PlaceholderParser resolves recursively: a value found for a name is
parsed and resolved again, with an in-progress set for cycles and the chain of
values collected as errors unwind.  This module does the same walk, but every
level that can repeat without bound (a value found for a name, a nested
placeholder) runs on an explicit stack, as a generator or (a value that is just
``${name}``) in the driver itself, so a chain 10,000 keys deep needs no Python
recursion.  Resolved texts are memoised too, so a key resolved at the top is
not resolved again when another key refers to it.

Beyond Spring (which has none of these), the walk is bounded by :class:`Limits`:
a resolved value's length, the stack depth and the total number of lookups.

Results of names are memoised for the lifetime of a :class:`Resolver`.  That is
exact, not a heuristic: resolution is deterministic, so a name that resolved
once resolves to the same text from anywhere.  A failure is reused only when
none of the names it passed through is in progress now (otherwise Spring
would report a cycle there first).  A cycle, once met, gives each of its names
its own error (Spring names the first name seen twice, which differs from one
member to the next) without walking the cycle again: see :class:`_Cycle`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Generator

from ._records import FrozenRecord, Record
from .errors import (
    CircularPlaceholderError,
    clip,
    PlaceholderError,
    ResolutionLimitError,
    UnresolvablePlaceholderError,
)
from .model import Found, Origin, OriginKind
from .placeholders import ESCAPE, PREFIX, SUFFIX, Placeholder, Text, parse

TYPE_CHECKING = False  # typing itself costs ~2 ms at start-up
if TYPE_CHECKING:
    from typing import Any, Optional

    Lookup = Callable[[str], Optional[Found]]

_set = object.__setattr__


#: The defaults of :class:`Limits`.  ``load()``, ``lint()`` and the command line read the first two
#: when they start, so a program can raise them (``portconfig.resolver.MAX_LENGTH = 50_000_000``).
MAX_LENGTH = 10_000_000
MAX_DEPTH = 50_000
MAX_LOOKUPS = 1_000_000


class Limits(FrozenRecord):
    """Bounds on one resolution run.  Spring has none; these keep hostile input cheap.

    * ``max_length``: longest value a substitution may produce (characters).
    * ``max_depth``: deepest chain of references and nested placeholders.
    * ``max_lookups``: lookups across a whole run (a :class:`Resolver`'s lifetime).
    """

    __slots__ = ("max_length", "max_depth", "max_lookups")
    max_length: int
    max_depth: int
    max_lookups: int

    def __init__(self, max_length: int = MAX_LENGTH, max_depth: int = MAX_DEPTH,
                 max_lookups: int = MAX_LOOKUPS) -> None:
        _set(self, "max_length", max_length)
        _set(self, "max_depth", max_depth)
        _set(self, "max_lookups", max_lookups)


class Step(Record):
    """How one placeholder was resolved, for ``explain``: what was tried, what answered."""

    __slots__ = ("placeholder", "tried", "found", "used_default", "value", "in_name", "in_value", "in_default")
    placeholder: str
    tried: list[str]
    found: Found | None
    used_default: bool
    value: str | None
    #: Placeholders resolved inside the name (``${${ENV}.host}``), the found value and the default.
    in_name: list[Step]
    in_value: list[Step]
    in_default: list[Step]

    def __init__(self, placeholder: str, tried: list[str] | None = None, found: Found | None = None,
                 used_default: bool = False, value: str | None = None, in_name: list[Step] | None = None,
                 in_value: list[Step] | None = None, in_default: list[Step] | None = None) -> None:
        self.placeholder = placeholder
        self.tried = [] if tried is None else tried
        self.found = found
        self.used_default = used_default
        self.value = value
        self.in_name = [] if in_name is None else in_name
        self.in_value = [] if in_value is None else in_value
        self.in_default = [] if in_default is None else in_default


_UNRESOLVABLE = "unresolvable"
_CIRCULAR = "circular"
_LIMIT = "limit"

#: Longest chain shown in a message.  Spring shows every value, which for a
#: chain thousands deep is unreadable; up to this length ours is word for word.
_MAX_CHAIN_SHOWN = 20
_CHAIN_TAIL = 5


class _Chain:
    """An immutable chain that grows outward in O(1) and renders a bounded view.

    Errors collect one entry per level as they unwind, and a chain can be
    thousands of levels deep: copying a list at each level would make one
    error cost O(depth squared).  This keeps the first entries added (the
    innermost), a cons list for the outermost, and the count.
    """

    __slots__ = ("inner", "outer", "count")

    def __init__(self, inner: tuple = (), outer: tuple | None = None, count: int = 0) -> None:
        self.inner = inner
        self.outer = outer
        self.count = count

    @classmethod
    def of(cls, innermost: list, outermost: list, count: int) -> _Chain:
        """A chain of ``count`` entries given only by the parts :meth:`view` can show.

        ``innermost`` holds its first ``_MAX_CHAIN_SHOWN`` entries (innermost first),
        ``outermost`` its last ``_CHAIN_TAIL`` (outermost first): a derived chain
        thousands long costs no more than a short one.
        """
        outer = None
        for item in reversed(outermost):
            outer = (item, outer)
        return cls(tuple(innermost), outer, count)

    def add(self, item: Any) -> _Chain:
        inner = self.inner + (item,) if len(self.inner) < _MAX_CHAIN_SHOWN else self.inner
        return _Chain(inner, (item, self.outer), self.count + 1)

    def view(self, gap: Callable[[int], Any]) -> list:
        """Innermost first; past ``_MAX_CHAIN_SHOWN`` entries the middle is replaced by ``gap(hidden)``."""
        if self.count <= _MAX_CHAIN_SHOWN:
            return list(self.inner)
        outermost: list = []
        cons = self.outer
        while len(outermost) < _CHAIN_TAIL and cons is not None:
            outermost.append(cons[0])
            cons = cons[1]
        head = list(self.inner[: _MAX_CHAIN_SHOWN - _CHAIN_TAIL])
        return head + [gap(self.count - _MAX_CHAIN_SHOWN)] + outermost[::-1]


_EMPTY = _Chain()


class _Gap:
    """Stands for the middle of a chain too long to show."""

    def __init__(self, hidden: int) -> None:
        self.hidden = hidden

    def __str__(self) -> str:
        return f"... {self.hidden:,} more ..."


class _Failure(Exception):
    """Internal, immutable failure state; turned into a public error once, at the top."""

    def __init__(
        self,
        kind: str,
        reason: str,
        placeholder: str,
        values: _Chain = _EMPTY,
        names: _Chain = _EMPTY,
        event: _FailureEvent | None = None,
        cycle: _Cycle | None = None,
    ) -> None:
        super().__init__(reason)
        self.kind = kind
        self.reason = reason
        self.placeholder = placeholder
        self.values = values
        self.names = names
        self.event = event
        #: For a failure derived from a known cycle: its names, which must not be in progress to reuse it.
        self.cycle = cycle

    def wrapped(self, value: _Quoted, name: str, origin: Origin) -> _Failure:
        """The failure one level out: ``value`` (of ``name``, at ``origin``) added to both chains."""
        return _Failure(
            self.kind, self.reason, self.placeholder, self.values.add(value), self.names.add((name, origin)),
            self.event, self.cycle,
        )

    def with_value(self, value: _Quoted) -> _Failure:
        return _Failure(
            self.kind, self.reason, self.placeholder, self.values.add(value), self.names, self.event, self.cycle
        )

    def copy(self) -> _Failure:
        return _Failure(self.kind, self.reason, self.placeholder, self.values, self.names, self.event, self.cycle)


def _limit(limit: str, reason: str) -> _Failure:
    # For limit failures the placeholder slot carries which limit was hit.
    return _Failure(_LIMIT, reason, limit)


class _Cycle:
    """A reference cycle, met once: what resolving any of its names gives follows from it.

    ``names[t]``'s value goes on to ``names[t + 1]``, and the last one's back to
    the first.  Resolving ``names[t]`` while none of the cycle's names is in
    progress walks the cycle once round and meets ``names[t]`` again: Spring's
    message for it names ``names[t]`` and lists the values from ``names[t - 1]``
    back round to ``names[t]``.  The walk is the same whatever else is in
    progress, because everything it passes on the way that is not in the cycle
    resolved before (and is memoised) or is plain text.  Without this, each of N
    keys in a cycle would walk all N again: N squared lookups.
    """

    __slots__ = ("names", "index", "_values", "_pairs")

    def __init__(self, members: list[tuple[str, Found]]) -> None:
        self.names = [name for name, _ in members]
        self.index = {name: position for position, name in enumerate(self.names)}
        # Each entry twice over, forwards and backwards: a member's chain is then two slices.
        values = [_quoted_value(name, found) for name, found in members]
        pairs = [(name, found.origin) for name, found in members]
        self._values = (values + values, values[::-1] * 2)
        self._pairs = (pairs + pairs, pairs[::-1] * 2)

    def touches(self, in_progress: dict[str, Found]) -> bool:
        if not in_progress:  # at the top, the usual case
            return False
        if len(in_progress) < len(self.names):
            return any(name in self.index for name in in_progress)
        return any(name in in_progress for name in self.names)

    def failure(self, position: int) -> _Failure:
        count = len(self.names)
        # Innermost first: the member before ``position``, back round to ``position`` itself.
        start = count - position
        inner = start + min(count, _MAX_CHAIN_SHOWN)
        outer = position + min(count, _CHAIN_TAIL)
        forwards, backwards = self._values
        values = _Chain.of(backwards[start:inner], forwards[position:outer], count)
        forwards, backwards = self._pairs
        names = _Chain.of(backwards[start:inner], forwards[position:outer], count)
        name = self.names[position]
        return _Failure(_CIRCULAR, f"Circular placeholder reference '{clip(name)}'", name, values, names, None, self)


class _FailureEvent:
    """The names in progress when a failure arose, with their positions (see Resolver._remember)."""

    __slots__ = ("index",)

    def __init__(self, in_progress: dict[str, None]) -> None:
        self.index = {name: position for position, name in enumerate(in_progress)}


class _Call:
    """A request from a generator to the driver: run this generator and send me its result."""

    __slots__ = ("generator",)

    def __init__(self, generator: Generator) -> None:
        self.generator = generator


class _Pending:
    """A request from a generator to the driver: resolve ``parts``, the value found for ``name``.

    One level of Spring's recursion: the driver marks ``name`` in progress for as long as
    it runs, memoises the value, or adds this level to the chains of a failure.
    """

    __slots__ = ("name", "found", "parts", "step", "children", "random_reads")

    def __init__(self, name: str, found: Found, parts: tuple, step: Step | None, random_reads: int) -> None:
        self.name = name
        self.found = found
        self.parts = parts
        self.step = step
        self.children: list[Step] | None = [] if step is not None else None
        self.random_reads = random_reads  # the resolver's count when this level began


#: See Resolver._direct_nesting: a few frames for each, well within any recursion limit.
_DIRECT_NESTING = 32


class Resolver:
    """Resolves text against a lookup function, the way Spring's PlaceholderParser does.

    ``lookup(name)`` returns a :class:`Found` (the raw value and its origin) or
    ``None``.  ``lenient`` keeps unresolvable placeholders as ``${name}`` (Spring
    Boot's binder) instead of raising (``Environment.getProperty``); cycles
    raise in both modes.  ``trace=True`` records a :class:`Step` tree.
    """

    def __init__(
        self,
        lookup: Lookup,
        *,
        lenient: bool = False,
        limits: Limits = Limits(),
        trace: bool = False,
        escape: str | None = ESCAPE,
    ) -> None:
        self._lookup = lookup
        self.escape = escape
        self.lenient = lenient
        self.limits = limits
        self.trace = trace
        self._memo: dict[str, tuple[str, list[Step] | None]] = {}
        #: Text (a found value, or one resolved at the top) -> what it resolved to; without tracing only.
        self._texts: dict[str, str] = {}
        self._failures: dict[str, tuple[_Failure, int]] = {}
        self._cycles: dict[str, tuple[_Cycle, int]] = {}
        #: The names being resolved, outermost first, with what was found for them.
        self._in_progress: dict[str, Found] = {}
        self._lookups = 0
        #: Values read from ``random.*`` so far.  A text that read one is not kept in ``_texts``:
        #: Spring reads a fresh random value each time, so ``a=${random.uuid}`` and ``b=${random.uuid}``
        #: differ.
        self._random_reads = 0
        #: Texts at the top with at most this many ``${`` are resolved by :meth:`_direct`; 0 never
        #: (the tests compare both ways).  Bounds the Python recursion that costs.
        self._direct_nesting = _DIRECT_NESTING

    # -- public ---------------------------------------------------------------

    def resolve(
        self,
        text: str,
        *,
        key: str | None = None,
        origin: Origin | None = None,
    ) -> str:
        """Resolve ``text``; raise a :class:`PlaceholderError` naming ``key`` and ``origin``."""
        try:
            value, _ = self.resolve_traced(text, key=key, origin=origin)
        except PlaceholderError as error:
            # Callers keep errors (one per key, thousands for a broken file): the traceback
            # from here holds two frames, not resolve_traced's too, and no reference cycle.
            raise error.with_traceback(None)
        return value

    def resolve_traced(
        self, text: str, *, key: str | None = None, origin: Origin | None = None
    ) -> tuple[str, list[Step] | None]:
        if PREFIX not in text:
            return text, ([] if self.trace else None)
        if not self.trace:
            value = self._texts.get(text)
            if value is not None:
                return value, None
        random_reads = self._random_reads
        parts = parse(text, self.escape)
        steps: list[Step] | None = [] if self.trace else None
        if len(parts) < 2 and (not parts or type(parts[0]) is Text):  # parse merges text: no placeholder
            return (parts[0].text if parts else ""), steps
        failure: _Failure | None = None
        try:
            value = self._resolve_parts(parts, steps, text.count(PREFIX))
        except _Failure as caught:
            failure = caught
        if failure is not None:
            # Raised outside the except clause, so the error (which the caller may keep, one per
            # key) holds no __context__: that would keep the failure's traceback, and with it the
            # frames of the walk, alive as long as the error.
            error = self._public_error(failure.with_value(_Quoted(text, (key,))), key, origin)
            failure = parts = None  # nor through this frame, which the error's traceback holds
            raise error
        if steps is None and self._random_reads == random_reads:
            self._texts[text] = value
        return value, steps

    def _resolve_parts(self, parts: tuple, steps: list[Step] | None, nesting: int) -> str:
        """What the parts of a text at the top resolve to: the driver only runs when something recurses.

        ``nesting`` bounds how deep placeholders nest in the text (its count of ``${``): when
        that is small, :meth:`_direct` resolves it with plain calls (see there).
        """
        if nesting <= self._direct_nesting:
            return self._direct(parts, steps, 1)
        part = parts[0]
        if steps is None and len(parts) == 1 and type(part) is Placeholder and part.simple and not part.whole:
            # Just ``${name}``: its value is name's, with no generator (see _run).
            name = part.name[0].text
            value = self._value_of(name, None)
            if type(value) is _Pending:
                return self._drive(None, value)
            if value is None:
                value = self._unresolvable(name, part.text)  # lenient: ${name}
            if len(value) > self.limits.max_length:
                self._check_length(len(value))
            return value
        walk = self._parts(parts, steps)
        try:
            request = walk.send(None)
        except StopIteration as stop:  # memoised and plain values only: no level to recurse into
            return stop.value
        return self._drive(walk, request)

    # -- the driver -----------------------------------------------------------

    def _drive(self, generator: Generator | None, request: _Pending | _Call, depth: int = 1) -> Any:
        """Run ``generator`` and every generator it asks for on an explicit stack.

        A generator yields a :class:`_Pending` (a found value to resolve, one level of
        Spring's recursion) or a :class:`_Call` (a placeholder's name or default).  The
        driver does the bookkeeping of a :class:`_Pending` level itself, on entry and
        exit, and resolves a level that is just ``${name}`` without a generator.
        ``request`` is what ``generator`` has asked for already (None: the caller asks
        for it, and gets its value back).  ``depth`` is how many levels the caller stands for
        (see :meth:`_direct`): the limit on depth counts them too.
        """
        stack = [generator]
        levels: list[_Pending | None] = [None]  # what each generator on the stack resolves
        max_depth = self.limits.max_depth - (depth - 1)
        in_progress = self._in_progress
        try:
            return self._run(stack, levels, request, max_depth, in_progress)
        except BaseException:
            # Anything but a _Failure (a lookup's own error, KeyboardInterrupt) leaves the
            # walk midway: the names it was resolving are not in progress any more.
            for level in levels:
                if level is not None:
                    in_progress.pop(level.name, None)
            raise

    def _run(
        self, stack: list, levels: list, request: Any, max_depth: int, in_progress: dict[str, Found]
    ) -> Any:
        sent: Any = None
        error: _Failure | None = None
        memo, texts, walk = self._memo, self._texts, self._parts
        while True:
            # Act on the request of the generator on top of the stack ...
            while True:
                if len(stack) >= max_depth:
                    error = self._too_deep()
                    if type(request) is _Pending:  # as if its level had started and failed at once
                        error = error.wrapped(_quoted_value(request.name, request.found), request.name,
                                              request.found.origin)
                    break
                if type(request) is not _Pending:
                    stack.append(request.generator)
                    levels.append(None)
                    sent = None
                    break
                in_progress[request.name] = request.found
                levels.append(request)
                parts = request.parts
                part = parts[0]
                if not (len(parts) == 1 and type(part) is Placeholder and part.simple and not part.whole
                        and request.children is None):
                    stack.append(walk(parts, request.children))
                    sent = None
                    break
                # A value that is just ``${name}`` (a chain's every level) is resolved here, with no
                # generator: its value is that of ``name``.  None stands for it on the stack.
                stack.append(None)
                name = part.name[0].text
                try:
                    value = self._value_of(name, None)
                    if type(value) is _Pending:
                        request = value
                        continue
                    if value is None:
                        value = self._unresolvable(name, part.text)  # lenient: ${name}
                    if len(value) > self.limits.max_length:
                        self._check_length(len(value))
                except _Failure as failure:
                    error = failure
                    break
                sent = value
                break
            # ... then hand the result (or failure) down the stack until a generator asks for something.
            while True:
                current = stack[-1]
                if current is not None:
                    try:
                        if error is not None:
                            pending, error = error, None
                            request = current.throw(pending)
                        else:
                            request = current.send(sent)
                        break
                    except StopIteration as stop:
                        sent = stop.value
                    except _Failure as failure:
                        # The traceback would only grow with each level and keep its frames alive.
                        failure.__traceback__ = None
                        error = failure
                stack.pop()
                level = levels.pop()
                if level is not None:
                    del in_progress[level.name]
                    if error is not None:
                        error = self._failed(level, error)
                    else:
                        if level.children is not None:
                            level.step.in_value.extend(level.children)
                        elif self._random_reads == level.random_reads:
                            texts[level.found.value] = sent
                        memo[level.name] = (sent, level.children)
                if not stack:
                    if error is not None:
                        raise error
                    return sent

    def _failed(self, level: _Pending, failure: _Failure) -> _Failure:
        failure = failure.wrapped(_quoted_value(level.name, level.found), level.name, level.found.origin)
        self._remember(level.name, failure)
        return failure

    # -- the walk (generators run by the driver) ------------------------------

    def _parts(self, parts, steps: list[Step] | None):
        """Resolve and concatenate ``parts`` (Spring's ParsedValue).

        Text and simple placeholders (``${name}``, ``${name:default}``) are handled
        inline: only a found value that must itself be resolved is yielded to the
        driver, so a chain costs one generator per level.
        """
        out: list[str] = []
        for part in parts:
            if type(part) is Text:
                out.append(part.text)
                continue
            step = None
            if steps is not None:
                step = Step(part.raw)
                steps.append(step)
            if part.simple:
                name = part.name[0].text
                value = None
                if part.whole:  # Spring 6.2.2+: a simple placeholder is first asked for as a whole
                    value = self._value_of(part.text, step)
                    if type(value) is _Pending:
                        value = yield value
                if value is None:
                    value = self._value_of(name, step)
                    if type(value) is _Pending:
                        value = yield value
                if value is None:
                    if part.default is not None:
                        if step is not None:
                            step.used_default = True
                        value = part.default[0].text
                    else:
                        value = self._unresolvable(name, part.text)
            else:
                value = yield from self._placeholder(part, step)
            if step is not None:
                step.value = value
            out.append(value)
        if len(out) == 1:
            value = out[0]
            if len(value) > self.limits.max_length:
                self._check_length(len(value))
            return value
        # Measured before joining: a refused value is never built.
        self._check_length(sum(map(len, out)))
        return "".join(out)

    def _placeholder(self, part: Placeholder, step: Step | None):
        """A placeholder with ``${`` in its text: the name and the default are resolved first as needed."""
        if len(part.name) == 1 and type(part.name[0]) is Text:  # ${NAME:${...}}: no generator for the name
            name = self._text(part.name[0].text)
        else:
            name = yield _Call(self._parts(part.name, step.in_name if step is not None else None))
        value = self._value_of(name, step)
        if type(value) is _Pending:
            value = yield value
        if value is not None:
            return value
        default = part.default
        if default is not None:
            if step is not None:
                step.used_default = True
            if len(default) == 1 and type(default[0]) is Text:
                return self._text(default[0].text)
            return (yield _Call(self._parts(default, step.in_default if step is not None else None)))
        return self._unresolvable(name, part.text)

    # -- the same walk with plain calls, for a text at the top ------------------

    def _direct(self, parts, steps: list[Step] | None, depth: int):
        """What ``_parts(parts, steps)`` gives when the driver runs it at stack depth ``depth``.

        The generators and the driver exist so that recursion without bound needs no Python
        recursion; but a text at the top whose placeholders nest only a few levels deep (the
        usual ``${ENV:${other.key:default}}``) can only recurse that far by itself, so here a
        name or default with ``${`` is a plain call, one frame per nesting level.  A found value
        that must be resolved (which can recurse without bound) still goes to the driver, told
        the depth it would have been met at, so limits, errors, memos and traces are the same.
        Lines correspond one to one with ``_parts`` and ``_placeholder``: keep them in step.
        """
        out: list[str] = []
        for part in parts:
            if type(part) is Text:
                out.append(part.text)
                continue
            step = None
            if steps is not None:
                step = Step(part.raw)
                steps.append(step)
            if part.simple:
                name = part.name[0].text
                value = None
                if part.whole:
                    value = self._value_of(part.text, step)
                    if type(value) is _Pending:
                        value = self._drive(None, value, depth)
                if value is None:
                    value = self._value_of(name, step)
                    if type(value) is _Pending:
                        value = self._drive(None, value, depth)
                if value is None:
                    if part.default is not None:
                        if step is not None:
                            step.used_default = True
                        value = part.default[0].text
                    else:
                        value = self._unresolvable(name, part.text)
            else:
                value = self._direct_placeholder(part, step, depth)
            if step is not None:
                step.value = value
            out.append(value)
        if len(out) == 1:
            value = out[0]
            if len(value) > self.limits.max_length:
                self._check_length(len(value))
            return value
        self._check_length(sum(map(len, out)))
        return "".join(out)

    def _direct_placeholder(self, part: Placeholder, step: Step | None, depth: int) -> str:
        """``_placeholder`` with plain calls (see :meth:`_direct`)."""
        if len(part.name) == 1 and type(part.name[0]) is Text:
            name = part.name[0].text
            if len(name) > self.limits.max_length:
                self._check_length(len(name))
        else:  # a name with ${ in it: what the driver runs as a _Call, a level deeper
            if depth >= self.limits.max_depth:
                raise self._too_deep()
            name = self._direct(part.name, step.in_name if step is not None else None, depth + 1)
        value = self._value_of(name, step)
        if type(value) is _Pending:
            value = self._drive(None, value, depth)
        if value is not None:
            return value
        default = part.default
        if default is not None:
            if step is not None:
                step.used_default = True
            if len(default) == 1 and type(default[0]) is Text:
                return self._text(default[0].text)
            if depth >= self.limits.max_depth:
                raise self._too_deep()
            return self._direct(default, step.in_default if step is not None else None, depth + 1)
        return self._unresolvable(name, part.text)

    def _too_deep(self) -> _Failure:
        return _limit("depth", f"Placeholder references nested deeper than {self.limits.max_depth:,} levels")

    def _check_length(self, length: int) -> None:
        if length > self.limits.max_length:
            raise _limit(
                "length",
                f"Resolved value would be {length:,} characters long, "
                f"more than the limit of {self.limits.max_length:,}",
            )

    def _text(self, text: str) -> str:
        """What ``_parts`` makes of a single part (a placeholder's name or default without ``${``)."""
        if len(text) > self.limits.max_length:
            self._check_length(len(text))
        return text

    def _unresolvable(self, name: str, text: str) -> str:
        if self.lenient:
            return PREFIX + name + SUFFIX
        # Spring quotes the raw placeholder when the name differs from its text.
        values = _EMPTY if name == text else _EMPTY.add(_Quoted(PREFIX + text + SUFFIX, ()))
        raise _Failure(
            _UNRESOLVABLE,
            f"Could not resolve placeholder '{clip(name)}'",
            name,
            values,
            _EMPTY,
            # Only the levels it passes on the way out keep it (see _remember): at the top there are none.
            _FailureEvent(self._in_progress) if self._in_progress else None,
        )

    def _value_of(self, name: str, step: Step | None) -> str | _Pending | None:
        """Spring's resolveRecursively, up to the recursion: look ``name`` up and return its value,
        None when nothing is found, or a :class:`_Pending` when the value found must be resolved
        (which the caller yields to the driver)."""
        if step is not None:
            step.tried.append(name)
        memo = self._memo.get(name)
        if memo is not None:
            if step is not None:
                step.in_value.extend(memo[1] or ())
                step.found = self._lookup(name)
            return memo[0]
        if name in self._in_progress:  # Spring flags a name as visited once it is found
            if step is not None:
                step.found = self._lookup(name)
            raise self._circular(name)
        cycle = self._cycles.get(name)
        if cycle is not None and not cycle[0].touches(self._in_progress):
            failure = cycle[0].failure(cycle[1])
            if self._in_progress:  # for the levels it passes on the way out (see _remember)
                failure.event = _FailureEvent(self._in_progress)
            raise failure
        failure = self._failures.get(name)
        if failure is not None and self._reusable(*failure):
            raise failure[0].copy()
        self._lookups += 1
        if self._lookups > self.limits.max_lookups:
            raise _limit("lookups", f"Resolution needed more than {self.limits.max_lookups:,} lookups")
        found = self._lookup(name)
        if found is None:
            return None
        if found.origin.kind is OriginKind.RANDOM:
            self._random_reads += 1
        if step is not None:
            step.found = found
        raw = found.value
        if PREFIX not in raw:
            return raw
        if step is None:
            # The same text, resolved before for another key or at the top: resolution depends
            # on nothing else, and a text that resolved never met this name (or it would have failed).
            value = self._texts.get(raw)
            if value is not None:
                self._memo[name] = (value, None)
                return value
        parts = parse(raw, self.escape)
        if len(parts) < 2 and (not parts or type(parts[0]) is Text):  # only escaped placeholders
            return parts[0].text if parts else ""
        return _Pending(name, found, parts, step, self._random_reads)

    def _circular(self, name: str) -> _Failure:
        """``name`` is met again while in progress: a cycle, from it to the innermost name."""
        event = _FailureEvent(self._in_progress)
        members = list(self._in_progress.items())[event.index[name]:]
        cycle = _Cycle(members)
        for position, member in enumerate(cycle.names):
            self._cycles[member] = (cycle, position)
        return _Failure(_CIRCULAR, f"Circular placeholder reference '{clip(name)}'", name, event=event)

    def _remember(self, name: str, failure: _Failure) -> None:
        """Keep ``name``'s failure for reuse when its outcome cannot depend on what is in progress.

        It depends only on the names the walk from ``name`` passed (those deeper than
        ``name`` when it failed, and the cycle it met, if derived from one).  A cycle
        error is kept only where the name met again is ``name`` itself or deeper: for
        the cycle's other members the outcome is a different one (see :class:`_Cycle`).
        """
        event = failure.event
        if event is None:
            return
        position = event.index.get(name, -1)
        if failure.kind == _UNRESOLVABLE or (
            failure.kind == _CIRCULAR
            and (failure.cycle is not None or event.index.get(failure.placeholder, -1) >= position)
        ):
            self._failures[name] = (failure, position)

    def _reusable(self, failure: _Failure, position: int) -> bool:
        index = failure.event.index
        if not all(index.get(name, -1) <= position for name in self._in_progress):
            return False
        return failure.cycle is None or not failure.cycle.touches(self._in_progress)

    # -- errors ---------------------------------------------------------------

    def _public_error(self, failure: _Failure, key: str | None, origin: Origin | None) -> PlaceholderError:
        # Only the values shown are masked: a chain can be thousands deep.
        texts = [
            value.texts() if type(value) is _Quoted else (str(value),) * 2 for value in failure.values.view(_Gap)
        ]
        values = [masked for masked, _ in texts]
        message = failure.reason
        if values:
            message += " in value " + " <-- ".join([shown for _, shown in texts])
        names = failure.names.view(lambda hidden: (str(_Gap(hidden)), None))
        refs = ([key] if key is not None else []) + [name for name, _ in reversed(names)]
        kwargs: dict[str, Any] = dict(values=values, key=key, origin=origin)
        if failure.kind == _LIMIT:
            return ResolutionLimitError(
                message,
                limit=failure.placeholder,
                maximum=getattr(self.limits, f"max_{failure.placeholder}"),
                placeholder="",
                refs=refs,
                hint="simplify the references (a value that doubles at each level grows exponentially)",
                **kwargs,
            )
        refs.append(failure.placeholder)
        if failure.kind == _UNRESOLVABLE:
            return UnresolvablePlaceholderError(
                message, placeholder=failure.placeholder, refs=refs, hint=_unresolvable_hint(failure.placeholder), **kwargs
            )
        if len(set(refs)) == 1:
            name = clip(failure.placeholder)
            # The example suggests the environment variable Spring would map the key to.
            example = "${PORT:8080}" if name.endswith("port") else "${" + re.sub(r"[.\-\[\]]+", "_", name).upper() + ":...}"
            hint = (f"{name} refers to itself, which Spring rejects even with a default; give it a value, or take "
                    f"it from another name, e.g. {example}")
        else:
            hint = "break the cycle: one of these keys must get its value from elsewhere"
        return CircularPlaceholderError(message, placeholder=failure.placeholder, refs=refs, hint=hint, **kwargs)


class _Quoted:
    """A value an error will quote, and the names that hold it; masked only if it is shown."""

    __slots__ = ("raw", "names", "_texts")

    def __init__(self, raw: str, names: tuple[str | None, ...]) -> None:
        self.raw = raw
        self.names = names
        self._texts: tuple[str, str] | None = None

    def texts(self) -> tuple[str, str]:
        """The value masked, and as a message shows it (masked, clipped, quoted).

        Kept once made: a cycle's values are shared by the errors of all its keys.
        """
        if self._texts is None:
            masked = _shown(self.raw, *self.names)
            self._texts = (masked, f'"{clip(masked)}"')
        return self._texts


def _quoted_value(name: str, found: Found) -> _Quoted:
    """The value found for ``name``, as an error quotes it, with every name that can make it a secret."""
    names = (name, found.name, found.source_name)
    if found.origin.kind is OriginKind.ENVIRONMENT:
        names += (found.origin.name,)
    return _Quoted(found.value, names)


def _shown(raw: str, *names: str | None) -> str:
    """``raw`` as an error may quote it: errors reach logs, so secrets in it are masked (see masking.mask_raw)."""
    from .masking import mask_raw  # masking imports this module

    # Each name once: a file's key usually names its value three times over (key, found name, source name).
    return mask_raw(list(dict.fromkeys(name for name in names if name)), raw)


def _unresolvable_hint(name: str) -> str:
    name = clip(name)
    if name and name.replace("_", "").isalnum() and name.upper() == name:
        return f"set the environment variable {name}, or give the placeholder a default: ${{{name}:value}}"
    if name:
        return f"define '{name}' (in a file, or as an environment variable), or give the placeholder a default"
    return "an empty placeholder ${} names nothing; remove it or name a key"
