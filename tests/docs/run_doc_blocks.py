#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Runs every code block of a Markdown document, as a reader would, and checks what the document
says the block does.

- ```sh blocks run with bash (set -euo pipefail) in a scratch folder, in document order (a block
  may use the files an earlier one wrote), with the built programs on PATH and `build/bin`,
  `scripts`, `resources` and `examples` of the checkout reachable from the scratch folder;
- ```python blocks run with a python3 that has numpy (this one or /usr/bin/python3; they are
  skipped, counted and said otherwise);
- ```json blocks are parsed (`...` and `…` allowed as the doc's ellipses); one that shows a
  results file's metadata ("format": "headwave-run") is compared with the metadata of a real run
  of the same model: every key it shows exists, and the model's facts are equal; and every
  column of that run has its row, with the same unit, in docs/method.md's columns table;
- other blocks (plain text, no language) are not commands and are counted.

Placeholders of the docs (a 160M-parameter model, `wiki.txt`, a Slurm cluster) are bound to the
shared test data and cheap stand-ins by BINDINGS below; every replacement made is printed. The
Slurm commands run against a local stand-in of `sbatch` that runs each array task in turn (the
real single-node cluster is the `slurm.shards` test's). GUI commands run offscreen with
`--benchmark-startup`, which quits once the window is usable.

HTML comments on the lines just before a block's fence steer it:
  <!-- not-run: REASON -->      the block is not run (counted, with the reason);
  <!-- expect: REGEX -->        its output (stdout and stderr) must match;
  <!-- expect-file: PATH -->    it must leave PATH behind;
  <!-- test-before: COMMAND --> run first (e.g. to remove what an alternative block wrote).

    python3 tests/docs/run_doc_blocks.py DOC.md --source SRC --bin BINDIR --shared SHARED
Exit 0 when every block ran as the document says, 1 otherwise, 77 (skip) without the shared data.
"""
import argparse
import json
import os
import pathlib
import re
import shutil
import subprocess
import sys
import tempfile
import time

# (placeholder as written in the docs, what it is bound to). Applied in order to every block.
# {model}, {corpus}, {shared}, {bin} are filled in at run time.
BINDINGS = [
    ("path/to/pythia-160m", "{model}"),
    ("path/to/stories260K", "{model}"),
    ("/models/llama-3.2-1b", "{model}"),
    ("--model pythia-160m", "--model {model}"),
    ("MODEL_DIR_OR_RESULTS.hwrun", "{model}"),
    ("/data/wiki.txt", "{corpus}"),
    ("wiki.txt", "{corpus}"),
    ("../shared/", "{shared}/"),
    ("shakespeare.txt", "{shared}/text/tinyshakespeare.txt"),
    ("text.txt", "resources/demo/text.txt"),
    ("$HOME/headwave/build/bin/headwave-cli", "{bin}/headwave-cli"),
    ("MODEL=... CORPUS=...", "MODEL=$MODEL CORPUS=$CORPUS"),
    ("seq1.npy seq2.npy ...", "examples/synthetic-heads/sequence-0-T64.npy "
     "examples/synthetic-heads/sequence-1-T96.npy"),
    ("pythia.hwrun llama.hwrun", "pythia.hwrun pythia.hwrun"),
    # Cost: a few short sequences and training steps instead of hundreds.
    ("--sequences 2000", "--sequences 4"),
    ("--sequences 500", "--sequences 3"),
    ("--max-tokens 1024", "--max-tokens 256"),
    ("--steps 2000", "--steps 2"),
    ("--steps 512", "--steps 2"),
    ("--save-steps 0,64,128,256,512", "--save-steps 0,2"),
    ("--dpi 300", "--dpi 72"),
    ("SHARDS=8", "SHARDS=2"),
    ("--array=0-7", "--array=0-1"),
    ("results/llama 8", "results/llama 2"),
]

# A stand-in for sbatch: runs the script once per array task (or once), in turn, here.
SBATCH = r"""#!/usr/bin/env bash
# Local stand-in for Slurm's sbatch (tests/docs/run_doc_blocks.py): runs the job script at once,
# once per array task, with the task's SLURM_ variables; --wait is implied.
array="" parsable=0
while [[ $# -gt 0 && $1 == -* ]]; do
    case $1 in
        --array=*) array=${1#--array=} ;;
        --parsable) parsable=1 ;;
        --cpus-per-task=*) export SLURM_CPUS_PER_TASK=${1#--cpus-per-task=} ;;
        --wait|--dependency=*|--kill-on-invalid-dep=*|--job-name=*|--output=*) ;;
        *) echo "sbatch stand-in: unknown option $1" >&2; exit 1 ;;
    esac
    shift
done
script=$1; shift
bash -n "$script" || exit 1
export SLURM_ARRAY_JOB_ID=4242 SLURM_JOB_ID=4242
if [[ -n $array ]]; then
    IFS=- read -r first last <<<"$array"
    for ((k = first; k <= ${last:-$first}; ++k)); do
        SLURM_ARRAY_TASK_ID=$k bash "$script" "$@" >"headwave-4242_$k.out" 2>&1 ||
            { cat "headwave-4242_$k.out" >&2; exit 1; }
    done
else
    bash "$script" "$@" >"headwave-merge-4242.out" 2>&1 || { cat headwave-merge-4242.out >&2; exit 1; }
fi
if ((parsable)); then echo 4242; else echo "Submitted batch job 4242"; fi
"""

FENCE = re.compile(r"^```(\S*)\s*$")
COMMENT = re.compile(r"^<!--\s*(not-run|expect|expect-file|test-before):\s*(.*?)\s*-->\s*$")


def blocks(doc):
    """(line, language, code, directives) of every fenced block of the document."""
    lines = doc.read_text(encoding="utf-8").splitlines()
    out = []
    i = 0
    while i < len(lines):
        m = FENCE.match(lines[i])
        if not m:
            i += 1
            continue
        start = i
        directives = []
        j = i - 1
        while j >= 0 and (COMMENT.match(lines[j]) or (lines[j].strip() == "" and j == i - 1)):
            c = COMMENT.match(lines[j])
            if c:
                directives.insert(0, (c.group(1), c.group(2)))
            j -= 1
        i += 1
        code = []
        while i < len(lines) and not lines[i].startswith("```"):
            code.append(lines[i])
            i += 1
        out.append((start + 1, m.group(1).lower(), "\n".join(code) + "\n", directives))
        i += 1
    return out


def bind(code, values):
    made = []
    for placeholder, bound in BINDINGS:
        # Whole words only: `shakespeare.txt` is not the end of `tinyshakespeare.txt`.
        pattern = r"(?<![\w/.])" + re.escape(placeholder)
        if re.search(pattern, code):
            target = bound.format(**values)
            code = re.sub(pattern, lambda _m: target, code)
            made.append(f"{placeholder} -> {target}")
    return code, made


def json_keys(value, prefix=""):
    if isinstance(value, dict):
        for k, v in value.items():
            yield prefix + k
            yield from json_keys(v, prefix + k + ".")


def check_json(code, work, values, env):
    text = re.sub(r",\s*\.\.\.", "", code).replace("…", "...")
    shown = json.loads(text)
    if shown.get("format") != "headwave-run":
        return None
    # The real metadata of a run of the model the example names.
    run = work / "json-check.hwrun"
    subprocess.run([str(values["bin_path"] / "headwave-cli"), "analyze", "-m", values["model"],
                    "-c", values["corpus"], "--sequences", "2", "-o", str(run), "-f", "-q"],
                   check=True, env=env, capture_output=True)
    meta = json.loads(subprocess.run(
        [sys.executable, "-c", f"""
import zipfile, sys
z = zipfile.ZipFile({str(run)!r})
raw = z.read('meta.npy')
start = raw.index(b'\\n', 10) + 1
sys.stdout.write(raw[start:].decode('utf-32-le').rstrip('\\x00'))
"""], capture_output=True, text=True, check=True).stdout)
    problems = [f"key '{k}' is not in a real run's metadata"
                for k in json_keys(shown) if k not in set(json_keys(meta))]
    # docs/method.md defines every column the run has, with the unit the file carries.
    method = (values["source"] / "docs/method.md").read_text(encoding="utf-8").splitlines()
    for column in meta.get("columns", []):
        key = re.sub(r"_s\d+$", "_s{s}", column["key"])
        key = re.sub(r"_w\d+$", "_w{w}", key)
        key = re.sub(r"_a[\d.]+$", "_a{α}", key)
        rows = [line for line in method if line.startswith(f"| `{key}`")]
        if not rows:
            problems.append(f"docs/method.md has no row for the column '{column['key']}'")
        elif f"| {column['unit']} |" not in rows[0]:
            problems.append(f"docs/method.md gives '{column['key']}' another unit than the file's "
                            f"'{column['unit']}'")
    for k in ("name", "architecture", "positional", "layers", "heads", "kv_heads", "parameters",
              "dtype"):
        if k in shown.get("model", {}) and shown["model"][k] != meta["model"].get(k):
            problems.append(f"model.{k} is {shown['model'][k]!r}; stories260K's is "
                            f"{meta['model'].get(k)!r}")
    return problems


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("doc")
    ap.add_argument("--source", required=True)
    ap.add_argument("--bin", required=True)
    ap.add_argument("--shared", default="")
    ap.add_argument("--keep", action="store_true", help="keep the scratch folder")
    a = ap.parse_args()
    source = pathlib.Path(a.source).resolve()
    bindir = pathlib.Path(a.bin).resolve()
    shared = pathlib.Path(os.environ.get("HEADWAVE_SHARED") or a.shared or source / "../shared")
    doc = (source / a.doc) if not pathlib.Path(a.doc).is_absolute() else pathlib.Path(a.doc)
    model = shared / "models/stories260K"
    if not (model / "config.json").exists():
        print(f"SKIP: the shared data ({model}) is absent; set HEADWAVE_SHARED to run the blocks "
              f"of {doc.name}")
        return 77
    shared = shared.resolve()
    work = pathlib.Path(tempfile.mkdtemp(prefix="headwave-doc-"))
    shim = work / ".shim"
    shim.mkdir()
    (shim / "sbatch").write_text(SBATCH)
    (shim / "less").write_text("#!/bin/sh\nexec cat \"$@\"\n")
    for f in shim.iterdir():
        f.chmod(0o755)
    (work / "build").mkdir()
    (work / "build/bin").symlink_to(bindir)
    for d in ("scripts", "resources", "examples"):
        (work / d).symlink_to(source / d)
    # A small corpus: the first paragraphs of a Wikipedia sample.
    wiki = (shared / "text/wikitext-2/valid.txt").read_text(encoding="utf-8")[:12000]
    corpus = work / ".corpus.txt"
    corpus.write_text(wiki, encoding="utf-8")
    values = {"model": str(model.resolve()), "corpus": str(corpus), "shared": str(shared),
              "source": source,
              "bin": str(bindir), "bin_path": bindir}
    env = dict(os.environ, PATH=f"{shim}:{bindir}:{os.environ.get('PATH', '')}",
               QT_QPA_PLATFORM="offscreen", HOME=str(work), XDG_CONFIG_HOME=str(work / ".config"),
               MODEL=values["model"], CORPUS=str(corpus), OUT="results/llama", SHARDS="2",
               ARGS="--sequences 4 --max-tokens 256", THREADS="1", SLURM_ARRAY_TASK_ID="0",
               HEADWAVE_CLI=str(bindir / "headwave-cli"))
    # A Python with numpy: this one, or Debian's (scripts/setup-debian.sh installs python3-numpy).
    numpy_python = next((p for p in (sys.executable, "/usr/bin/python3")
                         if pathlib.Path(p).exists() and subprocess.run(
                             [p, "-c", "import numpy"], capture_output=True).returncode == 0),
                        None)
    have_numpy = numpy_python is not None
    # The snippets that write attention from transformers and TransformerLens run against the
    # stand-ins of tests/docs/stubs when the real modules are absent (Debian has neither).
    stubs = []
    for module in ("transformers", "transformer_lens"):
        if have_numpy and subprocess.run([numpy_python, "-c", f"import {module}"],
                                         capture_output=True).returncode != 0:
            stubs.append(module)
    if stubs:
        print(f"python blocks import the stand-ins of tests/docs/stubs for {', '.join(stubs)} "
              "(not installed here)")
        stub_dir = pathlib.Path(__file__).resolve().parent / "stubs"
        env["PYTHONPATH"] = f"{stub_dir}:{env.get('PYTHONPATH', '')}"
    counts = {"ran": 0, "not-run": 0, "skipped": 0, "text": 0, "failed": 0}
    for line, lang, code, directives in blocks(doc):
        where = f"{doc.name}:{line}"
        not_run = [v for k, v in directives if k == "not-run"]
        if not_run:
            counts["not-run"] += 1
            print(f"{where}: not run ({not_run[0]})")
            continue
        started = time.monotonic()
        if lang == "json":
            try:
                problems = check_json(code, work, values, env)
            except (ValueError, subprocess.CalledProcessError) as e:
                problems = [f"not valid JSON or no run to compare with: {e}"]
            counts["ran"] += 1
            if problems:
                counts["failed"] += 1
                print(f"{where}: FAILED (json)\n    " + "\n    ".join(problems))
            else:
                print(f"{where}: json ok{' (checked against a real run)' if problems == [] else ''}")
            continue
        if lang in ("sh", "bash", "console", "shell"):
            runner = ["bash", "-c", "set -euo pipefail\n" + "{code}"]
        elif lang == "python":
            if not have_numpy:
                counts["skipped"] += 1
                print(f"{where}: skipped (python block; numpy is not installed)")
                continue
            runner = [numpy_python, "-c", "{code}"]
        else:
            counts["text"] += 1
            print(f"{where}: not a command ({lang or 'plain text'})")
            continue
        code, made = bind(code, values)
        # `headwave-cli figures` runs headwave-figures.
        needs = code.replace("headwave-cli figures", "headwave-figures")
        missing = [p for p in ("headwave", "headwave-figures")
                   if re.search(r"(^|\s|/)" + p + r"(\s|$)", needs) and not (bindir / p).exists()]
        if missing:
            counts["skipped"] += 1
            print(f"{where}: skipped ({missing[0]} is not built: the desktop app is off)")
            continue
        if lang != "python":
            # GUI: offscreen, quitting once the window is usable.
            code = re.sub(r"^(\s*(?:build/bin/)?headwave)(\s|$)", r"\1 --benchmark-startup\2",
                          code, flags=re.M)
        for k, v in directives:
            if k == "test-before":
                subprocess.run(["bash", "-c", v], cwd=work, env=env)
        cmd = [part.replace("{code}", code) for part in runner]
        try:
            r = subprocess.run(cmd, cwd=work, env=env, capture_output=True, text=True,
                               timeout=300, stdin=subprocess.DEVNULL)
            output, status = r.stdout + r.stderr, r.returncode
        except subprocess.TimeoutExpired as e:
            output, status = str(e), "timeout"
        problems = []
        if status != 0:
            problems.append(f"exit status {status}")
        for k, v in directives:
            if k == "expect" and not re.search(v, output, re.M):
                problems.append(f"output does not match /{v}/")
            if k == "expect-file" and not (work / v).exists():
                problems.append(f"{v} was not written")
        counts["ran"] += 1
        seconds = time.monotonic() - started
        bound = f" [bound: {'; '.join(made)}]" if made else ""
        if problems:
            counts["failed"] += 1
            print(f"{where}: FAILED ({', '.join(problems)}){bound}\n--- block as run:\n{code}"
                  f"--- output:\n{output[-3000:]}---")
        else:
            print(f"{where}: ok, {seconds:.1f} s{bound}")
    print(f"{doc.name}: {counts['ran']} blocks run, {counts['failed']} failed, "
          f"{counts['not-run']} marked not-run, {counts['skipped']} skipped, "
          f"{counts['text']} not commands")
    if a.keep or counts["failed"]:
        print(f"scratch folder kept: {work}")
    else:
        shutil.rmtree(work, ignore_errors=True)
    return 1 if counts["failed"] else 0


if __name__ == "__main__":
    sys.exit(main())
