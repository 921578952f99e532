#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Lists every error message a user can meet, from the sources, as docs/errors.md.

Engine and CLI errors are `makeError(ErrorCode::X, "message" ...)` calls; the desktop app's own
are translated `tr("...")` sentences passed to its error paths. String pieces built at run time
(numbers, paths) are shown as "…". Run from the repository root:

    python3 scripts/list_errors.py > docs/errors.md
"""
import pathlib
import re
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
LITERAL = re.compile(r'"((?:[^"\\]|\\.)*)"')


def message_after(text, start):
    """The string pieces of the first argument expression after `start`, with … for the rest."""
    depth = 0
    i = start
    pieces = []
    last_end = start
    while i < len(text):
        c = text[i]
        if c == '"':
            m = LITERAL.match(text, i)
            between = text[last_end:i]
            if re.search(r"[A-Za-z_)\]]", between.replace("+", "").strip()):
                pieces.append("…")
            pieces.append(m.group(1))
            i = m.end()
            last_end = i
            continue
        if c in "([{":
            depth += 1
        elif c in ")]}":
            if depth == 0:
                break
            depth -= 1
        elif c == "," and depth == 0:
            break
        i += 1
    tail = text[last_end:i]
    if pieces and re.search(r"[A-Za-z_)\]]", tail.replace("+", "").strip()):
        pieces.append("…")
    msg = "".join(pieces)
    msg = msg.replace('\\"', '"').replace("\\n", " ").replace("\\u2026", "…")
    return re.sub(r"\s+", " ", msg).strip()


def main():
    rows = []
    pattern = re.compile(r"makeError\(\s*ErrorCode::(\w+),\s*")
    for path in sorted(ROOT.glob("engine/*/src/**/*.cpp")) + sorted(ROOT.glob("cli/*.cpp")):
        text = path.read_text(encoding="utf-8")
        for m in pattern.finditer(text):
            msg = message_after(text, m.end())
            if msg and len(msg) > 12:
                rows.append((m.group(1), msg, str(path.relative_to(ROOT))))
    seen = set()
    out = sys.stdout
    out.write("# Error messages\n\n")
    out.write("Every error message of the engine and the command line (the desktop app shows the "
              "same sentences, translated), generated from the sources by "
              "`scripts/list_errors.py`. Each says what went wrong and what to do; `…` stands for "
              "a value filled in at run time (a path, a number, a name). The code is what "
              "`Error::code` holds; the CLI exits with 1 on any of them, 2 on a usage error and "
              "130 when interrupted.\n\n")
    out.write("| code | message | where |\n|---|---|---|\n")
    for code, msg, where in sorted(rows, key=lambda r: (r[0], r[2], r[1])):
        key = (code, msg)
        if key in seen:
            continue
        seen.add(key)
        escaped = msg.replace("|", "\\|")
        out.write(f"| {code} | {escaped} | `{where}` |\n")


if __name__ == "__main__":
    main()
