"""Read a YAML file the way Spring Boot's ``OriginTrackedYamlLoader`` does.

Boot parses with SnakeYAML 2.x (YAML 1.1 typing, minus timestamps), builds Java
objects and flattens each document with Spring's ``YamlProcessor``.  We compose
PyYAML node trees (never Python objects, so no tag can run code), type scalars
with SnakeYAML's rules through our own resolver, print them as Java's
``toString`` would, and flatten without recursion.
"""

from __future__ import annotations

import gc
import math
import re
from collections.abc import Callable

import yaml
from yaml.events import CollectionEndEvent, CollectionStartEvent, ScalarEvent
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from ._records import replace
from .errors import SourceError
from .model import Document, Entry, Origin, OriginKind, SourceFile

TYPE_CHECKING = False  # typing itself costs ~2 ms at start-up
if TYPE_CHECKING:
    from typing import Any

#: SnakeYAML's ``LoaderOptions.nestingDepthLimit``, which Boot keeps: a node below more
#: collections fails there ("Nesting Depth exceeded max 50"), so here too.  Checking it
#: before composing also keeps PyYAML's recursive composers safe (libyaml's one
#: overflows the C stack near 100,000 levels and kills the process).
MAX_NESTING_DEPTH = 50
#: Alias guard.  Boot allows unlimited aliases and hangs on a "billion laughs" file; we
#: refuse a document whose flattening would visit more than MAX_EXPANDED_NODES nodes,
#: aliases expanded, AND more than MAX_EXPANSION_RATIO times its distinct nodes.
MAX_EXPANDED_NODES = 100_000
MAX_EXPANSION_RATIO = 100

_T = "tag:yaml.org,2002:"
_MAP, _SET, _MERGE = _T + "map", _T + "set", _T + "merge"
# SnakeYAML 2.x Resolver patterns in its order (INT before FLOAT).  Its first-character
# dispatch only drops the " " alternative of NULL, which a plain scalar never is.
_IMPLICIT = [(_T + tag, pattern) for tag, pattern in (
    ("bool", r"yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF"),
    ("int", r"[-+]?0b_*[0-1]+[0-1_]*|[-+]?0_*[0-7]+[0-7_]*|[-+]?(?:0|[1-9][0-9_]*)"
            r"|[-+]?0x_*[0-9a-fA-F]+[0-9a-fA-F_]*|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+"),
    ("float", r"[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+]?[0-9]+)?|[-+]?(?:[0-9][0-9_]*)(?:[eE][-+]?[0-9]+)"
              r"|[-+]?\.[0-9_]+(?:[eE][-+]?[0-9]+)?|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*"
              r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)"),
    ("merge", r"<<"),
    ("null", r"~|null|Null|NULL|"),
)]
_KNOWN_TAGS = {
    ScalarNode: {_T + t for t in ("str", "int", "float", "bool", "null", "binary", "timestamp", "merge")},
    SequenceNode: {_T + "seq"},
    MappingNode: {_MAP, _SET},
}
_BOOLS = {"true": "true", "yes": "true", "on": "true", "false": "false", "no": "false", "off": "false"}
_DIGITS = {2: "[01]+", 8: "[0-7]+", 10: "[0-9]+", 16: "[0-9a-fA-F]+"}
_LONG = r"[-+]?[0-9]{1,19}"
_JAVA_DOUBLE = r"[-+]?(?:NaN|Infinity|(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?[fFdD]?)"
_LINE_BREAK = "\r\n|[\r\n\x85\u2028\u2029]"
_COMPILED: dict[str, re.Pattern[str]] = {}


def _regex(pattern: str) -> re.Pattern[str]:
    """``pattern`` compiled on first use: compiling this module's patterns at import cost ~1.3 ms of every
    start, and most files need few of them (a key starting with a letter other than y/n/t/f/o needs none)."""
    compiled = _COMPILED.get(pattern)
    if compiled is None:
        compiled = _COMPILED[pattern] = re.compile(pattern)
    return compiled
# The BOMs SnakeYAML's UnicodeReader knows; it would misread UTF-32 as UTF-16 and fail.
_BOMS = ((b"\x00\x00\xfe\xff", None), (b"\xff\xfe\x00\x00", None), (b"\xef\xbb\xbf", "utf-8"),
         (b"\xfe\xff", "utf-16-be"), (b"\xff\xfe", "utf-16-le"))
# (start of PyYAML's problem text, hint); the first match wins.
_HINTS = (
    ("mapping values are not allowed", "quote a value that contains ': ', e.g. \"${PORT: 8080}\", "
                                       "or drop the space after a placeholder's colon (${PORT:8080})"),
    ("found unknown escape character", r"in double quotes write \\${x}, or use single quotes: '\${x}'"),
    ("found character '@'", "quote the value: YAML reserves @ (an unfiltered @token@ must be quoted)"),
    ("found character '\\t'", "indent with spaces: YAML does not allow tabs there"),
    ("", "Spring Boot cannot parse this file either"),
)


class _Problem(Exception):
    """A load failure at a 0-based mark; ``load_yaml`` adds the file and makes it 1-based."""

    def __init__(self, reason: str, mark: object, hint: str) -> None:
        super().__init__(reason)
        self.reason, self.mark, self.hint = reason, mark, hint


#: SnakeYAML's own dispatch: the implicit patterns a plain scalar's first character allows, in order.
#: (Read off the patterns above; tests check the table against the full cascade.)
_FIRST_CHARS = {"bool": "yYnNtTfFoO", "int": "-+0123456789", "float": "-+0123456789.", "merge": "<", "null": "~nN"}
_IMPLICIT_BY_FIRST = {
    char: [(tag, pattern) for tag, pattern in _IMPLICIT if char in _FIRST_CHARS[tag[len(_T):]]]
    for char in map(chr, range(128))
}
_STR, _SEQ = _T + "str", _T + "seq"
_QUOTES = ("'", '"')
_DEFAULT_TAGS = {ScalarNode: _STR, SequenceNode: _SEQ, MappingNode: _MAP}


class _SnakeResolver(yaml.resolver.BaseResolver):
    """SnakeYAML 2.x implicit typing as Boot configures it (timestamps stay strings)."""

    def resolve(self, kind: type, value: str | None, implicit: tuple[bool, bool]) -> str:
        if kind is ScalarNode and implicit[0]:  # only plain scalars are typed implicitly
            if not value:
                return _T + "null"
            candidates = _IMPLICIT_BY_FIRST.get(value[0])
            if candidates is None:  # not ASCII: no implicit pattern starts with it
                return _STR
            for tag, pattern in candidates:
                if _regex(pattern).fullmatch(value):
                    return tag
            return _STR
        if self.yaml_path_resolvers:
            return super().resolve(kind, value, (False, False))
        return _DEFAULT_TAGS[kind]


class _PyLoader(yaml.reader.Reader, yaml.scanner.Scanner, yaml.parser.Parser, yaml.composer.Composer,
                _SnakeResolver):
    def __init__(self, stream: str) -> None:
        yaml.reader.Reader.__init__(self, stream)
        yaml.scanner.Scanner.__init__(self)
        yaml.parser.Parser.__init__(self)
        yaml.composer.Composer.__init__(self)
        _SnakeResolver.__init__(self)


try:  # libyaml calls self.resolve() in Python, so our resolver works with it too
    from yaml.cyaml import CParser

    class _CLoader(CParser, _SnakeResolver):
        def __init__(self, stream: str) -> None:
            CParser.__init__(self, stream)
            _SnakeResolver.__init__(self)

    _LOADER: type = _CLoader
except ImportError:  # PyYAML built without libyaml
    _LOADER = _PyLoader


def load_yaml(data: bytes, path: str) -> SourceFile:
    """Parse one YAML file into Boot's flattened documents; every failure is a SourceError."""
    # A node tree is all small objects and no garbage: the cyclic collector would only rescan
    # them again and again (two thirds of the time on large files), so it waits until the end.
    collecting = gc.isenabled()
    gc.disable()
    try:
        text, encoding, bom = _decode(data)
        documents: list[Document] = []
        for root in _compose(text):
            if not (isinstance(root, ScalarNode) and _scalar(root) in (("null", ""), ("str", ""))):
                documents.append(_Document(root, len(documents), path).flatten())  # Boot skips null and ""
        if "\\u" in text or "\\U" in text:  # only a double-quoted escape can make a surrogate
            documents = [_pair_surrogates(document) for document in documents]
    except _Problem as problem:
        line, column = (problem.mark.line + 1, problem.mark.column + 1) if problem.mark else (None, None)
        raise SourceError(problem.reason, file=path, line=line, column=column, hint=problem.hint) from None
    except RecursionError:  # the depth check should make this impossible; never let it escape
        raise SourceError(f"nesting deeper than {MAX_NESTING_DEPTH} levels", file=path) from None
    finally:
        if collecting:
            gc.enable()
    return SourceFile(path, "yaml", tuple(documents), duplicates=(), encoding=encoding, bom=bom)


#: Collections of at least this many children take the shortcuts for string leaves (in _post_order,
#: _check_depth_nodes, _merged_pairs and flatten); 0 turns every shortcut off (tests prove both agree).
_BULK = 9

_SURROGATE = "[\ud800-\udfff]"


def _pair_surrogates(document: Document) -> Document:
    """Escaped UTF-16 halves (``"\\ud83d\\ude00"``) joined into their character, as Java's string holds them.

    PyYAML leaves each ``\\u`` half a lone surrogate; a half left without its partner is an error,
    as in ``.properties`` files (a str holding one cannot be printed or encoded).
    """
    entries = list(document.entries)
    changed = False
    for index, entry in enumerate(entries):
        if _regex(_SURROGATE).search(entry.key) is None and _regex(_SURROGATE).search(entry.value) is None:
            continue
        key, value = (text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "surrogatepass")
                      for text in (entry.key, entry.value))
        lone = _regex(_SURROGATE).search(key) or _regex(_SURROGATE).search(value)
        if lone is not None:
            mark = yaml.Mark("", 0, entry.origin.line - 1, entry.origin.column - 1, None, None)
            raise _Problem(f"unpaired surrogate \\u{ord(lone.group()):04X} in a \\u escape", mark,
                           "a \\uD800-\\uDBFF escape must be followed directly by a \\uDC00-\\uDFFF escape; "
                           "write the character itself or escape both halves")
        entries[index] = replace(entry, key=key, value=value)
        changed = True
    return replace(document, entries=tuple(entries)) if changed else document


def _decode(data: bytes) -> tuple[str, str, bool]:
    encoding, skip = "utf-8", 0
    for bom, name in _BOMS:
        if data.startswith(bom):
            if name is None:
                raise _Problem("UTF-32 is not supported", _mark_at(""), "Spring Boot reads YAML as UTF-8 or UTF-16")
            encoding, skip = name, len(bom)
            break
    try:
        return data[skip:].decode(encoding), encoding, encoding == "utf-8" and skip > 0
    except UnicodeDecodeError as error:
        prefix = data[skip:skip + error.start].decode(encoding, errors="replace")
        raise _Problem(f"invalid {encoding.upper()} byte sequence", _mark_at(prefix),
                       f"save the file as {encoding.upper()}; Spring Boot fails on it too") from None


def _mark_at(prefix: str) -> yaml.Mark:
    """The 0-based mark just after ``prefix``, counting line breaks as YAML does."""
    lines = _regex(_LINE_BREAK).split(prefix)
    return yaml.Mark("", len(prefix), len(lines) - 1, len(lines[-1]), None, None)


def _compose(text: str) -> list[Node]:
    loader = _LOADER
    try:
        try:
            return _compose_with(loader, text)
        except yaml.YAMLError:
            if loader is _PyLoader:
                raise
            # libyaml refuses a few texts PyYAML takes, and its messages do not name the
            # character: let the pure parser decide, so both builds say the same.
            return _compose_with(_PyLoader, text)
    except yaml.YAMLError as error:
        raise _syntax_problem(error, text) from None


#: Texts that cannot nest deeper than this are composed directly and their depth checked on the
#: nodes; others get the event pass first (libyaml's composer recurses in C).
_SAFE_DEPTH = 10_000
_BLOCK_INDICATOR = r"[-?](?!\S)"


def _nesting_bound(text: str) -> int:
    """An upper bound on how deep ``text`` can nest collections before the parser stops.

    Block levels need a ``-`` or ``?`` indicator or more indentation than their parent; flow
    levels need a bracket (a ``{`` right after ``$`` is a placeholder: as a flow mapping there it
    would be a syntax error).
    """
    if len(text) < _SAFE_DEPTH:
        return len(text)
    flow = 2 * text.count("[") + text.count("{") - text.count("${")
    # Split at "\n" alone the lines are as long or longer than YAML's: still a bound, found faster.
    # (A file whose lines end in a lone "\r" would be one line: its own breaks are used then.)
    lines = text.split("\n") if "\n" in text or "\r" not in text else _regex(_LINE_BREAK).split(text)
    return flow + len(_regex(_BLOCK_INDICATOR).findall(text)) + max(map(len, lines)) + 2


def _compose_with(loader: type, text: str) -> list[Node]:
    if _nesting_bound(text) >= _SAFE_DEPTH:
        _check_depth_events(loader, text)
        return list(yaml.compose_all(text, Loader=loader))
    try:
        roots = list(yaml.compose_all(text, Loader=loader))
    except (yaml.YAMLError, RecursionError):
        _check_depth_events(loader, text)  # a too-deep node before the error is what is reported, as before
        raise
    _check_depth_nodes(roots)
    return roots


def _too_deep(mark: object) -> _Problem:
    return _Problem(f"nesting deeper than {MAX_NESTING_DEPTH} levels", mark,
                    f"Spring Boot refuses it too (Nesting Depth exceeded max {MAX_NESTING_DEPTH})")


def _check_depth_nodes(roots: list[Node]) -> None:
    """The event check on composed nodes: each node once, in document order, at its depth."""
    seen: set[int] = set()
    #: The items of collections shallow enough that their scalars cannot fail: those scalars are not
    #: walked, only remembered as met (an alias to one, met deeper later, has no event either).  An
    #: alias comes after its anchor, so remembering them early is remembering them in time.
    met: set[int] = set()
    for root in roots:
        stack = [(root, 0)]
        while stack:
            node, depth = stack.pop()
            if id(node) in seen or (type(node) is ScalarNode and id(node) in met):  # an alias: no event of its own
                continue
            seen.add(id(node))
            if depth > MAX_NESTING_DEPTH:
                raise _too_deep(node.start_mark)
            if type(node) is ScalarNode:
                continue
            items = node.value if type(node) is SequenceNode else [item for pair in node.value for item in pair]
            if depth + 1 <= MAX_NESTING_DEPTH and _BULK:
                met.update(map(id, items))
                items = [item for item in items if type(item) is not ScalarNode]
            stack.extend((item, depth + 1) for item in reversed(items))


def _check_depth_events(loader: type, text: str) -> None:
    depth = 0
    for event in yaml.parse(text, Loader=loader):  # the parsers loop; only the composers recurse
        if isinstance(event, (ScalarEvent, CollectionStartEvent)):
            if depth > MAX_NESTING_DEPTH:
                raise _Problem(f"nesting deeper than {MAX_NESTING_DEPTH} levels", event.start_mark,
                               f"Spring Boot refuses it too (Nesting Depth exceeded max {MAX_NESTING_DEPTH})")
            depth += isinstance(event, CollectionStartEvent)
        elif isinstance(event, CollectionEndEvent):
            depth -= 1


def _syntax_problem(error: yaml.YAMLError, text: str) -> _Problem:
    if isinstance(error, yaml.reader.ReaderError):
        return _Problem(f"unacceptable character #x{error.character:04x}: {error.reason}",
                        _mark_at(text[:error.position]), "remove the control character")
    mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
    reason = getattr(error, "problem", None) or getattr(error, "context", None) or str(error)
    if str(getattr(error, "context", "")).startswith("found duplicate anchor"):  # SnakeYAML: the later one wins
        return _Problem(f"{error.context} at line {error.context_mark.line + 1}, {reason} here", mark,
                        "rename one of the anchors (Spring Boot would silently use the later one)")
    return _Problem(reason, mark, next(hint for start, hint in _HINTS if reason.startswith(start)))


def _short(tag: str) -> str:
    return "!!" + tag[len(_T):] if tag.startswith(_T) else tag


def _scalar(node: ScalarNode) -> tuple[str, str]:
    """(type, Java toString) of the object SnakeYAML's SafeConstructor builds."""
    kind, text = node.tag.removeprefix(_T), node.value
    try:
        if kind in ("str", "binary", "timestamp"):  # binary/timestamp: their text, not byte[]/Date
            return kind, text
        if kind == "null" or (kind == "bool" and text.lower() not in _BOOLS):
            return "null", ""
        if kind == "bool":
            return kind, _BOOLS[text.lower()]
        if kind == "int":
            return kind, _int_text(text)
        if kind == "float":
            return kind, _java_double(_float_value(text))
    except ValueError:
        raise _Problem(f"invalid {_short(node.tag)} value {text!r}", node.start_mark,
                       "remove the tag or fix the value; Spring Boot fails on it too") from None
    raise _Problem(f"unsupported YAML tag {_short(node.tag)}", node.start_mark, "quote '<<' when it is text")


def _split_sign(value: str) -> tuple[bool, str]:
    if not value:
        raise ValueError("empty number")
    return value[0] == "-", value[1:] if value[0] in "+-" else value


def _int32(number: int) -> int:
    return (number + 2**31) % 2**32 - 2**31


def _base60(value: str, parse: Callable[[str], Any], wrap: Callable[[Any], Any]) -> Any:
    """SnakeYAML sums base-60 parts in a Java int (ints) or double with an int scale."""
    total, scale = 0, 1
    for part in reversed(value.rstrip(":").split(":")):  # Java's split drops trailing empties
        total, scale = wrap(total + parse(part) * scale), _int32(scale * 60)
    return total


def _long(part: str) -> int:
    if not _regex(_LONG).fullmatch(part) or not -2**63 <= int(part) < 2**63:  # Long.parseLong
        raise ValueError(part)
    return int(part)


def _int_text(text: str) -> str:
    """SnakeYAML's ConstructYamlInt, printed as the Integer/Long/BigInteger it builds."""
    negative, value = _split_sign(text.replace("_", ""))
    if value == "0":
        return "0"
    for prefix, base in (("0b", 2), ("0x", 16), ("0", 8)):
        if value.startswith(prefix):
            if not _regex(_DIGITS[base]).fullmatch(value[len(prefix):]):
                raise ValueError(text)
            number = int(value[len(prefix):], base)
            return str(-number if negative else number)
    if ":" in value:
        number = int(_base60(value, _long, _int32))
        if negative and number < 0:  # wrapped around: Java would then parse "--n" and fail
            raise ValueError(text)
        return str(-number if negative else number)
    if not _regex(_DIGITS[10]).fullmatch(value):
        raise ValueError(text)
    return ("-" if negative else "") + value  # already canonical: no int() of a huge number


def _float_value(text: str) -> float:
    """SnakeYAML's ConstructYamlFloat."""
    negative, value = _split_sign(text.replace("_", ""))
    sign = -1.0 if negative else 1.0
    if value.lower() in (".inf", ".nan"):
        return sign * math.inf if value.lower() == ".inf" else math.nan
    return sign * (_base60(value, _parse_double, float) if ":" in value else _parse_double(value))


def _parse_double(text: str) -> float:
    text = text.strip("".join(map(chr, range(33))))  # Double.parseDouble trims chars <= ' '
    if not _regex(_JAVA_DOUBLE).fullmatch(text):
        raise ValueError(text)
    return float(text.rstrip("fFdD"))


def _java_double(number: float) -> str:
    """Java's Double.toString: shortest digits, plain from 1e-3 to 1e7, else d.dddE[-]n."""
    if math.isnan(number) or math.isinf(number):
        return "NaN" if math.isnan(number) else ("Infinity" if number > 0 else "-Infinity")
    if number == 0:
        return "-0.0" if math.copysign(1.0, number) < 0 else "0.0"
    from decimal import Decimal  # only for floats: ~1 ms of import that most files never need

    sign, parsed = "-" if number < 0 else "", Decimal(repr(abs(number))).as_tuple()
    digits = "".join(map(str, parsed.digits))
    exponent, digits = len(digits) + int(parsed.exponent) - 1, digits.rstrip("0")
    if len(digits) == 1:  # Java prints at least two digits: the closest pair (5e-324 -> 4.9E-324)
        pair = f"{Decimal(abs(number)):.1e}"
        if float(pair) == abs(number):
            digits, exponent = (pair[0] + pair[2]).rstrip("0"), int(pair[4:])
    if not -3 <= exponent < 7:
        return f"{sign}{digits[0]}.{digits[1:] or '0'}E{exponent}"
    if exponent < 0:
        return f"{sign}0.{'0' * (-exponent - 1)}{digits}"
    return f"{sign}{digits[:exponent + 1].ljust(exponent + 1, '0')}.{digits[exponent + 1:] or '0'}"


class _Document:
    """One document: its merged mappings, the alias budget, and Boot's flattened entries."""

    def __init__(self, root: Node, index: int, path: str) -> None:
        self.root, self.index, self.path = root, index, path
        order, self.shared = _post_order(root)
        self.distinct, self.work = len(order), 0
        self.limit = max(MAX_EXPANDED_NODES, MAX_EXPANSION_RATIO * self.distinct)
        self.pairs: dict[int, list[tuple[Node, Node]]] = {}
        for node in order:  # children first, so merge sources are ready (unless they contain us)
            if type(node) is MappingNode:
                self.pairs[id(node)] = self._merged_pairs(node)
        if not self.shared:
            # Without aliases every node is reached once: the walk is at most the distinct nodes.
            return
        sizes: dict[int, int] = {}
        for node in order:
            # A child not sized yet is an ancestor: a cycle, which flattening skips.
            sizes[id(node)] = 1 + sum(sizes.get(id(child), 0) for child in self._flat_children(node))
        if sizes[id(root)] > self.limit:  # counted with a memo, before anything is expanded
            raise self._alias_bomb()

    def _spend(self, work: int) -> None:
        self.work += work
        if self.work > self.limit:
            raise self._alias_bomb()

    def _alias_bomb(self) -> _Problem:
        return _Problem(f"aliases expand this document beyond {self.limit:,} nodes ({self.distinct:,} distinct)",
                        self.root.start_mark, 'refused as a likely alias bomb ("billion laughs")')

    def _merged_pairs(self, node: MappingNode) -> list[tuple[Node, Node]]:
        """SnakeYAML's flattenMapping: no duplicate keys; `<<` merges where own keys and earlier merges win."""
        names = []
        for key, _ in node.value:
            if key.tag != _STR or type(key) is not ScalarNode:
                break
            names.append(key.value)
        else:
            if _BULK and len(set(names)) == len(names):  # distinct string keys, no merge: the pairs as written
                return list(node.value)
        out: list[tuple[Node, Node]] = []
        position: dict[tuple[str, object], int] = {}
        own: dict[tuple[str, object], Node] = {}
        for key, value in node.value:
            tag = key.tag
            if tag == _STR and type(key) is ScalarNode:  # the common key: its text is its identity
                identity = ("str", key.value)
                if identity not in position:  # neither written nor merged before
                    own[identity] = key
                    position[identity] = len(out)
                    out.append((key, value))
                    continue
            if isinstance(key, ScalarNode) and tag == _MERGE:
                for source in _merge_sources(value):
                    merged = self.pairs.get(id(source), [])  # missing: a cycle back to an ancestor
                    self._spend(len(merged))  # chains of merges must not go quadratic unchecked
                    for pair in merged:
                        if position.setdefault(_identity(pair[0]), len(out)) == len(out):
                            out.append(pair)
                continue
            identity = _identity(key)
            if identity in own:
                first, again = own[identity].start_mark.line + 1, key.start_mark.line + 1
                raise _Problem(f"found duplicate key {_scalar(key)[1]} (first at line {first}, again at line {again})",
                               key.start_mark, "remove one of them; Spring Boot refuses duplicate keys")
            own[identity] = key
            if position.setdefault(identity, len(out)) == len(out):
                out.append((key, value))
            else:  # an explicit key overrides a merged one, in the merged one's place
                out[position[identity]] = (key, value)
        return out

    def _flat_children(self, node: Node) -> list[Node]:
        if isinstance(node, SequenceNode):
            return node.value
        if isinstance(node, MappingNode):  # a !!set becomes a Java Set of its keys
            return [key if node.tag == _SET else value for key, value in self.pairs[id(node)]]
        return []

    def _named(self, node: Node, raw: bool) -> list[tuple[str, Node, bool]]:
        """Children with the names Spring's YamlProcessor gives them (asMap, then buildFlattenedMap)."""
        if isinstance(node, SequenceNode) or node.tag == _SET:
            return [(f"[{i}]", child, True) for i, child in enumerate(self._flat_children(node))]
        named: dict[str, Node] = {}  # asMap: a later key with the same name replaces the earlier
        for key, value in self.pairs[id(node)]:
            name = key.value if key.tag == _STR and type(key) is ScalarNode else _key_name(key, raw)
            if name is not None:
                named[name] = value
        return [(name, value, raw) for name, value in named.items()]

    def flatten(self) -> Document:
        top = isinstance(self.root, MappingNode) and self.root.tag == _MAP and self.root.value
        stack: list[tuple] = [(None if top else "document", self.root, False)]  # (key, node, below a list)
        active: set[int] = set()
        entries: dict[str, Entry] = {}  # a flattened key seen again keeps its place, takes the new value
        path, index, shared, file = self.path, self.index, self.shared, OriginKind.FILE
        while stack:
            key, node, raw = stack.pop()
            if node is None:  # leaving a collection
                active.discard(key)
                continue
            if shared:
                self._spend(1)  # cycles can make the real walk longer than the sizes said
            if type(node) is ScalarNode or not node.value:
                mark = node.start_mark  # Boot's origin: the value node's start mark
                written = None
                if type(node) is not ScalarNode:
                    value = ""
                elif node.tag == _STR:
                    value = node.value
                    if node.style in _QUOTES:  # quoting decides the type: keep it for port-format
                        written = node.style + value + node.style
                else:
                    value = _scalar(node)[1]
                    if value != node.value:  # YAML 1.1 typing changed the text (010 -> 8)
                        written = node.value
                entries[key] = Entry(key, value, Origin(file, path, mark.line + 1, mark.column + 1), index, written)
            elif id(node) not in active:  # else a node inside itself: Boot recurses until its stack overflows
                active.add(id(node))
                stack.append((id(node), None, raw))
                children = self._named(node, raw)
                # The leading string leaves are read here, in order, as popping them one by one would
                # (most of a large file): the same entries, key names (_join) and alias budget.
                bare = not key or key.isspace()
                dotted = f"{key}." if not bare else ""
                at, count = 0, len(children) if _BULK else 0
                while at < count:
                    name, child, _ = children[at]
                    if type(child) is not ScalarNode or child.tag != _STR:
                        break
                    if shared:
                        self._spend(1)
                    mark = child.start_mark
                    value = child.value
                    written = child.style + value + child.style if child.style in _QUOTES else None
                    name = name if bare else f"{key}{name}" if name.startswith("[") else dotted + name
                    entries[name] = Entry(name, value, Origin(file, path, mark.line + 1, mark.column + 1), index,
                                          written)
                    at += 1
                stack.extend((_join(key, name), child, below) for name, child, below in reversed(children[at:]))
        return Document(self.index, tuple(entries.values()), self.root.start_mark.line + 1)


def _post_order(root: Node) -> tuple[list[Node], bool]:
    """Every distinct node once, children first; an ancestor met again (a cycle) is not re-entered.

    Also tells whether some node was met twice (an alias).
    """
    seen, order, shared = {id(root)}, [], False
    stack = [(root, _children(root), 0)]
    while stack:
        node, children, at = stack[-1]
        count = len(children)
        if at == 0 and _BULK and count >= _BULK and _all_new_strings(children, seen):
            # Only string leaves, none met before (most mappings of a large file): all at once.
            seen.update(map(id, children))
            order += children
            at = count
        while at < count:
            child = children[at]
            if id(child) in seen:
                shared = True
            elif child.tag == _STR and type(child) is ScalarNode:
                # A string leaf: entered and left at once, as the stack would do it.
                seen.add(id(child))
                order.append(child)
            else:
                break
            at += 1
        if at == count:
            order.append(node)
            stack.pop()
        else:
            child = children[at]
            stack[-1] = (node, children, at + 1)
            seen.add(id(child))
            stack.append((child, _children(child), 0))
    return order, shared


def _all_new_strings(children: list[Node], seen: set[int]) -> bool:
    """Every node of ``children`` is a string scalar, and each is met for the first time (not an alias)."""
    from operator import attrgetter

    if list(map(type, children)).count(ScalarNode) != len(children):
        return False
    if list(map(attrgetter("tag"), children)).count(_STR) != len(children):
        return False
    ids = set(map(id, children))
    return len(ids) == len(children) and seen.isdisjoint(ids)


def _children(node: Node) -> list[Node]:
    if node.tag == _STR and type(node) is ScalarNode:  # the common case, a string
        return []
    if node.tag not in _KNOWN_TAGS[type(node)]:
        misplaced = any(node.tag in tags for tags in _KNOWN_TAGS.values())
        where = f" on a {type(node).__name__[:-4].lower()}" if misplaced else ""
        raise _Problem(f"unsupported YAML tag {_short(node.tag)}{where}", node.start_mark,
                       "Spring Boot's safe loader refuses it too; remove the tag")
    if isinstance(node, MappingNode):
        from itertools import chain

        return list(chain.from_iterable(node.value))
    return node.value if isinstance(node, SequenceNode) else []


def _identity(key: Node) -> tuple[str, object]:
    # Java equality of the constructed keys: `yes` and `on` are both Boolean.TRUE.
    return _scalar(key) if isinstance(key, ScalarNode) else ("node", id(key))


def _merge_sources(value: Node) -> list[Node]:
    sources = value.value if isinstance(value, SequenceNode) else [value]
    for source in sources:
        if not isinstance(source, MappingNode):
            kind = type(source).__name__[:-4].lower()
            raise _Problem(f"expected a mapping or list of mappings for merging, but found {kind}",
                           source.start_mark, "a '<<' merge key takes an alias to a mapping, or a list of them")
    return sources


def _key_name(key: Node, raw: bool) -> str | None:
    # Below a list Spring skips asMap, so a non-string key reaches a cast to String.
    if raw and not (isinstance(key, ScalarNode) and _scalar(key)[0] in ("str", "null")):
        raise _Problem("non-string key inside a list: Spring Boot fails with a ClassCastException",
                       key.start_mark, "quote the key")
    if not isinstance(key, ScalarNode):
        return None  # Boot prints the whole collection as a key: an artefact nobody can use
    kind, text = _scalar(key)
    if kind == "null":
        raise _Problem("null key: Spring Boot fails with a NullPointerException", key.start_mark,
                       "quote the key ('~' or 'null') or remove it")
    return text if kind == "str" else f"[{text}]"


def _join(path: str | None, name: str) -> str:
    if not path or path.isspace():  # StringUtils.hasText: a blank prefix is dropped
        return name
    return f"{path}{name}" if name.startswith("[") else f"{path}.{name}"
