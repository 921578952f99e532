#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Sharded runs on a real Slurm cluster: starts munge, slurmctld and slurmd on loopback from a scratch
# folder (as ../shared/docs/SLURM.md describes), runs one unsharded analyze, submits
# scripts/slurm/headwave-array.sbatch as a 3-task job array, merges the shards with
# scripts/slurm/merge.sh and checks that the merged results file is the single run's, byte for byte;
# then `report` must read it. Whatever happens, it cancels its jobs, stops the daemons it started (by
# PID) and removes the scratch folder.
#
#   run_slurm_test.sh HEADWAVE_CLI [SHARED_DIR]      (ctest -L slurm)
#
# Exit 0 pass, 1 fail, 77 skip (no ../shared; no Slurm and no way to install it). Missing Slurm
# packages are installed with apt-get when running as root (as CI does). Environment:
# HEADWAVE_SHARED overrides SHARED_DIR; HEADWAVE_SLURM_TEST_LIMIT is the time budget in seconds
# (default 420, below ctest's 600 so that clean-up always runs); HEADWAVE_SLURM_KEEP=1 keeps the
# scratch folder for a post-mortem. Concurrent runs on one machine wait for each other (a lock file).
set -euo pipefail

readonly kShards=3
limit=${HEADWAVE_SLURM_TEST_LIMIT:-420}
deadline=$((SECONDS + limit))
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
source_dir=$(cd "$here/../.." && pwd)

say() { echo "slurm-test: $*"; }
skip() {
    echo "slurm-test: SKIP: $*"
    exit 77
}
fail() {
    echo "slurm-test: FAIL: $*" >&2
    exit 1
}
now_ms() { echo $(($(date +%s%N) / 1000000)); }
t_start=$(now_ms)
phase_start=$t_start
phases=()
phase_done() {
    local t
    t=$(now_ms)
    phases+=("$1 $(((t - phase_start) / 1000)).$(((t - phase_start) % 1000 / 100))s")
    phase_start=$t
}

# Runs a command for at most min(MAX seconds, what is left of the budget): nothing can hang. It
# runs in the background so that a signal to this script is handled at once (bash defers traps
# while a foreground command runs); clean-up stops it. Not for commands that read stdin.
bg_pid=""
bounded() {
    local max=$1 left=$((deadline - SECONDS)) rc=0
    shift
    ((left < max)) && max=$left
    ((max < 1)) && max=1
    timeout -k 5 "$max" "$@" &
    bg_pid=$!
    wait "$bg_pid" || rc=$?
    bg_pid=""
    return "$rc"
}

# ---- inputs ------------------------------------------------------------------------------------
(($# >= 1)) || { echo "usage: run_slurm_test.sh HEADWAVE_CLI [SHARED_DIR]" >&2; exit 2; }
cli=$(realpath -- "$1")
[[ -x $cli ]] || fail "headwave-cli '$1' is not an executable file (build it first)"
shared=${HEADWAVE_SHARED:-${2:-$source_dir/../shared}}
[[ -d $shared ]] || skip "the shared data folder '$shared' is absent (set HEADWAVE_SHARED)"
shared=$(realpath -- "$shared")
model=$shared/models/stories260K
corpus=$shared/text/tinyshakespeare.txt
[[ -d $model ]] || skip "the test model '$model' is absent"
[[ -f $corpus ]] || skip "the test corpus '$corpus' is absent"
sbatch_script=$source_dir/scripts/slurm/headwave-array.sbatch
merge_script=$source_dir/scripts/slurm/merge.sh
[[ -f $sbatch_script && -f $merge_script ]] || fail "scripts/slurm/ is incomplete"

# ---- Slurm and munge (Debian: slurmctld slurmd slurm-client munge) ------------------------------
scratch=""
policy_rc_created=0
ctld_pid="" slurmd_pid="" munged_pid=""

proc_alive() { # a child that has exited stays as a zombie until reaped: that counts as gone
    local state
    state=$(awk '{print $3}' "/proc/$1/stat" 2>/dev/null) || return 1
    [[ -n $state && $state != Z ]]
}

stop_pid() { # stop_pid NAME PID: TERM, up to 10 s, then KILL; reap it
    local name=$1 pid=$2 i
    [[ -n $pid ]] || return 0
    if proc_alive "$pid"; then
        kill -TERM "$pid" 2>/dev/null || true
        for ((i = 0; i < 100; ++i)); do
            proc_alive "$pid" || break
            sleep 0.1
        done
        if proc_alive "$pid"; then
            say "$name (pid $pid) ignored TERM for 10 s; killing it"
            kill -KILL "$pid" 2>/dev/null || true
            sleep 0.2
        fi
    fi
    wait "$pid" 2>/dev/null || true
    if proc_alive "$pid"; then
        say "could not stop $name (pid $pid)"
        return 1
    fi
}

# Processes that carry this run's marker in their environment: the daemons, the slurmstepd they
# start and the job's processes (the marker is passed to the daemons and to sbatch, nowhere else).
marked_pids() {
    local p
    for p in /proc/[0-9]*; do
        p=${p#/proc/}
        [[ $p == "$$" ]] && continue
        if { tr '\0' '\n' <"/proc/$p/environ"; } 2>/dev/null | grep -qxF "HEADWAVE_SLURM_TEST_RUN=$scratch"; then
            echo "$p"
        fi
    done
}

dump_logs() {
    local f
    [[ -n $scratch && -d $scratch ]] || return 0
    for f in "$scratch"/log/* "$scratch"/work/*.out; do
        [[ -f $f ]] || continue
        echo "---- ${f#"$scratch"/} (last 40 lines)"
        tail -n 40 "$f"
    done
}

cleanup() {
    local rc=$? left i p
    trap - EXIT INT TERM HUP
    set +e
    if [[ -n $bg_pid ]]; then # interrupted while waiting for a command: timeout passes TERM on
        kill -TERM "$bg_pid" 2>/dev/null
        wait "$bg_pid" 2>/dev/null
    fi
    ((rc == 0 || rc == 77)) || dump_logs
    if [[ -n $ctld_pid ]] && proc_alive "$ctld_pid"; then
        timeout -k 2 10 scancel --user="$(id -un)" 2>/dev/null
        for ((i = 0; i < 40; ++i)); do # the queue empties once the tasks have been killed
            left=$(timeout -k 2 5 squeue -h -o %i 2>/dev/null | wc -l)
            ((left == 0)) && break
            sleep 0.5
        done
        ((left == 0)) || say "clean-up: $left job(s) still queued after scancel"
    fi
    local before=""
    [[ -n $scratch ]] && before=$(marked_pids)
    stop_pid slurmd "$slurmd_pid" || rc=1
    stop_pid slurmctld "$ctld_pid" || rc=1
    stop_pid munged "$munged_pid" || rc=1
    if [[ -n $scratch ]]; then
        left=$(marked_pids)
        for ((i = 0; i < 50 && ${#left} > 0; ++i)); do # a finishing slurmstepd needs a moment
            sleep 0.1
            left=$(marked_pids)
        done
        if [[ -n $left ]]; then
            say "clean-up: stopping left-over processes of this run:" "${left//$'\n'/ }"
            # shellcheck disable=SC2086
            kill -KILL $left 2>/dev/null
        fi
        # Orphans (a slurmstepd) are reaped by init, not by us: wait until they are really gone,
        # so that nothing of this run is listed by ps afterwards.
        for p in $before $left; do
            for ((i = 0; i < 50; ++i)); do
                [[ -e /proc/$p ]] || break
                sleep 0.1
            done
        done
        if [[ ${HEADWAVE_SLURM_KEEP:-0} == 1 ]]; then
            say "kept the scratch folder $scratch"
        else
            rm -rf -- "$scratch"
        fi
    fi
    ((policy_rc_created)) && rm -f /usr/sbin/policy-rc.d
    if ((${#phases[@]} > 0)); then
        say "timing: ${phases[*]}; total $((($(now_ms) - t_start) / 1000))s"
    fi
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP

commands=(munged mungekey munge unmunge slurmctld slurmd sbatch squeue sinfo scancel)
have_all() {
    local c
    for c in "${commands[@]}"; do
        command -v "$c" >/dev/null || return 1
    done
}
export PATH=$PATH:/usr/sbin:/sbin
if ! have_all; then
    if [[ $(id -u) -ne 0 ]] || ! command -v apt-get >/dev/null; then
        skip "Slurm and munge are not installed; as root: apt-get install slurmctld slurmd slurm-client munge (scripts/setup-debian.sh)"
    fi
    say "installing slurmctld slurmd slurm-client munge"
    if [[ ! -e /usr/sbin/policy-rc.d ]]; then
        # The packages' scripts would start system-wide daemons; this test starts its own.
        printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d
        chmod 755 /usr/sbin/policy-rc.d
        policy_rc_created=1
    fi
    export DEBIAN_FRONTEND=noninteractive
    bounded 120 apt-get update -qq || fail "apt-get update failed"
    bounded 180 apt-get install -y -qq --no-install-recommends slurmctld slurmd slurm-client munge ||
        fail "apt-get install failed"
    have_all || fail "installed Slurm, but a command is still missing: ${commands[*]}"
fi
[[ $(id -u) -eq 0 ]] || skip "slurmd must run as root to start jobs"
phase_done setup

# Concurrent runs of this test (engineers sharing a machine) take turns.
exec 9>"${TMPDIR:-/tmp}/headwave-slurm-test.lock"
bounded "$limit" flock 9 || fail "another slurm test held the lock for the whole time budget"
phase_done lock

# ---- a private cluster in a scratch folder ------------------------------------------------------
scratch=$(mktemp -d "${TMPDIR:-/tmp}/headwave-slurm.XXXXXX")
chmod 755 "$scratch" # munged refuses a socket folder that is not world-executable
mkdir -p "$scratch"/{munge,state,spool,log,work}
chmod 755 "$scratch/munge"
marker="HEADWAVE_SLURM_TEST_RUN=$scratch"

port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
ctld_port=""
for ((p = 16817; p < 16917; p += 2)); do
    if ! port_busy "$p" && ! port_busy $((p + 1)); then
        ctld_port=$p
        break
    fi
done
[[ -n $ctld_port ]] || fail "no two free ports in 16817..16918"
slurmd_port=$((ctld_port + 1))

sock=$scratch/munge/munge.socket.2
key=$scratch/munge/munge.key
mungekey --create --keyfile="$key" 2>"$scratch/log/mungekey.log" ||
    dd if=/dev/urandom of="$key" bs=1024 count=1 status=none
chmod 600 "$key"
env "$marker" munged --foreground --key-file="$key" --socket="$sock" \
    --pid-file="$scratch/munge/munged.pid" --log-file="$scratch/log/munged.log" \
    --seed-file="$scratch/munge/munged.seed" >"$scratch/log/munged.out" 2>&1 9>&- &
munged_pid=$!
for ((i = 0; i < 100; ++i)); do
    [[ -S $sock ]] && break
    proc_alive "$munged_pid" || fail "munged exited at start"
    sleep 0.1
done
timeout -k 2 10 munge -n -S "$sock" | timeout -k 2 10 unmunge -S "$sock" >/dev/null ||
    fail "munge does not work (socket $sock)"

# slurmd -C describes this machine (CPUs, sockets, cores, threads, memory) as slurm.conf wants it.
node_line=$(bounded 20 slurmd -C 2>/dev/null | grep -m1 '^NodeName=') ||
    fail "slurmd -C printed no NodeName line"
node_spec=$(echo "$node_line" | tr ' ' '\n' | grep -E '^(CPUs|Boards|SocketsPerBoard|CoresPerSocket|ThreadsPerCore|RealMemory)=' | tr '\n' ' ')
cat >"$scratch/slurm.conf" <<EOF
# written by tests/slurm/run_slurm_test.sh (see ../shared/docs/SLURM.md)
ClusterName=headwave-test
SlurmctldHost=localhost
SlurmctldPort=$ctld_port
SlurmdPort=$slurmd_port
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$sock
StateSaveLocation=$scratch/state
SlurmdSpoolDir=$scratch/spool
SlurmctldPidFile=$scratch/slurmctld.pid
SlurmdPidFile=$scratch/slurmd.pid
SlurmctldLogFile=$scratch/log/slurmctld.log
SlurmdLogFile=$scratch/log/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
MpiDefault=none
SwitchType=switch/none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
ReturnToService=2
MailProg=/bin/true
NodeName=localhost NodeAddr=127.0.0.1 $node_spec State=UNKNOWN
PartitionName=test Nodes=localhost Default=YES MaxTime=INFINITE State=UP
EOF
export SLURM_CONF=$scratch/slurm.conf

env "$marker" slurmctld -D -f "$SLURM_CONF" >"$scratch/log/slurmctld.out" 2>&1 9>&- &
ctld_pid=$!
env "$marker" slurmd -D -N localhost -f "$SLURM_CONF" >"$scratch/log/slurmd.out" 2>&1 9>&- &
slurmd_pid=$!
state=""
for ((i = 0; i < 300; ++i)); do
    proc_alive "$ctld_pid" || fail "slurmctld exited at start"
    proc_alive "$slurmd_pid" || fail "slurmd exited at start"
    state=$(bounded 5 sinfo -h -N -n localhost -o %t 2>/dev/null || true)
    [[ $state == idle ]] && break
    sleep 0.1
done
[[ $state == idle ]] || fail "the node did not become idle within 30 s (state '$state')"
say "cluster up on ports $ctld_port/$slurmd_port: $node_spec"
phase_done cluster

# ---- one unsharded run, then the same as a job array --------------------------------------------
work=$scratch/work
args=(--sequences 12 --min-tokens 64 --max-tokens 128 --alphas "0.5,0.25" --quiet)
# The array's tasks get one CPU each and so run with --threads 1; floating-point sums depend on the
# thread count, so the reference run uses one thread as well.
bounded 120 "$cli" analyze --model "$model" --corpus "$corpus" "${args[@]}" --threads 1 \
    --out "$work/single.hwrun" >"$work/single.log" 2>&1 || { cat "$work/single.log"; fail "the single run failed"; }
grep -q "12 sequences.*-> $work/single.hwrun" "$work/single.log" ||
    { cat "$work/single.log"; fail "the single run did not report 12 sequences"; }
phase_done single-run

sbatch_rc=0
bounded 240 env "$marker" MODEL="$model" CORPUS="$corpus" OUT="$work/run" SHARDS=$kShards \
    ARGS="${args[*]}" HEADWAVE_CLI="$cli" sbatch --wait --array=0-$((kShards - 1)) --cpus-per-task=1 --chdir="$work" \
    --output="$work/task-%a.out" --job-name=headwave-test "$sbatch_script" \
    >"$work/sbatch.out" 2>&1 || sbatch_rc=$?
cat "$work/sbatch.out"
((sbatch_rc != 124)) || fail "sbatch --wait did not return in time"
((sbatch_rc == 0)) || fail "sbatch exited with $sbatch_rc"
phase_done array

# sbatch --wait can exit 0 without having seen the tasks finish: check what each task wrote.
for ((k = 0; k < kShards; ++k)); do
    log=$work/task-$k.out
    [[ -f $log ]] || fail "task $k wrote no output file ($log)"
    grep -q "^headwave-array: task $k of $kShards " "$log" || { cat "$log"; fail "task $k did not start"; }
    grep -q " 4 sequences, .* -> $work/run.shard$k.hwrun\$" "$log" ||
        { cat "$log"; fail "task $k did not analyse its 4 sequences"; }
    [[ -s $work/run.shard$k.hwrun ]] || fail "task $k wrote no results file"
done

HEADWAVE_CLI="$cli" bounded 60 bash "$merge_script" "$work/run" "$kShards" >"$work/merge.log" 2>&1 ||
    { cat "$work/merge.log"; fail "merge.sh failed"; }
grep -q "merged $kShards runs: 12 sequences -> $work/run.hwrun" "$work/merge.log" ||
    { cat "$work/merge.log"; fail "merge did not combine $kShards runs into 12 sequences"; }
phase_done merge

# ---- the merged file must be the single run's --------------------------------------------------
if cmp -s "$work/single.hwrun" "$work/run.hwrun"; then
    say "merged result is byte-identical to the single run ($(stat -c %s "$work/run.hwrun") bytes)"
else
    say "merged result is NOT byte-identical to the single run: $(cmp "$work/single.hwrun" "$work/run.hwrun" 2>&1)"
    command -v /usr/bin/python3 >/dev/null || fail "no /usr/bin/python3 to say what differs"
    cmp_rc=0
    bounded 60 /usr/bin/python3 - "$work/single.hwrun" "$work/run.hwrun" <<'PY' || cmp_rc=$?
# Every member of the two .npz archives, compared exactly; the JSON 'meta' member key by key.
import json, sys
import numpy as np
single, merged = (np.load(p, allow_pickle=False) for p in sys.argv[1:3])
problems = []
if sorted(single.files) != sorted(merged.files):
    problems.append(f"members differ: {sorted(single.files)} vs {sorted(merged.files)}")
for name in sorted(set(single.files) & set(merged.files)):
    a, b = single[name], merged[name]
    if name == "meta":
        ma, mb = json.loads(str(a)), json.loads(str(b))
        for key in sorted(set(ma) | set(mb)):
            if ma.get(key) != mb.get(key):
                problems.append(f"meta.{key}: single {json.dumps(ma.get(key))[:300]} "
                                f"merged {json.dumps(mb.get(key))[:300]}")
    elif a.dtype != b.dtype or a.shape != b.shape:
        problems.append(f"{name}: {a.dtype}{a.shape} vs {b.dtype}{b.shape}")
    elif a.tobytes() != b.tobytes():
        diff = a != b
        if a.dtype.kind == "f":
            diff &= ~(np.isnan(a) & np.isnan(b))
            if not diff.any():
                problems.append(f"{name}: equal values, different bits (signed zeros or NaN payloads)")
                continue
            d = np.abs(a - b)[diff]
            problems.append(f"{name}: {int(diff.sum())} of {a.size} values differ, "
                            f"max |difference| {np.nanmax(d):.3g}, first at {np.argwhere(diff)[0].tolist()}")
        else:
            problems.append(f"{name}: {int(diff.sum())} of {a.size} values differ")
for p in problems:
    print("  differs:", p)
sys.exit(1 if problems else 0)
PY
    # Equal members in a different container would still break "identical runs, identical files".
    ((cmp_rc == 0)) && fail "the archives' members are equal, but the files are not byte-identical"
    fail "the merged result differs from the single run"
fi

bounded 60 "$cli" report "$work/run.hwrun" >"$work/report.md" 2>"$work/report.err" ||
    { cat "$work/report.err"; fail "report failed on the merged run"; }
if ! grep -q '^# Headwave report: stories260K' "$work/report.md" ||
    ! grep -q '^| sequences | 12 |' "$work/report.md"; then
    head -30 "$work/report.md"
    fail "report on the merged run lacks its title or 12 sequences"
fi
phase_done compare-report
say "PASS: $kShards Slurm array tasks, merged = single run"
