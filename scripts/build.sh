#!/usr/bin/env bash
# Build the npm package into pkg/ and the debugger site into site/.
#
#   bash scripts/build.sh
#
# Steps (each timed):
#   1. the wasm module: rustup's wasm32 target if installed (path 1), else Debian's rustc-web
#      building std from source (path 2; see TOOLCHAIN.md);
#   2. wasm-bindgen --target web, then wasm-opt -O3 (node_modules/.bin/wasm-opt; skipped with a
#      warning if missing). The result is cached under target/jwt-doctor/ keyed by the input
#      module's hash, so an unchanged module costs nothing. wasm-opt takes ~10-15 s on the full
#      module (npm's binaryen is itself wasm run by node): JWT_DOCTOR_WASM_OPT=0 skips it;
#   3. js/** (the package's JS/TS sources), pkg.json -> pkg/package.json, README.md, LICENSE*,
#      and jwt_doctor_inline.js (the module as base64, for the inline entry);
#   4. pkg/findings.d.ts, pkg/findings.js (the finding catalogue) and pkg/algs.d.ts, pkg/algs.js
#      (the algorithm table) from `cargo run --example catalogue`;
#   5. site/ = www/* + pkg/ as site/pkg/;
#   6. prints the wasm size, raw and gzipped.
# It also links node_modules/jwt-doctor -> ../pkg so Node tests import the package by its name.
# pkg/ and site/ are assembled in target/jwt-doctor/ and swapped in at the end, so a test that is
# reading pkg/ meanwhile never sees it half-built.
#
# Runs scripts/setup.sh first unless the caller already did (JD_SETUP_DONE=1).
# Under CI (CI set) cargo runs with --locked.
set -euo pipefail
# shellcheck source=scripts/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
cd "$JD_ROOT"

if [[ -z ${JD_SETUP_DONE:-} ]]; then
    bash scripts/setup.sh
fi

build_t0=$(jd_now_ms)
step_name=""
step_t0=0
step() {
    step_done
    step_name=$1
    step_t0=$(jd_now_ms)
    jd_log "$1"
}
step_done() {
    if [[ -n $step_name ]]; then
        jd_info "$(jd_fmt_ms $(($(jd_now_ms) - step_t0)))"
    fi
    step_name=""
}

target_dir=${CARGO_TARGET_DIR:-target}
work=$target_dir/jwt-doctor
mkdir -p "$work"
# One build at a time per checkout (cargo locks target/ itself; this covers pkg/ and site/).
exec 8>"$work/build.lock"
flock 8

locked=()
if [[ -n ${CI:-} ]]; then
    locked=(--locked)
fi

# --- 1. wasm ---------------------------------------------------------------------------------
wasm_in=$target_dir/wasm32-unknown-unknown/release/jwt_doctor.wasm
# Panic locations carry source paths into the module's data: drop the machine-specific prefixes
# (cargo's registry, Debian's std sources), which also makes the module independent of where it
# was built. Passed to the wasm builds only (as CARGO_ENCODED_RUSTFLAGS, after the caller's
# RUSTFLAGS); with --target, host build scripts and proc macros do not see them.
wasm_flags=()
if [[ -n ${RUSTFLAGS:-} ]]; then
    read -r -a wasm_flags <<<"$RUSTFLAGS"
fi
for prefix in "${CARGO_HOME:-$HOME/.cargo}"/registry/src/*/ /usr/lib/rustlib/src/rust/; do
    wasm_flags+=("--remap-path-prefix=$prefix=")
done
wasm_rustflags=$(IFS=$'\x1f' && echo "${wasm_flags[*]}")
if [[ "$(jd_wasm_path)" == path1 ]]; then
    step "building wasm (rustup wasm32 target)"
    CARGO_ENCODED_RUSTFLAGS=$wasm_rustflags \
        cargo build --release --target wasm32-unknown-unknown --lib "${locked[@]}"
else
    step "building wasm (Debian rustc + build-std; the first build takes ~80 s)"
    # std is built from source here, so it can be built to abort on a panic without formatting
    # a message (nothing on wasm32-unknown-unknown prints it; the trap is the same):
    # about 10 KB gzip less, which the size budget needs. The rustup path keeps the prebuilt std.
    wasm_rustflags+=$'\x1f-Zunstable-options\x1f-Cpanic=immediate-abort'
    # cold code (key import, diagnoses) built for size with #[optimize(size)]: see src/lib.rs
    wasm_rustflags+=$'\x1f--cfg\x1fjwt_doctor_size'
    CARGO_ENCODED_RUSTFLAGS=$wasm_rustflags RUSTC_BOOTSTRAP=1 RUSTC=$JD_DEBIAN_RUSTC \
        "$JD_DEBIAN_CARGO" build --release \
        --target wasm32-unknown-unknown -Zbuild-std=std,panic_abort --lib "${locked[@]}"
fi
[[ -f $wasm_in ]] || jd_die "cargo did not produce $wasm_in"

# --- 2. wasm-bindgen + wasm-opt (cached by input hash) ---------------------------------------
step "wasm-bindgen + wasm-opt"
wasm_opt=node_modules/.bin/wasm-opt
# The flags the brief asks for; the features the module declares are added on a cache miss.
base_flags=(-O3 --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext
    --enable-mutable-globals)
opt_id="none"
if [[ ${JWT_DOCTOR_WASM_OPT:-1} == 0 ]]; then
    jd_warn "JWT_DOCTOR_WASM_OPT=0: skipping wasm-opt (bigger module; for quick local iteration)"
elif [[ -x $wasm_opt ]]; then
    # npm's wasm-opt is itself wasm run by node (~0.2 s per call): identify it by its package
    # version instead of calling --version on every build.
    opt_id="binaryen $(node -p 'require("./node_modules/binaryen/package.json").version' 2>/dev/null ||
        echo unknown) ${base_flags[*]}"
else
    jd_warn "$wasm_opt missing (npm ci not run?): skipping wasm-opt"
fi
key=$({ sha256sum <"$wasm_in" && wasm-bindgen --version && echo "$opt_id ${base_flags[0]}"; } | sha256sum | cut -c1-32)
cached=$work/bindgen-$key
if [[ -d $cached ]]; then
    jd_info "module unchanged: reusing $cached"
else
    rm -rf "$work"/bindgen-* "$work/bindgen.tmp"
    wasm-bindgen --target web --remove-name-section --out-dir "$work/bindgen.tmp" \
        --out-name jwt_doctor "$wasm_in"
    if [[ $opt_id != none ]]; then
        # Plus whatever the module's target_features section declares (rustc 1.96 also marks
        # reference-types, multivalue, bulk-memory-opt, ...), if this wasm-opt knows the flag.
        read -r -a detected <<<"$(node scripts/wasm-features.mjs "$wasm_in")"
        supported=$("$wasm_opt" --help)
        mapfile -t opt_flags < <(
            for f in "${base_flags[@]:1}" "${detected[@]}"; do
                if grep -q -- "^ *$f " <<<"$supported"; then echo "$f"; fi
            done | sort -u
        )
        jd_info "wasm-opt ${base_flags[0]} ${opt_flags[*]}"
        "$wasm_opt" "${base_flags[0]}" "${opt_flags[@]}" "$work/bindgen.tmp/jwt_doctor_bg.wasm" \
            -o "$work/bindgen.tmp/jwt_doctor_bg.wasm"
    fi
    mv "$work/bindgen.tmp" "$cached"
fi
stage=$work/pkg.tmp
rm -rf "$stage"
mkdir -p "$stage"
cp -R "$cached/." "$stage/"

# --- 3. the JS package sources ---------------------------------------------------------------
step "package files"
if [[ -d js && -n "$(ls -A js)" ]]; then
    cp -R js/. "$stage/"
else
    jd_warn "js/ is missing or empty: the package has only the wasm-bindgen output"
fi
if [[ -f pkg.json ]]; then
    cp pkg.json "$stage/package.json"
else
    jd_warn "pkg.json missing: pkg/ has no package.json"
fi
# The package's version as a module (the verifier state and metrics carry it; workerd and
# browsers cannot read package.json at run time).
printf '// Generated by scripts/build.sh from pkg.json. Do not edit.\nexport const VERSION = %s;\n' \
    "$(node -p 'JSON.stringify(JSON.parse(require("fs").readFileSync("pkg.json", "utf8")).version)')" \
    >"$stage/version.js"
for f in README.md LICENSE*; do
    if [[ -f $f ]]; then cp "$f" "$stage/"; fi
done
# The module's bytes as base64 for the inline entry (inline.js): Bun, Deno and bundles
# of Node code that would leave the .wasm file behind.
{
    echo "// Generated by scripts/build.sh: jwt_doctor_bg.wasm as base64, for inline.js. Do not edit."
    printf 'export const WASM_BASE64 = "%s";\n' "$(base64 -w0 "$stage/jwt_doctor_bg.wasm")"
} >"$stage/jwt_doctor_inline.js"

# --- 4. generated files from the finding catalogue and the algorithm table --------------------
step "findings catalogue and algorithm table"
if [[ -f examples/catalogue.rs ]]; then
    cargo run --quiet "${locked[@]}" --example catalogue -- ts >"$stage/findings.d.ts"
    cargo run --quiet "${locked[@]}" --example catalogue -- js >"$stage/findings.js"
    cargo run --quiet "${locked[@]}" --example catalogue -- algs-ts >"$stage/algs.d.ts"
    cargo run --quiet "${locked[@]}" --example catalogue -- algs-js >"$stage/algs.js"
else
    jd_warn "examples/catalogue.rs missing: no pkg/findings.*, pkg/algs.*"
fi

# --- 5. swap in pkg/ and build site/ ---------------------------------------------------------
step "site"
site_stage=$work/site.tmp
rm -rf "$site_stage"
mkdir -p "$site_stage"
if [[ -d www && -n "$(ls -A www)" ]]; then
    cp -R www/. "$site_stage/"
else
    jd_warn "www/ is missing or empty: site/ has only pkg/"
fi
cp -R "$stage" "$site_stage/pkg"
swap() { # swap STAGED DEST
    rm -rf "$2.old"
    if [[ -e $2 ]]; then mv "$2" "$2.old"; fi
    mv "$1" "$2"
    rm -rf "$2.old"
}
swap "$stage" pkg
swap "$site_stage" site
if [[ -d node_modules ]]; then
    if [[ -L node_modules/jwt-doctor || ! -e node_modules/jwt-doctor ]]; then
        ln -sfn ../pkg node_modules/jwt-doctor
    else
        jd_warn "node_modules/jwt-doctor is not a symlink: left alone"
    fi
fi
step_done

# --- 6. size ---------------------------------------------------------------------------------
raw=$(wc -c <pkg/jwt_doctor_bg.wasm)
gz=$(gzip -9c pkg/jwt_doctor_bg.wasm | wc -c)
jd_log "pkg/jwt_doctor_bg.wasm: $raw bytes raw, $gz bytes gzip -9"
jd_log "build done in $(jd_fmt_ms $(($(jd_now_ms) - build_t0))): pkg/ and site/"
