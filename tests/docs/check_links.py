#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Every Markdown link of the repository points inside it and exists: relative files and folders,
and #anchors (GitHub's heading slugs) in the target document. Links leaving the repository
(`../shared/...`, absolute paths) fail; web links (http, https, mailto) are not followed.

With --installed DOCDIR (the package's /usr/share/doc/headwave as installed by packaging/), the
same check runs on the installed copies: README.md sits beside the docs there, so the links of
the installed files must work in that layout.

    python3 tests/docs/check_links.py [ROOT] [--installed DOCDIR]
"""
import pathlib
import re
import subprocess
import sys

LINK = re.compile(r"(?<!\!)\[(?:[^\[\]]|\[[^\]]*\])*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
IMAGE = re.compile(r"!\[[^\]]*\]\(\s*([^)\s]+)\s*\)")
REFERENCE = re.compile(r"^\s*\[[^\]]+\]:\s*(\S+)", re.M)


def slug(heading):
    """GitHub's anchor of a heading."""
    # Emphasis marks go; inside `code` spans underscores are text (GitHub keeps them: open_run).
    parts = re.split(r"(`[^`]*`)", heading.strip().lower())
    text = "".join(p[1:-1] if p.startswith("`") and p.endswith("`") and len(p) > 1
                   else re.sub(r"`|\*\*|\*|_(?=\w)|(?<=\w)_", "", p) for p in parts)
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"[^\w\- ]", "", text, flags=re.UNICODE)
    return text.replace(" ", "-")


def anchors(path, cache={}):
    if path not in cache:
        found = set()
        counts = {}
        in_code = False
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.startswith("```"):
                in_code = not in_code
                continue
            m = re.match(r"#{1,6}\s+(.*?)\s*#*\s*$", line)
            if m and not in_code:
                s = slug(m.group(1))
                n = counts.get(s, 0)
                counts[s] = n + 1
                found.add(s if n == 0 else f"{s}-{n}")
            for a in re.findall(r"<a\s+(?:name|id)=\"([^\"]+)\"", line):
                found.add(a)
        cache[path] = found
    return cache[path]


def strip_code(text):
    """Markdown without fenced blocks and inline code (their brackets are not links)."""
    text = re.sub(r"^```.*?^```", "", text, flags=re.M | re.S)
    return re.sub(r"`[^`\n]*`", "", text)


def check_file(md, root, problems):
    text = strip_code(md.read_text(encoding="utf-8"))
    targets = LINK.findall(text) + IMAGE.findall(text) + REFERENCE.findall(text)
    for target in targets:
        if re.match(r"^(https?:|mailto:)", target):
            continue
        where = md.relative_to(root)
        path_part, _, anchor = target.partition("#")
        if target.startswith("/") or re.match(r"^\w+:", target):
            problems.append(f"{where}: '{target}' is not a link inside the repository")
            continue
        dest = (md.parent / path_part).resolve() if path_part else md.resolve()
        try:
            dest.relative_to(root.resolve())
        except ValueError:
            problems.append(f"{where}: '{target}' points outside the repository")
            continue
        if not dest.exists():
            problems.append(f"{where}: '{target}' does not exist")
            continue
        if anchor and dest.suffix == ".md" and anchor not in anchors(dest):
            problems.append(f"{where}: '{target}': no heading with the anchor #{anchor} in "
                            f"{dest.relative_to(root.resolve())}")
    return len(targets)


def markdown_files(root):
    try:
        listed = subprocess.run(["git", "ls-files", "*.md"], cwd=root, capture_output=True,
                                text=True, check=True).stdout.split()
        files = [root / f for f in listed]
    except (OSError, subprocess.CalledProcessError):
        files = [p for p in root.rglob("*.md") if "build" not in p.parts]
    return sorted(f for f in files if f.exists())


def main():
    args = sys.argv[1:]
    installed = None
    if "--installed" in args:
        i = args.index("--installed")
        installed = pathlib.Path(args[i + 1])
        del args[i:i + 2]
    root = pathlib.Path(args[0] if args else pathlib.Path(__file__).resolve().parents[2])
    problems = []
    if installed is not None:
        files = sorted(installed.rglob("*.md"))
        root = installed
    else:
        files = markdown_files(root)
    count = sum(check_file(f, root, problems) for f in files)
    for p in problems:
        print(p)
    print(f"{len(files)} Markdown files, {count} links, {len(problems)} broken")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
