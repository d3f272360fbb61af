#!/usr/bin/env bash
# Install everything the build needs, idempotently; every check is cheap, so a second run takes
# well under a second or two. Called by scripts/build.sh, scripts/start.sh and scripts/test.sh.
#
#   bash scripts/setup.sh          what build.sh and start.sh need
#   bash scripts/setup.sh --test   also what test.sh needs (chromium, openssl, prometheus, rustfmt,
#                                  clippy)
#
# What it does (see /work/shared/TOOLCHAIN.md for why):
#   - checks Node >= 20 and rustup's cargo;
#   - if rustup has no wasm32-unknown-unknown target (path 2), installs Debian's rustc-web
#     toolchain, which builds std from source (-Zbuild-std). On a laptop where
#     `rustup target add wasm32-unknown-unknown` works, run that once and nothing is installed;
#   - installs wasm-bindgen-cli at exactly the Cargo.lock version of the wasm-bindgen crate into
#     ${JWT_DOCTOR_CACHE:-$HOME/.cache/jwt-doctor}/tools/bin (outside the clone, so fresh CI
#     clones reuse it);
#   - runs `npm ci` when node_modules is missing or does not match package.json/package-lock.json;
#   - with --test, installs cargo-fuzz 0.13 into the same tools directory (for fuzz/run.sh), and
#     PyJWT + cryptography (pinned) with pip into ${JWT_DOCTOR_CACHE:-$HOME/.cache/jwt-doctor}/pyjwt
#     (tests/fix runs the PyJWT fixes with python3 and that PYTHONPATH).
# Runs of several clones on one machine are serialised with a lock in the cache directory.
set -euo pipefail
# shellcheck source=scripts/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

want_test=0
for arg in "$@"; do
    case $arg in
    --test) want_test=1 ;;
    -h | --help)
        jd_usage "${BASH_SOURCE[0]}"
        exit 0
        ;;
    *) jd_die "unknown option $arg (try --help)" ;;
    esac
done

# apt-get install the packages of "$@" that are missing; apt-get update only if something is.
apt_install() {
    local missing=() p
    for p in "$@"; do
        jd_deb_installed "$p" || missing+=("$p")
    done
    ((${#missing[@]} == 0)) && return 0
    local sudo=()
    if ((EUID != 0)); then
        command -v sudo >/dev/null 2>&1 || jd_die "need root (or sudo) to install: ${missing[*]}"
        sudo=(sudo)
    fi
    command -v apt-get >/dev/null 2>&1 ||
        jd_die "apt-get not found; install these packages by hand: ${missing[*]}"
    jd_log "installing Debian packages: ${missing[*]}"
    local t0
    t0=$(jd_now_ms)
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
        --no-install-recommends "${missing[@]}" </dev/null
    jd_info "installed in $(jd_fmt_ms $(($(jd_now_ms) - t0)))"
}

check_node() {
    command -v node >/dev/null 2>&1 || jd_die "Node.js 20 or newer is needed (node not found)"
    command -v npm >/dev/null 2>&1 || jd_die "npm not found (it ships with Node.js)"
    local major
    major=$(node -p 'process.versions.node.split(".")[0]')
    ((major >= 20)) || jd_die "Node.js 20 or newer is needed (found $(node --version))"
}

check_rust() {
    if ! command -v rustup >/dev/null 2>&1 || ! command -v cargo >/dev/null 2>&1; then
        jd_die "Rust is needed: install it with rustup (https://rustup.rs), then open a new shell"
    fi
    if ((want_test)); then
        if ! cargo fmt --version >/dev/null 2>&1 || ! cargo clippy --version >/dev/null 2>&1; then
            jd_log "adding rustup components rustfmt and clippy"
            timeout 120 rustup component add rustfmt clippy ||
                jd_die "rustfmt/clippy missing and 'rustup component add rustfmt clippy' failed"
        fi
    fi
}

wasm_toolchain() {
    if [[ "$(jd_wasm_path)" == path1 ]]; then
        jd_info "wasm: rustup target wasm32-unknown-unknown (path 1)"
        return 0
    fi
    jd_info "wasm: no rustup wasm32 target, using Debian rustc-web + build-std (path 2)"
    if ! apt_install "${JD_WASM_DEBS[@]}"; then
        jd_die "could not install ${JD_WASM_DEBS[*]} (Debian 12+ only). Alternative:" \
            "'rustup target add wasm32-unknown-unknown' where rustup can download."
    fi
    [[ -x $JD_DEBIAN_RUSTC && -x $JD_DEBIAN_CARGO && -x /usr/bin/rust-lld ]] ||
        jd_die "Debian rust toolchain incomplete: need $JD_DEBIAN_RUSTC, $JD_DEBIAN_CARGO, /usr/bin/rust-lld"
}

wasm_bindgen_cli() {
    local v have
    v=$(jd_wasm_bindgen_version)
    [[ -n $v ]] || jd_die "no wasm-bindgen package in Cargo.lock"
    have=$("$JD_TOOLS/bin/wasm-bindgen" --version 2>/dev/null || true)
    if [[ $have == "wasm-bindgen $v" ]]; then
        jd_info "wasm-bindgen $v (cached in $JD_TOOLS/bin)"
        return 0
    fi
    jd_log "installing wasm-bindgen-cli $v into $JD_TOOLS (once; ~2-3 min)"
    local t0
    t0=$(jd_now_ms)
    mkdir -p "$JD_TOOLS"
    # 1. The straightforward way. Where the registry mirror lacks a locked dependency
    #    (webpki-roots 1.0.11 here) it fails at once, but leaves the crate source in cargo's cache.
    if cargo install wasm-bindgen-cli --version "$v" --locked --root "$JD_TOOLS" --force; then
        jd_info "installed in $(jd_fmt_ms $(($(jd_now_ms) - t0)))"
        return 0
    fi
    jd_warn "locked install failed; pinning webpki-roots to a version the registry serves"
    local src tmp
    src=$(find "${CARGO_HOME:-$HOME/.cargo}/registry/src" -mindepth 2 -maxdepth 2 -type d \
        -name "wasm-bindgen-cli-$v" 2>/dev/null | head -n 1)
    [[ -n $src ]] || jd_die "wasm-bindgen-cli $v source not found in cargo's registry cache"
    tmp=$(mktemp -d "${TMPDIR:-/tmp}/wbg-src.XXXXXX")
    # shellcheck disable=SC2064 # expand now: tmp is local
    trap "rm -rf '$tmp'" EXIT
    cp -R "$src/." "$tmp/"
    # 2. keep every other package locked, move only the one the mirror does not have
    (cd "$tmp" && { cargo update -p webpki-roots --precise 1.0.10 || cargo update -p webpki-roots; })
    if ! cargo install --path "$tmp" --locked --root "$JD_TOOLS" --force; then
        # 3. last resort: let cargo resolve everything (builds, but not reproducibly)
        jd_warn "pinned install failed; installing without --locked"
        cargo install wasm-bindgen-cli --version "$v" --root "$JD_TOOLS" --force
    fi
    have=$("$JD_TOOLS/bin/wasm-bindgen" --version 2>/dev/null || true)
    [[ $have == "wasm-bindgen $v" ]] || jd_die "wasm-bindgen-cli install gave '$have', want $v"
    jd_info "installed in $(jd_fmt_ms $(($(jd_now_ms) - t0)))"
}

# cargo-fuzz for the fuzz phase of test.sh (fuzz/run.sh builds with RUSTC_BOOTSTRAP=1 on the
# stable toolchain, so no nightly is needed).
cargo_fuzz() {
    local have
    have=$("$JD_TOOLS/bin/cargo-fuzz" --version 2>/dev/null || true)
    if [[ $have == "cargo-fuzz 0.13."* ]]; then
        jd_info "$have (cached in $JD_TOOLS/bin)"
        return 0
    fi
    jd_log "installing cargo-fuzz 0.13 into $JD_TOOLS (once; ~1 min)"
    local t0
    t0=$(jd_now_ms)
    mkdir -p "$JD_TOOLS"
    cargo install cargo-fuzz --version '~0.13' --locked --root "$JD_TOOLS" --force
    jd_info "installed in $(jd_fmt_ms $(($(jd_now_ms) - t0)))"
}

# PyJWT for tests/fix (the fixes fixFor() writes for PyJWT are run in the real library).
JD_PYJWT_PINS=(PyJWT==2.15.1 cryptography==50.0.2)
pyjwt_cache() {
    local dir=$JD_CACHE/pyjwt stamp want
    command -v python3 >/dev/null 2>&1 || jd_die "python3 is needed by tests/fix (PyJWT)"
    want="$(python3 --version 2>&1) ${JD_PYJWT_PINS[*]}"
    stamp=$dir/.jwt-doctor-stamp
    if [[ -f $stamp && "$(cat "$stamp")" == "$want" ]]; then
        jd_info "${JD_PYJWT_PINS[*]} (cached in $dir)"
        return 0
    fi
    jd_log "pip install ${JD_PYJWT_PINS[*]} into $dir (once)"
    rm -rf "$dir"
    python3 -m pip install --quiet --disable-pip-version-check --no-input --root-user-action=ignore --target "$dir" \
        "${JD_PYJWT_PINS[@]}" </dev/null || jd_die "pip install ${JD_PYJWT_PINS[*]} failed"
    echo "$want" >"$stamp"
}

npm_deps() {
    cd "$JD_ROOT"
    [[ -f package-lock.json ]] || jd_die "package-lock.json missing: run 'npm install' and commit it"
    local stamp=node_modules/.jwt-doctor-npm-stamp want need=0
    want=$({ node --version && cat package.json package-lock.json; } | sha256sum | cut -d' ' -f1)
    if [[ ! -d node_modules ]]; then
        need=1
    elif [[ -f $stamp ]]; then
        [[ "$(cat "$stamp")" == "$want" ]] || need=1
    elif [[ ! -f node_modules/.package-lock.json || package-lock.json -nt node_modules/.package-lock.json ||
        package.json -nt node_modules/.package-lock.json ]]; then
        need=1 # installed before this script existed: trust it only if newer than the lock
    fi
    if ((need)); then
        jd_log "npm ci"
        local t0
        t0=$(jd_now_ms)
        npm ci --no-audit --no-fund </dev/null
        jd_info "npm ci in $(jd_fmt_ms $(($(jd_now_ms) - t0)))"
    else
        jd_info "node_modules up to date"
    fi
    echo "$want" >"$stamp"
}

main() {
    local t0
    t0=$(jd_now_ms)
    jd_log "setup"
    check_node
    check_rust
    wasm_toolchain
    # chromium for the page tests; openssl issues the X.509 certificates of the provider tests;
    # prometheus (with promtool) scrapes the fleet test's instances and checks deploy/'s rules
    ((want_test)) && apt_install chromium openssl prometheus
    wasm_bindgen_cli
    ((want_test)) && cargo_fuzz
    ((want_test)) && pyjwt_cache
    npm_deps
    jd_info "setup done in $(jd_fmt_ms $(($(jd_now_ms) - t0)))"
}

mkdir -p "$JD_CACHE"
exec 9>"$JD_CACHE/setup.lock"
if ! flock -n 9; then
    jd_log "waiting for another setup to finish (lock $JD_CACHE/setup.lock)"
    flock 9
fi
main
