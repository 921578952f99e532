#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The hardening stages of CI (docs/robustness.md), run by scripts/test.sh after the normal suite.
# All three use clang 14: GCC 12 with -fsanitize=address,undefined was many times slower per
# engine file (measured: over 50 s of CPU for one file, clang a few seconds), too slow for CI.
#   asan  build-asan/: the torch-free engine and every test that needs no libtorch (engine tests,
#         fuzz regressions, fault tests incl. 300 cancelled runs, the app's engine bridge on a
#         stand-in plugin) with AddressSanitizer + UBSan + LeakSanitizer; clang 14 cannot compile
#         libtorch 1.13's headers as C++20, so the real-model fault test loads the normal build's
#         build/bin/libheadwave_torch.so (docs/robustness.md). Warnings are errors in all three,
#         as in the normal GCC build: clang checks a few more.
#   tsan  build-tsan/: the job runner's and the fault tests' threads under ThreadSanitizer, and
#         the app's engine bridge (EngineController, Qt Core) on a stand-in for the libtorch
#         plugin (tests/app/test_engine_bridge.cpp); Qt is not instrumented, so a few of its
#         internals are suppressed, by name (tests/sanitizers/tsan.supp)
#   fuzz  build-fuzz/ (clang): every libFuzzer target from a seed corpus built from ../shared and
#         the project's files, HEADWAVE_FUZZ_SECONDS each (default 20); a crash, leak, timeout or
#         sanitizer report fails the stage and leaves the input in build-fuzz/findings/<target>/
# Environment: HEADWAVE_HARDENING_STAGES="asan tsan fuzz" (default: all three),
# HEADWAVE_FUZZ_SECONDS=20. Prints the time of each stage and a table of fuzz executions.
set -euo pipefail
cd "$(dirname "$0")/.."
jobs=$(nproc 2>/dev/null || echo 2)
stages=${HEADWAVE_HARDENING_STAGES:-"asan tsan fuzz"}
fuzz_seconds=${HEADWAVE_FUZZ_SECONDS:-20}
shared=${HEADWAVE_SHARED:-$(cd .. && pwd)/shared}
suppressions=$(pwd)/tests/sanitizers

export ASAN_OPTIONS="detect_leaks=1:strict_string_checks=1:detect_stack_use_after_return=1:check_initialization_order=1"
export LSAN_OPTIONS="suppressions=$suppressions/lsan.supp:print_suppressions=0"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
export TSAN_OPTIONS="halt_on_error=1:second_deadlock_stack=1:suppressions=$suppressions/tsan.supp"

stage_time() {  # name, start seconds
    echo "ci-hardening: stage $1 took $(( $(date +%s) - $2 )) s"
}

for stage in $stages; do
    start=$(date +%s)
    case $stage in
    asan)
        echo "== asan: ASan + UBSan build of the engine, the CLI, the app and their tests (build-asan)"
        # clang cannot compile libtorch's headers: the programs and tests load the normal build's
        # libtorch plugin (GCC, not instrumented) through headwave_torch_lazy when it is there.
        plugin=$(pwd)/build/bin/libheadwave_torch.so
        external=()
        if [[ -f $plugin ]]; then
            external=(-DHEADWAVE_EXTERNAL_TORCH_PLUGIN="$plugin")
            export HEADWAVE_TORCH_PLUGIN=$plugin
        fi
        CC=clang CXX=clang++ cmake -S . -B build-asan -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DHEADWAVE_WERROR=ON \
            -DHEADWAVE_SANITIZE_ADDRESS=ON -DHEADWAVE_WITH_TORCH=OFF "${external[@]}" >/dev/null
        cmake --build build-asan --parallel "$jobs"
        # The documentation tests (label docs) check the documents, not memory: they run once, in
        # the normal build.
        ctest --test-dir build-asan --output-on-failure --parallel "$jobs" -LE "slurm|demo|docs"
        unset HEADWAVE_TORCH_PLUGIN
        ;;
    tsan)
        echo "== tsan: ThreadSanitizer on the job runner, the fault tests and the app's engine bridge (build-tsan)"
        CC=clang CXX=clang++ cmake -S . -B build-tsan -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DHEADWAVE_WERROR=ON \
            -DHEADWAVE_SANITIZE_THREAD=ON -DHEADWAVE_WITH_TORCH=OFF >/dev/null
        cmake --build build-tsan --parallel "$jobs" --target tsan_job_runner tsan_faults \
            test_engine_bridge headwave_standin_torch_plugin tsan_canary
        ctest --test-dir build-tsan --output-on-failure -R "^tsan\."
        ;;
    fuzz)
        echo "== fuzz: libFuzzer targets, $fuzz_seconds s each (build-fuzz, clang)"
        CC=clang CXX=clang++ cmake -S . -B build-fuzz -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DHEADWAVE_WERROR=ON \
            -DHEADWAVE_FUZZ=ON >/dev/null
        cmake --build build-fuzz --parallel "$jobs"
        # The kept regressions and the model-free fault tests under clang's ASan + UBSan.
        ctest --test-dir build-fuzz --output-on-failure
        seeds=build-fuzz/seeds
        rm -rf "$seeds"
        cli=""
        [[ -x build/bin/headwave-cli ]] && cli=$(pwd)/build/bin/headwave-cli
        python3 tests/fuzz/make_seeds.py "$seeds" "$shared" "$(pwd)" $cli
        report=build-fuzz/fuzz-report.md
        printf '| target | seconds | executions | exec/s | corpus | coverage | findings |\n|---|---|---|---|---|---|---|\n' >"$report"
        failed=0
        for bin in build-fuzz/bin/fuzz_*; do
            target=${bin#build-fuzz/bin/fuzz_}
            corpus=build-fuzz/corpus/$target
            findings=build-fuzz/findings/$target
            mkdir -p "$corpus" "$findings"
            log=build-fuzz/fuzz-$target.log
            # Kept regressions first, then the seeds; new inputs go to the (growing) corpus.
            rc=0
            "$bin" "$corpus" "$seeds/$target" tests/fuzz/regressions/$target \
                -max_total_time="$fuzz_seconds" -timeout=10 -rss_limit_mb=2560 -max_len=65536 \
                -print_final_stats=1 -artifact_prefix="$findings/" >"$log" 2>&1 || rc=$?
            execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo 0)
            rate=$(grep -o 'stat::average_exec_per_sec: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo 0)
            cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1 | grep -o '[0-9]*' || echo 0)
            units=$(ls "$corpus" | wc -l)
            found=$(ls "$findings" | wc -l)
            printf '| %s | %s | %s | %s | %s | %s | %s |\n' "$target" "$fuzz_seconds" "${execs:-0}" \
                "${rate:-0}" "$units" "${cov:-0}" "$found" >>"$report"
            if [[ $rc -ne 0 || $found -ne 0 ]]; then
                echo "ci-hardening: fuzz_$target FAILED (exit $rc); input in $findings, log $log"
                grep -m 20 -E 'ERROR|SUMMARY|==[0-9]+==' "$log" || true
                failed=1
            fi
        done
        cat "$report"
        if [[ $failed -ne 0 ]]; then
            exit 1
        fi
        ;;
    *)
        echo "ci-hardening: unknown stage '$stage' (asan, tsan, fuzz)" >&2
        exit 2
        ;;
    esac
    stage_time "$stage" "$start"
done
