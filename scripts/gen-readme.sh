#!/usr/bin/env bash
# Regenerates the finding table of README.md from the catalogue in src/findings.rs, and the
# provider tables of docs/PROVIDERS.md from src/provider/catalogue.rs.
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

# docs/PROVIDERS.md: the identity-provider tables, from src/provider/catalogue.rs
providers=$(cargo run --quiet --example catalogue -- providers)
python3 - "$providers" <<'PY'
import sys
table = sys.argv[1] + "\n"
text = open("docs/PROVIDERS.md").read()
start, end = "<!-- providers:start -->\n", "<!-- providers:end -->"
a, b = text.index(start) + len(start), text.index(end)
open("docs/PROVIDERS.md", "w").write(text[:a] + table + text[b:])
PY
echo "docs/PROVIDERS.md: provider tables regenerated"
