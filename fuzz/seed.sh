#!/usr/bin/env bash
# Build the seed corpora of the fuzz targets under fuzz/corpus/<target>/ (git-ignored) from the
# shared conformance vectors, at run time: the vectors are never copied into git.
#
#   bash fuzz/seed.sh              seeds from ${JWT_DOCTOR_VECTORS:-../shared/vectors}
#
# What each target gets (input layouts: fuzz/src/lib.rs):
#   token       every token of compact_jws_index.jsonl and attacks.json, as is and as
#               "Bearer <token>"
#   inspect     every token behind the selector bytes of the fixed key that fits its alg, and
#               of the fixed JWK Set (inspect and verify drivers)
#   key_import  every `key` of those files (text; JSON objects also as JSON values) and every
#               file under peers/ (as text and as bytes: DER files are bytes)
#   options     {"key" or "jwks", "algorithms", "now"} options built from every case
# File names are the SHA-1 of the content, as libFuzzer names them, so reseeding is idempotent.
# Without the vectors it says so and leaves the corpora as they are (the fuzzers still run).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
vectors=${JWT_DOCTOR_VECTORS:-$here/../../shared/vectors}
if [[ ! -f $vectors/compact_jws_index.jsonl ]]; then
    echo "fuzz/seed.sh: vectors not found at $vectors, seeding skipped"
    exit 0
fi
mkdir -p "$here/corpus"/{token,inspect,key_import,options}
node --input-type=module - "$vectors" "$here/corpus" <<'EOF'
import { createHash } from "node:crypto";
import { readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const [vectors, out] = process.argv.slice(2);
const counts = {};
const put = (target, bytes) => {
  const buf = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes);
  writeFileSync(join(out, target, createHash("sha1").update(buf).digest("hex")), buf);
  counts[target] = (counts[target] ?? 0) + 1;
};
// The selector bytes of the `inspect` target: fixed key 1..6 (hs, rsa, p256, p384, p521,
// ed25519), 7 the JWK Set of all six; + 8 adds an allow-list.
const keyFor = (alg) =>
  (alg = String(alg ?? "")).startsWith("HS") ? 1 : /^[RP]S/.test(alg) ? 2 : alg === "ES256" ? 3 : alg === "ES384" ? 4 : alg === "ES512" ? 5 : 6;

const cases = [
  ...readFileSync(join(vectors, "compact_jws_index.jsonl"), "utf8").split("\n").filter(Boolean).map((l) => JSON.parse(l)),
  ...JSON.parse(readFileSync(join(vectors, "attacks.json"), "utf8")),
];
for (const c of cases) {
  if (typeof c.token === "string") {
    put("token", c.token);
    put("token", `Bearer ${c.token}`);
    for (const [policy, mode] of [[keyFor(c.alg), 0], [7, 0], [keyFor(c.alg) + 8, 1], [15, 2]]) {
      put("inspect", Buffer.concat([Buffer.from([policy, mode]), Buffer.from(c.token)]));
    }
  }
  if (c.key !== undefined && c.key !== null) {
    const text = typeof c.key === "string" ? c.key : JSON.stringify(c.key);
    put("key_import", Buffer.concat([Buffer.from([0]), Buffer.from(text)]));
    if (typeof c.key === "object") put("key_import", Buffer.concat([Buffer.from([8]), Buffer.from(text)]));
    const which = typeof c.key === "object" && Array.isArray(c.key.keys) ? "jwks" : "key";
    const options = { [which]: c.key, now: 1300819000 };
    if (typeof c.alg === "string" && c.alg.toLowerCase() !== "none") options.algorithms = [c.alg];
    put("options", JSON.stringify(options));
  }
}
const walk = (dir) =>
  readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? walk(p) : [p];
  });
for (const file of walk(join(vectors, "peers"))) {
  if (/LICENSE|README/.test(file)) continue;
  const bytes = readFileSync(file);
  if (bytes.length > 64 * 1024) continue;
  put("key_import", Buffer.concat([Buffer.from([0]), bytes]));
  put("key_import", Buffer.concat([Buffer.from([4]), bytes]));
}
console.log(`fuzz/seed.sh: ${Object.entries(counts).map(([t, n]) => `${t} ${n}`).join(", ")} seeds written`);
EOF
