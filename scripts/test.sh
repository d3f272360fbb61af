#!/usr/bin/env bash
# Install what is needed, build, and run every test; exits non-zero on the first failing phase.
#
#   bash scripts/test.sh            everything (what CI runs through .ci/run)
#   bash scripts/test.sh --quick    skip cargo fmt --check and clippy (local iteration)
#
# Phases, each timed, with its runner's summary:
#   setup, build                     scripts/setup.sh --test, scripts/build.sh
#   fmt                              cargo fmt --all --check
#   clippy                           cargo clippy --workspace --all-targets -- -D warnings
#   rust                             cargo test (native; JWT_DOCTOR_VECTORS is passed through)
#   js                               node --test tests/js/**/*.test.mjs tests/cli/**/*.test.mjs
#   fix                              node --test tests/fix/**/*.test.mjs: fixFor()'s snippets run in
#                                    jose, jsonwebtoken, fast-jwt, hono/jwt and PyJWT (python3, the
#                                    PyJWT that setup.sh --test pip-installs into the cache)
#   browser                          node --test tests/browser/**/*.test.mjs (Playwright, /usr/bin/chromium)
#   edge                             node --test tests/edge/**/*.test.mjs (workerd)
#   middleware                       node --test tests/middleware/**/*.test.mjs: jwt-doctor/hono on
#                                    @hono/node-server and in workerd (wrangler-bundled), /express
#                                    on Express 5, over HTTP on 127.0.0.1
#   package                          node --test tests/package/**/*.test.mjs: npm pack ./pkg, install
#                                    the tarball in a temp project; publint, attw, Node, tsc,
#                                    Chromium (+ vite build), workerd (+ wrangler), Deno, Bun
#   bench                            node bench/run.mjs, bench/reject.mjs, bench/keysource.mjs and
#                                    bench/state.mjs, each --quick (smoke runs with their sanity
#                                    checks; the numbers are not judged)
#   fuzz                             bash fuzz/run.sh: replay fuzz/regressions/, then each cargo-fuzz
#                                    target for JWT_DOCTOR_FUZZ_SECONDS (default 30) with the limits
#                                    of SPEC §7 (skipped with --quick)
# A test folder without test files is skipped ("no tests yet in ..."), but a run in which no test
# at all ran fails. The Node tests import the package by its name: build.sh links
# node_modules/jwt-doctor -> ../pkg (re-checked here), so `import ... from 'jwt-doctor'` resolves
# through pkg/package.json's exports exactly as for an installed package.
# Each test phase is killed after JWT_DOCTOR_PHASE_TIMEOUT seconds (default 900).
set -euo pipefail
# shellcheck source=scripts/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
cd "$JD_ROOT"

quick=0
for arg in "$@"; do
    case $arg in
    --quick) quick=1 ;;
    -h | --help)
        jd_usage "${BASH_SOURCE[0]}"
        exit 0
        ;;
    *) jd_die "unknown option $arg (try --help)" ;;
    esac
done

locked=()
if [[ -n ${CI:-} ]]; then
    locked=(--locked)
fi
phase_timeout=${JWT_DOCTOR_PHASE_TIMEOUT:-900}
# On a terminal, keep the tests in the foreground process group so Ctrl-C reaches them.
timeout_cmd=(timeout -k 10 "$phase_timeout")
if [[ -t 0 ]]; then
    timeout_cmd=(timeout --foreground -k 10 "$phase_timeout")
fi
logs=$(mktemp -d "${TMPDIR:-/tmp}/jwt-doctor-test.XXXXXX")

run_t0=$(jd_now_ms)
summary=()
tests_run=0
phase=""
phase_t0=0

begin() { # begin NAME [WHAT]: without WHAT the phase prints its own heading
    phase=$1
    phase_t0=$(jd_now_ms)
    if [[ -n ${2:-} ]]; then
        jd_log "$1: $2"
    fi
}
end() { # end [RESULT]
    local took
    took=$(jd_fmt_ms $(($(jd_now_ms) - phase_t0)))
    jd_info "$phase: ${1:+$1, }$took"
    summary+=("$phase $took")
    phase=""
}
skip() {
    jd_log "$1: $2"
    summary+=("$1 skipped")
}
on_exit() {
    local rc=$?
    if [[ -n $phase ]]; then
        summary+=("$phase FAILED after $(jd_fmt_ms $(($(jd_now_ms) - phase_t0)))")
    fi
    rm -rf "$logs"
    local line
    line=$(printf ' | %s' "${summary[@]}")
    if ((rc == 0)); then
        jd_log "all passed ($tests_run tests) in $(jd_fmt_ms $(($(jd_now_ms) - run_t0))): ${line:3}"
    else
        jd_log "FAILED (exit $rc) after $(jd_fmt_ms $(($(jd_now_ms) - run_t0))): ${line:3}"
    fi
}
trap on_exit EXIT

# Test files of a folder, sorted (into the array named by $2).
find_tests() {
    mapfile -t "$2" < <(find "$1" -type f \( -name '*.test.mjs' -o -name '*.test.js' \) \
        -not -path '*/node_modules/*' 2>/dev/null | sort)
}

# Run node --test on the *.test.mjs files of a folder; count its tests.
node_phase() { # node_phase NAME DIR[,DIR...] [node options...]
    local name=$1 dir=$2 files=() more=() dirs=() d
    shift 2
    IFS=, read -r -a dirs <<<"$dir"
    for d in "${dirs[@]}"; do
        find_tests "$d" more
        files+=("${more[@]}")
    done
    if ((${#files[@]} == 0)); then
        skip "$name" "no tests yet in $dir/"
        return 0
    fi
    begin "$name" "node --test $dir/ (${#files[@]} files)"
    # --single-threaded: V8 posts no background compile or GC jobs, which avoids Node's
    # exit-time deadlock (nodejs/node#54918: the main thread joins platform workers that wait
    # on it); seen here as a test file whose process never exited after its tests passed, about
    # one run in three of tests/js under load. The runner passes the flag to each file's process.
    "${timeout_cmd[@]}" node --single-threaded --test --test-reporter=spec "$@" "${files[@]}" 2>&1 |
        tee "$logs/$name.log"
    # the spec reporter ends with "ℹ tests N", "ℹ pass N", "ℹ fail N", ...
    local n pass fail skipped
    n=$(sed -n 's/^ℹ tests \([0-9]*\)$/\1/p' "$logs/$name.log" | tail -n 1)
    pass=$(sed -n 's/^ℹ pass \([0-9]*\)$/\1/p' "$logs/$name.log" | tail -n 1)
    fail=$(sed -n 's/^ℹ fail \([0-9]*\)$/\1/p' "$logs/$name.log" | tail -n 1)
    skipped=$(sed -n 's/^ℹ skipped \([0-9]*\)$/\1/p' "$logs/$name.log" | tail -n 1)
    tests_run=$((tests_run + ${pass:-0}))
    end "${n:-?} tests, ${pass:-?} passed, ${fail:-?} failed, ${skipped:-0} skipped"
}

# --- setup and build -------------------------------------------------------------------------
begin setup
bash scripts/setup.sh --test
end
begin build
JD_SETUP_DONE=1 bash scripts/build.sh
end

# --- Rust --------------------------------------------------------------------------------------
if ((quick)); then
    skip fmt "--quick"
    skip clippy "--quick"
else
    begin fmt "cargo fmt --all --check"
    cargo fmt --all --check
    end "formatted"
    begin clippy "cargo clippy --workspace --all-targets -- -D warnings"
    cargo clippy --workspace --all-targets "${locked[@]}" -- -D warnings
    end "no warnings"
fi

begin rust "cargo test${JWT_DOCTOR_VECTORS:+ (JWT_DOCTOR_VECTORS=$JWT_DOCTOR_VECTORS)}"
"${timeout_cmd[@]}" cargo test "${locked[@]}" 2>&1 | tee "$logs/rust.log"
# "test result: ok. 12 passed; 0 failed; 1 ignored; 0 measured; 0 filtered out; finished in 0.01s"
read -r passed failed ignored suites < <(awk '
    /^test result:/ { s++; for (i = 1; i <= NF; i++) {
        if ($(i+1) ~ /^passed/) p += $i; if ($(i+1) ~ /^failed/) f += $i; if ($(i+1) ~ /^ignored/) g += $i } }
    END { print p + 0, f + 0, g + 0, s + 0 }' "$logs/rust.log")
tests_run=$((tests_run + passed))
end "$passed passed, $failed failed, $ignored ignored in $suites test binaries"

# --- JavaScript ------------------------------------------------------------------------------
if [[ -d node_modules && ! -e node_modules/jwt-doctor ]]; then
    ln -sfn ../pkg node_modules/jwt-doctor
fi
node_phase js tests/js,tests/cli
node_phase fix tests/fix
node_phase browser tests/browser
node_phase edge tests/edge
node_phase middleware tests/middleware
node_phase package tests/package

# --- Benchmark smoke run: every implementation must accept the tokens (numbers not judged) ---
begin bench "node bench/run.mjs, bench/reject.mjs, bench/keysource.mjs, bench/state.mjs (--quick)"
"${timeout_cmd[@]}" node --single-threaded bench/run.mjs --quick 2>&1 | tee "$logs/bench.log" | tail -n 3
"${timeout_cmd[@]}" node --single-threaded bench/reject.mjs --quick 2>&1 | tee -a "$logs/bench.log" | tail -n 3
"${timeout_cmd[@]}" node --single-threaded bench/keysource.mjs --quick 2>/dev/null | tee -a "$logs/bench.log" | tail -n 3
"${timeout_cmd[@]}" node --single-threaded bench/state.mjs --quick 2>&1 | tee -a "$logs/bench.log" | tail -n 2
end "smoke run ok"

# --- Fuzzing -----------------------------------------------------------------------------------
if ((quick)); then
    skip fuzz "--quick"
else
    begin fuzz "bash fuzz/run.sh --time ${JWT_DOCTOR_FUZZ_SECONDS:-30} (4 targets)"
    "${timeout_cmd[@]}" bash fuzz/run.sh --time "${JWT_DOCTOR_FUZZ_SECONDS:-30}" 2>&1 |
        tee "$logs/fuzz.log"
    end "$(grep -c 'DONE' "$logs/fuzz.log" || true) targets clean"
fi

if ((tests_run == 0)); then
    jd_die "no test ran at all: that is not a pass"
fi
