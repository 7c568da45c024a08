"""The ``portconfig fix`` command: which files, what is printed, and the exit status (see :mod:`portconfig.fix`)."""

from __future__ import annotations

import os
from collections.abc import Sequence

from .errors import FileAccessError

TYPE_CHECKING = False  # typing itself costs ~2 ms at start-up
if TYPE_CHECKING:
    from .cli import Outcome, Output

PROG = "portconfig"


def _files(paths: Sequence[str], errors: list[str]) -> list[str]:
    from .discovery import config_files

    files: list[str] = []
    for path in paths or ["."]:
        if path == "-":
            errors.append(f"{PROG}: -: fix rewrites files in place; standard input cannot be fixed (name the file)")
        elif os.path.isdir(path):
            found = config_files(path, None)
            if not found:
                errors.append(f"{PROG}: {path}: no Spring Boot configuration files (application.properties, "
                              "application.yml, application-<profile>.*) in it, its src/main/resources/ or config/; "
                              "name the files to fix")
            files += found
        elif not os.path.lexists(path):
            errors.append(f"{PROG}: {path}: no such file or directory; check the path")
        else:
            files.append(path)
    unique: dict[str, str] = {}
    for path in files:
        unique.setdefault(os.path.realpath(path), path)
    return list(unique.values())


def _masker(path: str, reveal: bool):
    """Masks secrets of ``path`` in what is printed about it (a diff's context lines may hold passwords)."""
    from .analysis import analyse
    from .masking import Masker

    return Masker(analyse([path], env={}), reveal=reveal)


def _diff(path: str, before: bytes, after: bytes) -> str:
    import difflib

    # Lines are split on the bytes: only \r, \n and \r\n end a line in these files (str.splitlines
    # would also split on a form feed or U+2028 and make up lines).  Decoding with surrogateescape
    # never fails, and the changed lines (ASCII) read right whatever the encoding.
    old = [line.decode("utf-8", "surrogateescape") for line in before.splitlines(keepends=True)]
    new = [line.decode("utf-8", "surrogateescape") for line in after.splitlines(keepends=True)]
    lines = difflib.unified_diff(old, new, fromfile=f"a/{path}", tofile=f"b/{path}")
    text = "".join(line if line.endswith(("\n", "\r")) else line + "\n\\ No newline at end of file\n" for line in lines)
    return text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def run_fix(paths: Sequence[str], *, diff: bool, reveal: bool, output: Output) -> Outcome:
    from .cli import Outcome
    from .fix import KEY, plan_fix, write_atomic

    errors: list[str] = []
    files = _files(paths, errors)
    changed = 0
    for path in files:
        try:
            result = plan_fix(path)
        except FileAccessError as error:
            errors.append(f"{PROG}: {error}")
            continue
        scrub = _masker(path, reveal).scrub
        if result.refused is not None:
            where = f"{path}:{result.where[0]}:{result.where[1]}" if result.where else path
            errors.append(scrub(f"{PROG}: {where}: cannot rewrite {KEY} safely: {result.refused}; "
                                "the file was not changed"))
            continue
        if result.fixed is None:
            continue
        changed += 1
        if diff:
            diff = _diff(path, result.original, result.fixed)
            shown = scrub(diff)
            output.out.append(shown)
            if shown != diff:  # a note, not an error: the exit status stays 1 ("changes shown")
                output.err.append(f"{PROG}: {path}: secrets in the diff are masked, so it does not apply as a patch; "
                              "--show-secrets prints it as it is")
            continue
        try:
            write_atomic(path, result.fixed)
        except OSError as error:
            reason = error.strerror or str(error)
            errors.append(f"{PROG}: {path}: cannot write it ({reason}); the file was not changed")
            changed -= 1
            continue
        for change in result.changes:
            output.out.append(scrub(f"{path}:{change.line}:{change.column}: {KEY} {change.old} -> {change.new}\n"))
    if not diff:
        count = f"{changed} file" + ("" if changed == 1 else "s")
        checked = f"{len(files)} file" + ("" if len(files) == 1 else "s")
        if changed:
            output.out.append(f"rewrote {count}\n")
        elif not errors:  # a refused file is not "nothing to fix"
            output.out.append(f"nothing to fix in {checked}\n")
    output.err += errors
    return Outcome(failed=diff and changed > 0, unusable=bool(errors) or not files)
