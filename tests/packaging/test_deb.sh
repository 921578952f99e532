#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The Debian package end to end: cpack builds it; its control data, dependencies (shlibdeps) and
# files are checked; the desktop file, the AppStream metadata and the DEP-5 copyright file
# validate; the MIME type of .hwrun files registers (update-mime-database, xdg-mime on the
# extracted tree, without root); then, as root, it is
# installed with dpkg -i and the installed programs run (headwave-cli --version, a short analysis
# on ../shared/models/stories260K whose tokenizer.model goes through the installed SentencePiece
# shim, the figure set, and the GUI offscreen), and purged again.
#
#   test_deb.sh BUILD_DIR SHARED_DIR        exit 77 = skipped (says why)
set -euo pipefail
build=$(cd "$1" && pwd)
shared=$(cd "$2" 2> /dev/null && pwd || echo "$2")
work=$(mktemp -d)
installed=0
cleanup() {
    if [[ $installed -eq 1 ]]; then
        dpkg -P headwave > /dev/null || true
    fi
    rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

for tool in cpack dpkg-deb dpkg-shlibdeps; do
    command -v "$tool" > /dev/null || { echo "SKIP: $tool is not installed (scripts/setup-debian.sh installs it)"; exit 77; }
done

# 1. Build the package (into a scratch folder, not the build tree).
(cd "$build" && cpack -G DEB -B "$work/pkg" > "$work/cpack.log" 2>&1) || { cat "$work/cpack.log"; fail "cpack failed"; }
deb=$(ls "$work"/pkg/headwave_*_amd64.deb 2> /dev/null | head -n1)
[[ -f $deb ]] || fail "no .deb was written"
echo "package: $(basename "$deb") ($(du -k "$deb" | cut -f1) KiB)"

# 2. Control data: name, version, dependencies found by dpkg-shlibdeps.
info=$(dpkg-deb -I "$deb")
grep -q '^ Package: headwave$' <<< "$info" || fail "Package field"
grep -q '^ Section: science$' <<< "$info" || fail "Section field"
depends=$(grep '^ Depends:' <<< "$info")
echo "$depends"
for lib in libqt6widgets6 libqt6svg6 libtorch libfftw3 libsentencepiece \
           libqcustomplot; do
    grep -q "$lib" <<< "$depends" || fail "Depends lacks $lib (shlibdeps)"
done

# 3. Files.
files=$(dpkg-deb -c "$deb" | awk '{print $6}')
for f in ./usr/bin/headwave ./usr/bin/headwave-cli ./usr/bin/headwave-figures \
         ./usr/lib/headwave/libheadwave_spm.so ./usr/lib/headwave/libheadwave_torch.so \
         ./usr/share/applications/org.headwave.Headwave.desktop \
         ./usr/share/icons/hicolor/scalable/apps/org.headwave.Headwave.svg \
         ./usr/share/metainfo/org.headwave.Headwave.metainfo.xml \
         ./usr/share/man/man1/headwave.1.gz ./usr/share/man/man1/headwave-cli.1.gz \
         ./usr/share/man/man1/headwave-figures.1.gz ./usr/share/doc/headwave/README.md \
         ./usr/share/doc/headwave/copyright ./usr/share/mime/packages/org.headwave.Headwave.xml; do
    grep -qx "$f" <<< "$files" || fail "the package lacks $f"
done
for size in 16 22 24 32 48 64 128 256 512; do
    f=./usr/share/icons/hicolor/${size}x${size}/apps/org.headwave.Headwave.png
    grep -qx "$f" <<< "$files" || fail "the package lacks $f"
done
# The Python module for the system Python, when it was built (HEADWAVE_PYTHON).
if [[ -d $build/python/headwave ]]; then
    for f in __init__.py __init__.pyi py.typed; do
        grep -qx "./usr/lib/python3/dist-packages/headwave/$f" <<< "$files" \
            || fail "the package lacks the Python module's $f"
    done
    grep -q '^./usr/lib/python3/dist-packages/headwave/_headwave\.cpython-.*\.so$' <<< "$files" \
        || fail "the package lacks the Python module"
fi

# 4. Metadata validates.
dpkg-deb -x "$deb" "$work/root"
if command -v desktop-file-validate > /dev/null; then
    desktop-file-validate "$work/root/usr/share/applications/org.headwave.Headwave.desktop" \
        || fail "desktop file"
fi
grep -q '^MimeType=application/x-headwave-run;$' \
    "$work/root/usr/share/applications/org.headwave.Headwave.desktop" || fail "desktop file MimeType"
if command -v appstreamcli > /dev/null; then
    metainfo=$work/root/usr/share/metainfo/org.headwave.Headwave.metainfo.xml
    appstreamcli validate --no-net "$metainfo" || fail "AppStream metadata"
    grep -q '<project_license>GPL-3.0-or-later</project_license>' "$metainfo" || fail "project_license"
    grep -q '<content_rating type="oars-1.1"' "$metainfo" || fail "content_rating"
    # The homepage and screenshot parts, which need web addresses Headwave does not have yet,
    # filled with documentation addresses (packaging/CMakeLists.txt): they must validate too.
    check=$build/packaging/metainfo-check/org.headwave.Headwave.metainfo.xml
    appstreamcli validate --no-net "$check" || fail "AppStream metadata with screenshots"
    [[ $(grep -c '<screenshot' "$check") -ge 6 ]] || fail "AppStream screenshots"
else
    echo "note: appstreamcli is not installed; the AppStream metadata was not validated"
fi
# Icons: PNGs of their nominal size, rendered from the SVG at build time.
for size in 16 48 512; do
    png=$work/root/usr/share/icons/hicolor/${size}x${size}/apps/org.headwave.Headwave.png
    dims=$(python3 -c 'import struct,sys; d=open(sys.argv[1],"rb").read(24); assert d[:8]==b"\x89PNG\r\n\x1a\n"; print("%dx%d" % struct.unpack(">II", d[16:24]))' "$png") \
        || fail "$png is not a PNG"
    [[ $dims == "${size}x${size}" ]] || fail "$png is $dims, not ${size}x${size}"
done
# The copyright file is machine-readable (DEP-5): the format line, a Files: * paragraph first,
# every licence named in a Files paragraph has its text in a standalone License paragraph, and
# it lists Headwave's GPL-3+, the demo models and what is compiled in.
python3 - "$work/root/usr/share/doc/headwave/copyright" <<'PY' || fail "DEP-5 copyright file"
import re, sys
text = open(sys.argv[1], encoding="utf-8").read()
paragraphs = [p for p in re.split(r"\n\s*\n", text.strip()) if p.strip()]
def fields(p):
    out, key = {}, None
    for line in p.splitlines():
        if line[:1] in (" ", "\t") and key:
            out[key] += "\n" + line
        else:
            key, _, value = line.partition(":")
            assert _ == ":", "not a field: " + line
            out[key] = value.strip()
    return out
ps = [fields(p) for p in paragraphs]
assert ps[0].get("Format", "").startswith("https://www.debian.org/doc/packaging-manuals/copyright-format/1.0"), "Format"
files = [p for p in ps if "Files" in p]
assert files[0]["Files"] == "*" and files[0]["License"] == "GPL-3+", "Files: * GPL-3+ first"
standalone = {p["License"].split("\n")[0].strip() for p in ps if "License" in p and "Files" not in p}
for p in files:
    assert "Copyright" in p, "no Copyright in " + p["Files"]
    name = p["License"].split("\n")[0].strip()
    assert name in standalone, "no text for licence " + name
named = {p["Files"]: p["License"].split("\n")[0].strip() for p in files}
assert named.get("resources/demo/*") == "GPL-3+", "demo models"
assert "CLI11" in text and "BSD-3-clause" in standalone and "Expat" in standalone
assert "QCustomPlot (GPL-3+)" in text and "FFTW 3 (GPL-2+)" in text
print("copyright: %d paragraphs, licences %s" % (len(ps), ", ".join(sorted(standalone))))
PY
# The MIME type of results files, registered from the extracted tree alone: by the glob, and by
# the magic for a file without the suffix; a plain ZIP stays application/zip.
if command -v update-mime-database > /dev/null && command -v xdg-mime > /dev/null; then
    update-mime-database "$work/root/usr/share/mime" || fail "update-mime-database"
    # A small results file: the ZIP header and first member as headwave-cli writes them.
    python3 - "$work" <<'PY'
import sys, zipfile
work = sys.argv[1]
name = "h\0\0\0e\0\0\0a\0\0\0d\0\0\0w\0\0\0a\0\0\0v\0\0\0e\0\0\0-\0\0\0r\0\0\0u\0\0\0n\0\0\0"
header = b"\x93NUMPY\x01\x00" + (118).to_bytes(2, "little") + b"{'descr': '<U12', 'fortran_order': False, 'shape': (), }".ljust(117) + b"\n"
for target in ("some.hwrun", "results-without-suffix"):
    with zipfile.ZipFile(work + "/" + target, "w", zipfile.ZIP_STORED) as z:
        z.writestr("format.npy", header + name.encode("latin-1"))
with zipfile.ZipFile(work + "/plain.zip", "w") as z:
    z.writestr("readme.txt", "not a run")
PY
    mimetype_of() { XDG_DATA_HOME=$work/no-home XDG_DATA_DIRS=$work/root/usr/share:/usr/share xdg-mime query filetype "$1"; }
    for f in some.hwrun results-without-suffix plain.zip; do
        echo "xdg-mime query filetype $f: $(mimetype_of "$work/$f")"
    done
    [[ $(mimetype_of "$work/some.hwrun") == application/x-headwave-run ]] || fail "glob *.hwrun"
    [[ $(mimetype_of "$work/results-without-suffix") == application/x-headwave-run ]] || fail "magic of a results file"
    [[ $(mimetype_of "$work/plain.zip") == application/zip ]] || fail "a plain ZIP is not a results file"
else
    echo "note: update-mime-database or xdg-mime is missing (scripts/setup-debian.sh installs them); MIME not checked"
fi
# Here-strings, not pipes into grep -q: with pipefail, grep leaving early kills the writer with
# SIGPIPE and the check fails although the text was there.
grep -q '^.TH HEADWAVE-CLI 1' <<< "$(zcat "$work/root/usr/share/man/man1/headwave-cli.1.gz")" || fail "man page"
# The installed documentation's links work in its installed layout.
python3 "$(dirname "$0")/../docs/check_links.py" --installed "$work/root/usr/share/doc/headwave" \
    || fail "broken links in the installed documentation"

# 5. Install and run.
if [[ $(id -u) -ne 0 ]]; then
    echo "SKIP: installing needs root (CI runs as root); the package itself was checked"
    exit 77
fi
if dpkg-query -W -f='${Status}' headwave 2> /dev/null | grep -q 'install ok installed'; then
    echo "SKIP: a headwave package is already installed here; not replacing it"
    exit 77
fi
dpkg -i "$deb" > "$work/dpkg.log" 2>&1 || { cat "$work/dpkg.log"; fail "dpkg -i"; }
installed=1
grep -q '^headwave-cli ' <<< "$(/usr/bin/headwave-cli --version)" || fail "headwave-cli --version"
# dpkg's trigger of shared-mime-info registered the type system-wide.
if command -v xdg-mime > /dev/null; then
    [[ $(XDG_DATA_HOME=$work/no-home xdg-mime query filetype "$work/some.hwrun") == application/x-headwave-run ]] \
        || fail "the installed MIME type"
fi
man -w headwave-cli > /dev/null 2>&1 || [[ -f /usr/share/man/man1/headwave-cli.1.gz ]]
model=$shared/models/stories260K
if [[ -f $model/config.json && -f $shared/text/tinyshakespeare.txt ]]; then
    # tokenizer.model only: the installed program must find /usr/lib/headwave/libheadwave_spm.so.
    mkdir -p "$work/spm-model"
    cp "$model/config.json" "$model/model.safetensors" "$model/tokenizer.model" "$work/spm-model/"
    (cd "$work" && /usr/bin/headwave-cli analyze --model "$work/spm-model" \
        --corpus "$shared/text/tinyshakespeare.txt" --sequences 3 --min-tokens 64 \
        --max-tokens 128 --keep-heads 1:2 --out run.hwrun --quiet) || fail "installed analyze"
    report=$(/usr/bin/headwave-cli report "$work/run.hwrun") || fail "installed report"
    grep -q 'ρ\|rho' <<< "$report" || fail "installed report has no rho"
    [[ $(XDG_DATA_HOME=$work/no-home xdg-mime query filetype "$work/run.hwrun") == application/x-headwave-run ]] \
        || fail "a real results file is not application/x-headwave-run"
    /usr/bin/headwave-cli figures "$work/run.hwrun" --out "$work/figs" --format png --dpi 72 \
        > /dev/null 2>&1 || fail "installed figures"
    [[ -f $work/figs/manifest.json ]] || fail "figure set manifest"
    # The installed Python module: the model (its shim from /usr/lib/headwave) and the run file.
    if [[ -d $build/python/headwave ]]; then
        (cd "$work" && /usr/bin/python3 -c "
import headwave, numpy as np
m = headwave.Model('$work/spm-model')
a, tokens = m.attention('Once upon a time')
r = headwave.open_run('run.hwrun')
assert r.metrics.shape[:3] == (3, 5, 8), r.metrics.shape
print('python ok', headwave.__file__)") | grep -q '^python ok /usr/lib/python3/dist-packages/headwave/' \
            || fail "the installed Python module"
    fi
else
    echo "note: ../shared not found; the installed analysis was not run"
fi
# The GUI starts without libtorch and loads /usr/lib/headwave/libheadwave_torch.so at its first
# model: offscreen, the window shown, the installed demo opened and analysed, then quit.
if grep -q libtorch <<< "$(ldd /usr/bin/headwave)"; then fail "the GUI links libtorch at start"; fi
out=$(cd "$work" && HOME=$work QT_QPA_PLATFORM=offscreen timeout 60 /usr/bin/headwave --benchmark-startup 2>&1) \
    || { echo "$out"; fail "installed GUI did not start"; }
grep "^startup:" <<< "$out"
grep -q "first analysis on screen" <<< "$out" || { echo "$out"; fail "installed GUI did not analyse the demo"; }
echo "PASS"
