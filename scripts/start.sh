#!/usr/bin/env bash
# Install what is needed, build pkg/ and site/, and serve the debugger page on 127.0.0.1.
#
#   bash scripts/start.sh              # http://127.0.0.1:8080/ (or the next free port)
#   PORT=9000 bash scripts/start.sh
#
# Stays in the foreground until Ctrl-C. Safe to re-run: installs are skipped once done and an
# unchanged build takes a few seconds.
set -euo pipefail
# shellcheck source=scripts/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
cd "$JD_ROOT"

t0=$(jd_now_ms)
bash scripts/setup.sh
JD_SETUP_DONE=1 bash scripts/build.sh
jd_log "ready in $(jd_fmt_ms $(($(jd_now_ms) - t0))); serving site/ (Ctrl-C to stop)"
exec node scripts/serve.mjs site --port "${PORT:-8080}" --host 127.0.0.1
