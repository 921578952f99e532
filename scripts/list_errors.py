#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Lists every error message a user can meet, from the sources, as docs/errors.md.

Engine and CLI errors are `makeError(ErrorCode::X, message ...)` calls. A message is found where it
is written, whole or in pieces:
- a literal or a concatenation of literals and values: `"Cannot read '" + path + "'."`;
- through a helper that passes its argument on (`usage("...")`, `bad("...")`, `formatError(...)`,
  `fileError(path, "...")`): each call of the helper is a message, with the helper's code;
- built in a variable first (`std::string msg = "..." ...; msg += ...; makeError(X, msg)`);
- figure sets (headwave-figures, `headwave-cli figures`): the Qt sentences returned by the checks
  that `writeFigureSet` maps to a code, and the option errors of figures_main.cpp.
Pieces filled in at run time (numbers, paths, names) are shown as "…", so a message built from
pieces appears as a pattern.

    python3 scripts/list_errors.py > docs/errors.md        # regenerate
    python3 scripts/list_errors.py --check docs/errors.md  # what the test `docs.errors` runs
"""
import difflib
import pathlib
import re
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
LITERAL = re.compile(r'"((?:[^"\\]|\\.)*)"')
IDENT = re.compile(r"[A-Za-z_]\w*")
KEYWORDS = {"if", "for", "while", "switch", "return", "catch", "else", "do", "sizeof"}
# The class and exit status of each code: engine/core/src/error.cpp (errorClass, exitStatus).
ERROR_CPP = ROOT / "engine/core/src/error.cpp"


def strip_comments(text):
    """C++ comments replaced by spaces (string literals kept intact)."""
    out = []
    i = 0
    n = len(text)
    while i < n:
        c = text[i]
        if c == '"':
            m = LITERAL.match(text, i)
            if m:
                out.append(m.group(0))
                i = m.end()
                continue
        if c == "'" and i + 2 < n:
            m = re.match(r"'(?:[^'\\]|\\.)'", text[i:])
            if m:
                out.append(m.group(0))
                i += m.end()
                continue
        if text.startswith("//", i):
            j = text.find("\n", i)
            j = n if j < 0 else j
            out.append(" " * (j - i))
            i = j
            continue
        if text.startswith("/*", i):
            j = text.find("*/", i + 2)
            j = n if j < 0 else j + 2
            out.append(re.sub(r"[^\n]", " ", text[i:j]))
            i = j
            continue
        out.append(c)
        i += 1
    return "".join(out)


def argument_end(text, start):
    """The end of the argument expression that starts at `start` (at a top-level ',' or ')')."""
    depth = 0
    i = start
    while i < len(text):
        c = text[i]
        if c == '"':
            m = LITERAL.match(text, i)
            i = m.end() if m else i + 1
            continue
        if c in "([{":
            depth += 1
        elif c in ")]}":
            if depth == 0:
                return i
            depth -= 1
        elif c == "," and depth == 0:
            return i
        i += 1
    return i


def arguments(text, open_paren):
    """The argument expressions of the call whose '(' is at `open_paren`."""
    args = []
    i = open_paren + 1
    while i < len(text):
        end = argument_end(text, i)
        args.append(text[i:end].strip())
        if end >= len(text) or text[end] == ")":
            break
        i = end + 1
    return args


def statement_end(text, start):
    """The position of the ';' that ends the statement at `start` (literals skipped)."""
    i = start
    while i < len(text):
        if text[i] == '"':
            m = LITERAL.match(text, i)
            i = m.end() if m else i + 1
            continue
        if text[i] == ";":
            return i
        i += 1
    return i


def returns(body):
    """The expressions of the return statements of a function body."""
    for m in re.finditer(r"\breturn\b", body):
        yield body[m.end():statement_end(body, m.end())]


def alternatives(expr):
    """`c ? "a" : "b"` -> ["a", "b"] (top level only); [expr] when there is no choice."""
    depth = 0
    i = 0
    q = -1
    while i < len(expr):
        c = expr[i]
        if c == '"':
            m = LITERAL.match(expr, i)
            i = m.end() if m else i + 1
            continue
        if c in "([{":
            depth += 1
        elif c in ")]}":
            depth -= 1
        elif depth == 0 and c == "?" and q < 0:
            q = i
        elif depth == 0 and c == ":" and q >= 0 and expr[i - 1] != ":" and expr[i + 1:i + 2] != ":":
            return [expr[q + 1:i]] + alternatives(expr[i + 1:])
        i += 1
    return [expr]


def clean(msg):
    msg = msg.replace('\\"', '"').replace("\\n", " ").replace("\\u2026", "…").replace("\\'", "'")
    msg = re.sub(r"%\d", "…", msg)  # Qt's .arg() placeholders
    msg = re.sub(r"(…\s*)+…", "…", msg)
    return re.sub(r"\s+", " ", msg).strip()


def pattern(expr):
    """The string pieces of an expression, with … for every piece that is not a literal."""
    pieces = []
    last = 0
    # Literals used as subscripts (meta["columns"]) are not part of the message.
    while re.search(r"\[[^\[\]]*\]", expr):
        expr = re.sub(r"\[[^\[\]]*\]", "@", expr)
    for m in LITERAL.finditer(expr):
        between = re.sub(r"std::string\(|[+()\s]", "", expr[last:m.start()])
        if re.search(r"[A-Za-z_@\]]", between):
            pieces.append("…")
        pieces.append(m.group(1))
        last = m.end()
    tail = re.sub(r"[+()\s]", "", expr[last:])
    if pieces and re.search(r"[A-Za-z_@\]]", tail):
        pieces.append("…")
    return clean("".join(pieces))


def bare_name(expr):
    """`msg`, `std::move(msg)`, `std::string(msg)` -> "msg"; None for anything else."""
    m = re.fullmatch(r"(?:std::move|std::string)?\(?\s*([A-Za-z_]\w*)\s*\)?", expr.strip())
    return m.group(1) if m else None


def built_in_variable(text, pos, name):
    """The message a variable holds at `pos`: its definition and the `+=` after it, as a
    pattern; None when the variable is not built from literals in the 4000 characters before."""
    window_start = max(0, pos - 4000)
    window = text[window_start:pos]
    defs = list(re.finditer(r"(?:std::string|QString|auto)\s+" + name + r"\s*(=|\{|\()", window))
    if not defs:
        return None
    d = defs[-1]
    start = d.end()
    end = argument_end(window + ")", start) if d.group(1) != "=" else statement_end(window, start)
    expr = window[start:end]
    parts = [pattern(expr) if LITERAL.search(expr) else "…"]
    for m in re.finditer(r"\b" + name + r"\s*\+=\s*", window[end:]):
        s = end + m.end()
        e = statement_end(window, s)
        piece = window[s:e]
        parts.append(pattern(piece) if LITERAL.search(piece) else "…")
    msg = clean("".join(parts))
    return msg if re.search(r"[A-Za-z]{3}", msg) else None


def enclosing_function(text, pos):
    """(name, parameter names, body start) of the function or lambda around `pos`, or None."""
    depth = 0
    i = pos
    while i > 0:
        i -= 1
        c = text[i]
        if c == "}":
            depth += 1
        elif c == "{":
            if depth == 0:
                head = text[max(0, i - 400):i]
                m = re.search(r"(\w+)\s*=\s*\[[^\]]*\]\s*\(([^()]*)\)\s*(?:->[^{]*)?$", head)
                if m is None:
                    m = re.search(r"(\w+)\s*\(([^()]*)\)\s*(?:const\s*)?(?:->[^{]*)?$", head)
                if m is None or m.group(1) in KEYWORDS:
                    return None
                params = []
                for p in m.group(2).split(","):
                    words = IDENT.findall(p.split("=")[0])
                    if words:
                        params.append(words[-1])
                return m.group(1), params, i
            depth -= 1
    return None


def sources():
    files = sorted(ROOT.glob("engine/*/src/**/*.cpp")) + sorted(ROOT.glob("cli/*.cpp"))
    files += sorted(ROOT.glob("cli/*.h"))
    return [f for f in files if f.is_file()]


def engine_rows():
    rows = []
    call = re.compile(r"\bmakeError\s*\(")
    for path in sources():
        where = str(path.relative_to(ROOT))
        text = strip_comments(path.read_text(encoding="utf-8"))
        helpers = {}  # helper name -> (message argument index, code or code argument index)
        for m in call.finditer(text):
            args = arguments(text, m.end() - 1)
            if len(args) < 2:
                continue
            code_expr, msg_expr = args[0], args[1]
            code = re.fullmatch(r"ErrorCode::(\w+)", code_expr)
            fn = enclosing_function(text, m.start())
            used = [p for p in (fn[1] if fn else []) if re.search(r"\b" + p + r"\b", msg_expr)]
            if LITERAL.search(msg_expr) and used and (code or bare_name(code_expr) in fn[1]):
                # A helper that builds the message from its arguments: each call is a message.
                code_ref = code.group(1) if code else fn[1].index(bare_name(code_expr))
                helpers[fn[0]] = ("template", fn[1], msg_expr, code_ref)
                continue
            if LITERAL.search(msg_expr):
                msg = pattern(msg_expr)
                if code:
                    for alt in alternatives(msg_expr):
                        rows.append((code.group(1), pattern(alt), where))
                elif fn and bare_name(code_expr) in fn[1]:
                    helpers[fn[0]] = ("code", fn[1].index(bare_name(code_expr)), msg)
                continue
            member = re.fullmatch(r"\w+(?:\.|->)(\w+)", msg_expr)
            if member and code:
                # A message kept in a member (`a.error = "..."`): each assignment is one.
                for a in re.finditer(r"\.\s*" + member.group(1) + r"\s*=\s*", text):
                    expr = text[a.end():statement_end(text, a.end())]
                    if LITERAL.search(expr):
                        rows.append((code.group(1), pattern(expr), where))
                continue
            name = bare_name(msg_expr)
            if name is None:
                continue
            if fn and name in fn[1]:
                # A helper: its callers write the messages.
                code_ref = code.group(1) if code else (
                    fn[1].index(bare_name(code_expr)) if bare_name(code_expr) in fn[1] else None)
                if code_ref is not None:
                    helpers[fn[0]] = ("msg", fn[1].index(name), code_ref)
                continue
            msg = built_in_variable(text, m.start(), name)
            if msg and code:
                rows.append((code.group(1), msg, where))
        for helper, spec in helpers.items():
            for m in re.finditer(r"(?<![\w.>:])" + helper + r"\s*\(", text):
                args = arguments(text, m.end() - 1)
                if spec[0] == "template":
                    params, template, code_ref = spec[1], spec[2], spec[3]
                    if len(args) != len(params) and len(args) < len(params) - 1:
                        continue
                    expr = template
                    for p, a in zip(params, args):
                        expr = re.sub(r"\b" + p + r"\b", lambda _m, a=a: "(" + a + ")", expr)
                    if isinstance(code_ref, int):
                        c = re.fullmatch(r"ErrorCode::(\w+)", args[code_ref]) if code_ref < len(
                            args) else None
                        if not c:
                            continue
                        code_ref = c.group(1)
                    for alt in alternatives(expr):
                        rows.append((code_ref, pattern(alt), where))
                    continue
                if spec[0] == "code":
                    # makeError(code, "pattern"): the code comes from each caller.
                    if spec[1] < len(args):
                        c = re.fullmatch(r"ErrorCode::(\w+)", args[spec[1]])
                        if c:
                            rows.append((c.group(1), spec[2], where))
                    continue
                index, code_ref = spec[1], spec[2]
                if index >= len(args):
                    continue
                expr = args[index]
                if not LITERAL.search(expr):
                    n = bare_name(expr)
                    msg = built_in_variable(text, m.start(), n) if n else None
                else:
                    msg = pattern(expr)
                if isinstance(code_ref, int):
                    c = re.fullmatch(r"ErrorCode::(\w+)", args[code_ref]) if code_ref < len(
                        args) else None
                    code_name = c.group(1) if c else None
                else:
                    code_name = code_ref
                if msg and code_name:
                    if LITERAL.search(expr) and len(alternatives(expr)) > 1:
                        for alt in alternatives(expr):
                            rows.append((code_name, pattern(alt), where))
                    else:
                        rows.append((code_name, msg, where))
    return rows


def qt_strings(expr):
    """The tr("...")/QStringLiteral("...") sentences of an expression, joined, with …."""
    found = re.findall(r"(?:tr|QStringLiteral)\s*\(\s*((?:\"(?:[^\"\\]|\\.)*\"\s*)+)", expr)
    msgs = []
    for group in found:
        msgs.append(clean("".join(LITERAL.findall(group))))
    return [m for m in msgs if len(m) > 12 and m[0].isupper() or m.startswith("--")]


def function_body(text, name):
    m = re.search(r"^QString\s+" + name + r"\s*\([^)]*\)[^{;]*\{", text, re.M)
    if not m:
        return ""
    depth = 1
    i = m.end()
    while i < len(text) and depth:
        if text[i] == "{":
            depth += 1
        elif text[i] == "}":
            depth -= 1
        i += 1
    return text[m.end():i]


def figure_rows():
    rows = []
    path = ROOT / "app/export/figure_set.cpp"
    if path.exists():
        where = str(path.relative_to(ROOT))
        text = strip_comments(path.read_text(encoding="utf-8"))
        for m in re.finditer(r"failed\(\s*(\w+)\(", text):
            args = arguments(text, m.start() + len("failed"))
            codes = re.findall(r"ErrorCode::(\w+)", args[-1] if args else "")
            body = function_body(text, m.group(1))
            exporter = ROOT / "app/export/figure_exporter.cpp"
            for ret in list(returns(body)):
                call = re.match(r"\s*(\w+)\(", ret)
                if call and exporter.exists():
                    # A check of figure_exporter.cpp (size, resolution, fonts): its sentences.
                    other = strip_comments(exporter.read_text(encoding="utf-8"))
                    for r in returns(function_body(other, call.group(1))):
                        for msg in qt_strings(r):
                            for code in codes:
                                rows.append((code, msg, str(exporter.relative_to(ROOT))))
                for msg in qt_strings(ret):
                    for code in codes:
                        rows.append((code, msg, where))
    path = ROOT / "app/export/figures_main.cpp"
    if path.exists():
        where = str(path.relative_to(ROOT))
        text = strip_comments(path.read_text(encoding="utf-8"))
        for ret in returns(function_body(text, "toSetOptions")):
            for msg in qt_strings(ret):
                rows.append(("InvalidArgument", msg, where))
    return rows


def classes():
    """ErrorCode -> (class, exit status), read from engine/core/src/error.cpp."""
    text = ERROR_CPP.read_text(encoding="utf-8")
    body = text[text.index("ErrorClass errorClass("):text.index("int exitStatus(")]
    cls = {}
    pending = []
    for m in re.finditer(r"case ErrorCode::(\w+):|return ErrorClass::(\w+);", body):
        if m.group(1):
            pending.append(m.group(1))
        else:
            for c in pending:
                cls[c] = m.group(2)
            pending = []
    status_body = text[text.index("int exitStatus("):text.index("const char* errorClassName(")]
    status = {}
    pending = []
    for m in re.finditer(r"case ErrorClass::(\w+):|return (\d+);", status_body):
        if m.group(1):
            pending.append(m.group(1))
        else:
            for c in pending:
                status[c] = int(m.group(2))
            pending = []
    return {code: (c, status[c]) for code, c in cls.items()}


CLASS_WORDS = {"Usage": "usage", "Failure": "failure", "OutOfMemory": "out of memory",
               "Internal": "internal", "Interrupted": "interrupted"}


def document():
    rows = engine_rows() + figure_rows()
    code_class = classes()
    lines = ["# Error messages", "",
             "<!-- Generated by `python3 scripts/list_errors.py > docs/errors.md`; the test "
             "`docs.errors` fails when this file differs from what the script makes. -->", "",
             "Every error message of the engine and the command line (the desktop app shows the "
             "same sentences, translated), generated from the sources by "
             "`scripts/list_errors.py`. Each says what went wrong and what to do; `…` stands for "
             "a value filled in at run time (a path, a number, a name, a part of the message "
             "chosen at run time). The code is what `Error::code` holds; its class sets the exit "
             "status of every program, `headwave-cli`, `headwave-figures` and `headwave` alike "
             "(`engine/core/src/error.cpp`):", "",
             "| code | class | exit status |", "|---|---|---|"]
    for code, (cls, status) in code_class.items():
        lines.append(f"| {code} | {CLASS_WORDS.get(cls, cls)} | {status} |")
    lines += ["", "A command line the parser refuses (an unknown option, a missing value) exits "
              "with 2 too; 0 is success.", "",
              "| code | exit | message | where |", "|---|---|---|---|"]
    seen = set()
    for code, msg, where in sorted(rows, key=lambda r: (r[0], r[2], r[1])):
        if len(msg) <= 12 or not re.search(r"[A-Za-z]{3}", msg):
            continue
        key = (code, msg, where)
        if key in seen:
            continue
        seen.add(key)
        escaped = msg.replace("|", "\\|")
        status = code_class.get(code, ("", "?"))[1]
        lines.append(f"| {code} | {status} | {escaped} | `{where}` |")
    return "\n".join(lines) + "\n"


def main():
    text = document()
    if len(sys.argv) == 3 and sys.argv[1] == "--check":
        committed = pathlib.Path(sys.argv[2]).read_text(encoding="utf-8")
        if committed == text:
            print(f"{sys.argv[2]} is up to date ({text.count(chr(10))} lines)")
            return 0
        sys.stdout.writelines(difflib.unified_diff(
            committed.splitlines(True), text.splitlines(True), sys.argv[2], "generated"))
        print("\ndocs/errors.md is stale; regenerate it from the repository root with:\n"
              "    python3 scripts/list_errors.py > docs/errors.md")
        return 1
    sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
