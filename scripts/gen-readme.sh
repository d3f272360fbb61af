#!/usr/bin/env bash
# Regenerates the finding table of README.md from the catalogue in src/findings.rs.
set -euo pipefail
cd "$(dirname "$0")/.."
table=$(cargo run --quiet --example catalogue -- md)
python3 - "$table" <<'PY'
import sys
table = sys.argv[1] + "\n"
text = open("README.md").read()
start, end = "<!-- findings:start -->\n", "<!-- findings:end -->"
a, b = text.index(start) + len(start), text.index(end)
open("README.md", "w").write(text[:a] + table + text[b:])
PY
echo "README.md: finding table regenerated"
