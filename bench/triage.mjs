// Throughput of `jwt-doctor triage` on HS256 tokens, through the real bin (node pkg/cli.js).
//
//   bash scripts/build.sh && node bench/triage.mjs [TOKENS] [REPEAT]
//
// Writes a file of TOKENS distinct HS256 tokens, one a line (default 200 000), and a log in
// which each token appears REPEAT times (default 10) on timestamped lines, as an access log of
// a busy API does; times `triage --json` on each and prints tokens per second. The triage runs
// on one thread; the figure per CPU-second (from bash's `time`) is the per-core one and holds
// on a busy machine (the process start, ~0.1 s, is included).
import { spawnSync } from "node:child_process";
import { createHmac } from "node:crypto";
import { mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const N = Number(process.argv[2] ?? 200_000);
const REPEAT = Number(process.argv[3] ?? 10);
const SECRET = "bench-secret-that-is-at-least-32-bytes";
const NOW = 1764000000;
const bin = fileURLToPath(new URL("../pkg/cli.js", import.meta.url));
const dir = mkdtempSync(join(tmpdir(), "jwt-doctor-bench-"));
const b64 = (v) => Buffer.from(JSON.stringify(v)).toString("base64url");
const header = b64({ alg: "HS256", typ: "JWT", kid: "k1" });

function token(i) {
  const input = `${header}.${b64({ iss: "https://auth.example.com/", aud: "api", sub: `user-${i}`, iat: NOW - 60 - (i % 600), exp: NOW + 600 - (i % 900) })}`;
  return `${input}.${createHmac("sha256", SECRET).update(input).digest("base64url")}`;
}

function time(label, file, tokens) {
  const args = [bin, "triage", file, "--secret", SECRET, "--alg", "HS256", "--iss", "https://auth.example.com/", "--aud", "api", "--now", String(NOW), "--json"];
  // bash's `time` gives the child's CPU time too: the per-core figure, whatever else runs
  const t0 = process.hrtime.bigint();
  const r = spawnSync("bash", ["-c", 'TIMEFORMAT="%U %S"; time "$@" 2>/dev/null', "bash", process.execPath, ...args], { encoding: "utf8", maxBuffer: 1 << 26 });
  const secs = Number(process.hrtime.bigint() - t0) / 1e9;
  if (r.status !== 0 && r.status !== 1) throw new Error(`triage failed: ${r.stderr}`);
  const [user, sys] = r.stderr.trim().split("\n").pop().split(" ").map(Number);
  const cpu = user + sys;
  const j = JSON.parse(r.stdout);
  if (j.tokens !== tokens) throw new Error(`expected ${tokens} tokens, triage saw ${j.tokens}`);
  const mb = statSync(file).size / 1024 / 1024;
  const rate = (x) => Math.round(tokens / x).toLocaleString("en-US");
  console.log(`${label}: ${tokens.toLocaleString("en-US")} tokens, ${mb.toFixed(1)} MiB: ${secs.toFixed(2)} s wall (${rate(secs)} tokens/s), ${cpu.toFixed(2)} s CPU (${rate(cpu)} tokens per CPU-second)`);
}

try {
  const tokens = Array.from({ length: N }, (_, i) => token(i));
  const distinct = join(dir, "tokens.txt");
  writeFileSync(distinct, `${tokens.join("\n")}\n`);
  time("distinct tokens, one a line", distinct, N);

  const lines = [];
  const distinctInLog = Math.ceil(N / REPEAT);
  for (let i = 0; i < N; i++) {
    const t = new Date((NOW - 3600 + i / 100) * 1000).toISOString();
    lines.push(`${t} INFO 10.1.2.${i % 250} "GET /api/items/${i} HTTP/1.1" 200 authorization="Bearer ${tokens[Math.floor(i / REPEAT) % distinctInLog]}"`);
  }
  const log = join(dir, "access.log");
  writeFileSync(log, `${lines.join("\n")}\n`);
  time(`access log, each token on ${REPEAT} requests`, log, N);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
