#!/usr/bin/env bash
# Run the fuzz targets (cargo-fuzz, libFuzzer, AddressSanitizer) for a bounded time each.
#
#   bash fuzz/run.sh                          every target for 30 s (what CI runs)
#   bash fuzz/run.sh --time 3600 inspect      one target for an hour
#   bash fuzz/run.sh --time 3600 --runs 10000000 --parallel 2
#                                             the long campaign: each target until 10 M
#                                             executions or an hour, two targets at a time
#   bash fuzz/run.sh --replay                 only replay fuzz/regressions/ (no fuzzing)
#
# For each target it seeds fuzz/corpus/<target>/ from the shared vectors (fuzz/seed.sh), replays
# every committed reproducer in fuzz/regressions/<target>/, then fuzzes with the resource limits
# of SPEC §7: -rss_limit_mb=512 -malloc_limit_mb=128 (one allocation over 128 MB is a finding),
# -timeout=10 (one input over 10 s is a hang). A crash leaves its input in
# fuzz/artifacts/<target>/ and fails the run; minimise it (cargo fuzz tmin), fix the bug, and
# commit the minimised input under fuzz/regressions/<target>/ (cargo test replays it).
# The last status line of each target (executions, cov:, ft:) is printed at the end; full logs
# are in fuzz/artifacts/<target>.log.
#
# cargo-fuzz needs nightly compiler flags (-Zsanitizer): the stable rustup toolchain is used
# with RUSTC_BOOTSTRAP=1. JWT_DOCTOR_FUZZ_SANITIZER=none builds without AddressSanitizer
# (faster, for toolchains without its runtime). Processes run under `nice -n 10`.
set -euo pipefail
# shellcheck source=scripts/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/../scripts/common.sh"
cd "$JD_ROOT/fuzz"

all=(token key_import inspect options)
time_s=30
runs=0
parallel=1
replay_only=0
targets=()
while (($#)); do
    case $1 in
    --time) time_s=$2 && shift ;;
    --runs) runs=$2 && shift ;;
    --parallel) parallel=$2 && shift ;;
    --replay) replay_only=1 ;;
    -h | --help)
        jd_usage "${BASH_SOURCE[0]}"
        exit 0
        ;;
    -*) jd_die "unknown option $1 (try --help)" ;;
    *)
        [[ " ${all[*]} " == *" $1 "* ]] || jd_die "unknown target $1 (targets: ${all[*]})"
        targets+=("$1")
        ;;
    esac
    shift
done
((${#targets[@]})) || targets=("${all[@]}")

command -v cargo-fuzz >/dev/null 2>&1 ||
    jd_die "cargo-fuzz not found: run 'bash scripts/setup.sh --test' (installs it into $JD_TOOLS)"
export RUSTC_BOOTSTRAP=1
fuzz=(nice -n 10 cargo fuzz)
build=(--debug-assertions --sanitizer "${JWT_DOCTOR_FUZZ_SANITIZER:-address}")
limits=(-rss_limit_mb=512 -malloc_limit_mb=128 -timeout=10)

"${fuzz[@]}" build "${build[@]}" >/dev/null
bash seed.sh
mkdir -p artifacts

for t in "${targets[@]}"; do
    mkdir -p "corpus/$t" "regressions/$t"
    if [[ -n $(ls -A "regressions/$t") ]]; then
        "${fuzz[@]}" run "${build[@]}" "$t" "regressions/$t" -- -runs=0 "${limits[@]}" \
            >"artifacts/$t.replay.log" 2>&1 || {
            cat "artifacts/$t.replay.log"
            jd_die "$t: a committed reproducer fails again"
        }
        jd_info "$t: $(find "regressions/$t" -type f | wc -l) reproducers replayed"
    fi
done
((replay_only)) && exit 0

fuzz_one() { # fuzz_one TARGET: fuzz, then print the last status line
    local t=$1 rc=0
    "${fuzz[@]}" run "${build[@]}" "$t" "corpus/$t" -- -max_total_time="$time_s" -runs="${runs:-0}" \
        -print_final_stats=1 "${limits[@]}" >"artifacts/$t.log" 2>&1 || rc=$?
    local last
    last=$(grep -E '^#[0-9]+' "artifacts/$t.log" | tail -n 1 || true)
    if ((rc)); then
        grep -E 'panicked at|ERROR: libFuzzer|SUMMARY|Test unit written' "artifacts/$t.log" >&2 || true
        jd_warn "$t: FAILED (exit $rc) after ${last:-no status line}"
        return 1
    fi
    jd_info "$t: ${last#\#}"
}

if ((runs == 0)); then
    runs=-1 # libFuzzer: unlimited, stop on time
fi
failed=0
pids=()
for t in "${targets[@]}"; do
    fuzz_one "$t" &
    pids+=($!)
    if ((${#pids[@]} >= parallel)); then
        wait "${pids[0]}" || failed=1
        pids=("${pids[@]:1}")
    fi
done
for p in "${pids[@]}"; do
    wait "$p" || failed=1
done
((failed == 0)) || jd_die "a fuzz target failed: see fuzz/artifacts/"
