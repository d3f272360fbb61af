# shellcheck shell=bash
# shellcheck disable=SC2034 # variables used by the scripts that source this file
# Shared helpers for scripts/*.sh. Source it; it defines variables and functions only.
#
#   JD_ROOT   the repository root (absolute)
#   JD_CACHE  ${JWT_DOCTOR_CACHE:-$HOME/.cache/jwt-doctor}: tools cached outside the clone
#   JD_TOOLS  $JD_CACHE/tools (cargo install --root); $JD_TOOLS/bin is put first on PATH

JD_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
JD_CACHE=${JWT_DOCTOR_CACHE:-$HOME/.cache/jwt-doctor}
JD_TOOLS=$JD_CACHE/tools
export JD_ROOT JD_CACHE JD_TOOLS

# rustup's cargo must win over Debian's /usr/bin/cargo (which path 2 calls by its full path).
if [[ -d "${CARGO_HOME:-$HOME/.cargo}/bin" && ":$PATH:" != *":${CARGO_HOME:-$HOME/.cargo}/bin:"* ]]; then
    PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
fi
if [[ ":$PATH:" != *":$JD_TOOLS/bin:"* ]]; then
    PATH="$JD_TOOLS/bin:$PATH"
fi
export PATH

# Debian's toolchain for path 2 (std built from source with -Zbuild-std).
JD_DEBIAN_RUSTC=/usr/bin/rustc
JD_DEBIAN_CARGO=/usr/bin/cargo
JD_WASM_DEBS=(rustc-web cargo-web rust-web-src rust-web-llvm lld-22)

jd_log() { printf '==> %s\n' "$*"; }
jd_info() { printf '    %s\n' "$*"; }
jd_warn() { printf 'warning: %s\n' "$*" >&2; }
jd_die() {
    printf 'error: %s\n' "$*" >&2
    exit 1
}

# Milliseconds since the epoch (bash 5: EPOCHREALTIME; the decimal separator follows the locale).
jd_now_ms() {
    local t=${EPOCHREALTIME/[.,]/}
    echo $((10#$t / 1000))
}

# 1234 -> "1.2s"
jd_fmt_ms() {
    local ms=$1
    printf '%d.%ds' $((ms / 1000)) $((ms % 1000 / 100))
}

# "path1" when the rustup toolchain has the wasm32 target (a normal laptop), else "path2"
# (Debian's rustc-web building std from source). Cached for the life of the process.
jd_wasm_path() {
    if [[ -z "${JD_WASM_PATH:-}" ]]; then
        if command -v rustup >/dev/null 2>&1 &&
            rustup target list --installed 2>/dev/null | grep -qx 'wasm32-unknown-unknown'; then
            JD_WASM_PATH=path1
        else
            JD_WASM_PATH=path2
        fi
        export JD_WASM_PATH
    fi
    echo "$JD_WASM_PATH"
}

# The version of the wasm-bindgen crate in Cargo.lock (the CLI must match it exactly).
jd_wasm_bindgen_version() {
    awk '
        /^\[\[package\]\]/ { name = "" }
        /^name = / { name = $3; gsub(/"/, "", name) }
        /^version = / && name == "wasm-bindgen" { v = $3; gsub(/"/, "", v); print v; exit }
    ' "$JD_ROOT/Cargo.lock"
}

# Installed Debian package? (cheap: no apt involved)
jd_deb_installed() {
    [[ "$(dpkg-query -W -f='${db:Status-Status}' "$1" 2>/dev/null)" == installed ]]
}

# Print the comment block at the top of a script (its usage text).
jd_usage() {
    awk 'NR == 1 { next } /^#/ { sub(/^# ?/, ""); print; next } { exit }' "$1"
}
