// `jwt-doctor rehearse`: the verdict, the windows and the hazards for people and as JSON, the
// flags (ISO 8601 times and offsets, durations, repeated --verifier, --from-jwks), exit codes
// 0 safe / 1 rejects valid tokens / 2 usage, and a bad plan's field named in one line.

import { test } from "node:test";
import assert from "node:assert/strict";
import http from "node:http";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { run } from "./helpers.mjs";

const dir = mkdtempSync(path.join(tmpdir(), "jwt-doctor-rehearse-"));
const file = (name, value) => {
  const p = path.join(dir, name);
  writeFileSync(p, typeof value === "string" ? value : JSON.stringify(value));
  return p;
};

test("a safe schedule exits 0 and says so", async () => {
  const r = await run(["rehearse", "--publish", "+0", "--switch", "+10m", "--retire", "+70m", "--lifetime", "1h", "--verifier", "jose", "--verifier", "pyjwt"]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^safe\n/);
  assert.match(r.stdout, /✓ jose: cache 10 min, refetch on unknown kid \(cooldown 30 s\)/);
  assert.match(r.stdout, /✓ pyjwt: cache 5 min/);
});

test("retiring too early exits 1 with the window, its cause and the safe retire time", async () => {
  const plan = file("early.json", { publish: 0, switch: 600, retire: 1200, lifetime: 3600, rate: 2, verifiers: ["jose", "envoy"] });
  const r = await run(["rehearse", plan]);
  assert.equal(r.code, 1, r.stderr);
  assert.match(r.stdout, /^not safe\n/);
  assert.match(r.stdout, /✗ jose: .*\n {4}.*\(\+20 min\) for 50 min: old tokens rejected, kid_not_found \(6000 tokens\)/);
  assert.match(r.stdout, /retire the old key at .*\(\+1 h 10 min\) or later/);
  assert.match(r.stdout, /envoy \(envoy\)|✗ envoy: .*\[from docs\]/);
  const j = await run(["rehearse", plan, "--json"]);
  assert.equal(j.code, 1);
  const result = JSON.parse(j.stdout);
  assert.equal(result.safe, false);
  assert.equal(result.earliestSafeRetire, 4200);
  assert.deepEqual(result.verifiers[0].windows[0], { from: 1200, to: 4200, cause: "kid_not_found", key: "old", tokens: 6000 });
});

test("ISO 8601 times are taken from the earliest one given", async () => {
  const r = await run(["rehearse", "--publish", "2030-01-01T00:00:00Z", "--switch", "2030-01-01T00:10:00Z", "--retire", "2030-01-01T01:10:00Z", "--lifetime", "3600", "--verifier", "jose", "--json"]);
  assert.equal(r.code, 0, r.stderr);
  const result = JSON.parse(r.stdout);
  assert.ok(result.start <= Date.parse("2030-01-01T00:00:00Z") / 1000);
  const sw = result.steps.find((s) => s.action === "sign");
  assert.equal(result.start + sw.at, Date.parse("2030-01-01T00:10:00Z") / 1000);
});

test("an outage names who rejects and who keeps its set", async () => {
  const r = await run(["rehearse", "--outage", "+5m..+30m", "--verifier", "jose", "--verifier", "jwt-doctor", "--verifier", "microsoft"]);
  assert.equal(r.code, 1, r.stderr);
  assert.match(r.stdout, /✗ jose: .*\n {4}.*\(\+10 min\) for 20 min: old tokens rejected, jwks_unavailable/);
  assert.match(r.stdout, /✓ jwt-doctor: .*stale-if-error 23 h 50 min/); // maxStale: a day from the last good fetch
  assert.match(r.stdout, /hazards\n {2}! removed_key_trusted: microsoft keeps a removed/);
});

test("--from-jwks takes the current set's kids as the old keys", async () => {
  const server = http.createServer((req, res) => {
    res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ keys: [{ kty: "oct", kid: "2026-a", k: "AA" }, { kty: "oct", kid: "2026-b", k: "AA" }] }));
  });
  await new Promise((r) => server.listen(0, "127.0.0.1", r));
  try {
    const url = `http://127.0.0.1:${server.address().port}/jwks`;
    const r = await run(["rehearse", "--from-jwks", url, "--switch", "+10m", "--retire", "+80m", "--verifier", "jose", "--json"]);
    assert.equal(r.code, 0, r.stderr);
    const result = JSON.parse(r.stdout);
    assert.deepEqual(result.steps.map((s) => `${s.action} ${s.key}`), ["publish new", "sign new", "retire 2026-a"]);
  } finally {
    server.close();
  }
});

test("usage errors exit 2 with one line naming the field", async () => {
  const cases = [
    [["rehearse", "--switch", "+10m", "--retire", "+5m"], /^jwt-doctor: retire: 300 s is before switch \(600 s\)/],
    [["rehearse", "--switch", "+10m", "--lifetime=-5"], /^jwt-doctor: --lifetime takes seconds or a duration/],
    [["rehearse", "--switch", "+10m", "--verifier", "josé"], /^jwt-doctor: verifiers\[0\]: unknown profile "josé": one of jwt-doctor, jose/],
    [["rehearse", "--switch", "tomorrow"], /^jwt-doctor: --switch takes an ISO 8601 time or an offset/],
    [["rehearse", file("bad.json", "{")], /^jwt-doctor: .*bad\.json: not valid JSON/],
    [["rehearse", file("steps.json", { keys: ["a"], steps: Array.from({ length: 1_000_000 }, (_, i) => ({ at: i, publish: `k${i}` })), verifiers: ["jose"] })], /^jwt-doctor: steps: 1000000 steps, at most 64/],
    [["rehearse"], /^jwt-doctor: rehearse needs a PLAN\.json/],
  ];
  for (const [args, message] of cases) {
    const r = await run(args);
    assert.equal(r.code, 2, `${args.join(" ")}: ${r.stdout}`);
    assert.match(r.stderr, message);
    assert.equal(r.stderr.trim().split("\n").length, 1, r.stderr);
  }
});

test("rehearse --help", async () => {
  const r = await run(["rehearse", "--help"]);
  assert.equal(r.code, 0);
  assert.match(r.stdout, /--from-jwks URL/);
  assert.match((await run(["--help"])).stdout, /jwt-doctor rehearse \[PLAN\.json\]/);
});
