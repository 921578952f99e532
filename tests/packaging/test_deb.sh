#!/usr/bin/env bash
# The Debian package end to end: cpack builds it; its control data, dependencies (shlibdeps) and
# files are checked; the desktop file and AppStream metadata validate; then, as root, it is
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
         ./usr/share/man/man1/headwave-figures.1.gz ./usr/share/doc/headwave/README.md; do
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
if command -v appstreamcli > /dev/null; then
    appstreamcli validate --no-net "$work/root/usr/share/metainfo/org.headwave.Headwave.metainfo.xml" \
        || fail "AppStream metadata"
fi
# Here-strings, not pipes into grep -q: with pipefail, grep leaving early kills the writer with
# SIGPIPE and the check fails although the text was there.
grep -q '^.TH HEADWAVE-CLI 1' <<< "$(zcat "$work/root/usr/share/man/man1/headwave-cli.1.gz")" || fail "man page"

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
