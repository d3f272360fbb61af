// docs/PERFORMANCE.md is generated from bench/results.json by bench/report.mjs: the document
// must show what the last benchmark run measured, not an older run or numbers typed by hand.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const REPORT = join(ROOT, "bench", "report.mjs");
const RESULTS = join(ROOT, "bench", "results.json");

function generate(dir, results = RESULTS) {
  const out = join(dir, "PERFORMANCE.md");
  execFileSync(process.execPath, [REPORT, "--results", results, "--out", out], { encoding: "utf8" });
  return readFileSync(out, "utf8");
}

test("docs/PERFORMANCE.md is up to date with bench/results.json", (t) => {
  const dir = mkdtempSync(join(tmpdir(), "jwt-doctor-perfdoc-"));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const expected = generate(dir);
  const actual = readFileSync(join(ROOT, "docs", "PERFORMANCE.md"), "utf8");
  assert.ok(actual === expected, "docs/PERFORMANCE.md differs from bench/results.json: run `node bench/report.mjs`");
});

test("the document shows the numbers of results.json", (t) => {
  const dir = mkdtempSync(join(tmpdir(), "jwt-doctor-perfdoc-"));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const data = JSON.parse(readFileSync(RESULTS, "utf8"));
  data.RS256["jwt-doctor verify"] = 12345;
  data.meta.wasmGzipBytes = 271828;
  data.reject.HS256.ratio.expired = 1.49;
  const edited = join(dir, "results.json");
  writeFileSync(edited, JSON.stringify(data));
  const doc = generate(dir, edited);
  const row = doc.split("\n").find((l) => l.startsWith("| jwt-doctor verify |"));
  assert.match(row, /^\| jwt-doctor verify \| [^|]+ \| 12\.3 k \|/);
  const ratio = (data.RS256["jwt-doctor verify"] / data.RS256["node:crypto (raw)"]).toFixed(2);
  assert.match(doc.split("\n").find((l) => l.startsWith("| *verify ÷ raw")), new RegExp(`^\\| [^|]+ \\| [^|]+ \\| ${ratio.replace(".", "\\.")} \\|`));
  assert.match(doc, /271,828 B/);
  const expiredUs = data.reject.HS256.us.expired;
  const cell = `${expiredUs >= 100 ? expiredUs.toFixed(0) : expiredUs.toFixed(1)} (1.49×)`;
  assert.ok(doc.includes(cell), `the rejection table shows ${cell}`);
});
