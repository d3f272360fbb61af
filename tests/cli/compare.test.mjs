// jwt-doctor compare through the real bin: configurations that differ by key set (a rotated
// kid), by audience and by clock; the one-line answers, the differing rows, --json, exit codes.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { inspect } from "jwt-doctor";
import { answer } from "../../pkg/cli/compare.js";
import { ANSI, cleanEnv, hs256, ISS, NOW, rs256, rsaKey, run, tempDir } from "./helpers.mjs";

let tmp;
let token;
let current;
let rotated;
const paths = {};
const base = { algorithms: ["RS256"], issuer: ISS, audience: "api", now: NOW };

before(() => {
  tmp = tempDir();
  current = rsaKey("key-2024-03");
  rotated = rsaKey("key-2024-04");
  token = rs256({ iss: ISS, aud: "api", sub: "user-1", iat: NOW - 60, exp: NOW + 600 }, current.privateKey, "key-2024-03");
  tmp.write("jwks-current.json", { keys: [current.jwk] });
  tmp.write("jwks-cached.json", { keys: [rotated.jwk] });
  tmp.write("current.pem", current.pem);
  paths.a = tmp.write("a.json", { ...base, jwksFile: "jwks-current.json" });
  paths.same = tmp.write("same.json", { ...base, keyFile: "current.pem" });
  paths.b = tmp.write("b.json", { ...base, jwksFile: "jwks-cached.json" });
  paths.web = tmp.write("web.json", { ...base, jwksFile: "jwks-current.json", audience: "web" });
  paths.late = tmp.write("late.json", { ...base, jwksFile: "jwks-current.json", now: "2025-11-24T17:00:00Z" });
  paths.typo = tmp.write("typo.json", { ...base, audiance: "api" });
  paths.broken = tmp.write("broken.json", "{ not json");
});
after(() => tmp.cleanup());

const opts = (extra) => ({ ...base, jwks: { keys: [current.jwk] }, ...extra });
const differing = (ra, rb) => ra.checks.filter((c, i) => c.status !== rb.checks[i].status || c.code !== rb.checks[i].code).map((c) => c.check);

test("all configurations accept: exit 0", async () => {
  const r = await run(["compare", token, "--config", paths.a, "--config", paths.same]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /accepted by all 2 configurations/);
  assert.doesNotMatch(r.stdout, /≠/);
});

test("one configuration that accepts: singular words", async () => {
  const r = await run(["compare", token, "--config", paths.a]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^accepted by a, the only configuration$/m);
  assert.doesNotMatch(r.stdout, /all 1 /);
});

test("secretFile in a configuration; keyFile on a secret file points to it", async () => {
  const secret = "compare-secret-that-is-32-bytes-long!";
  tmp.write("hs.secret", `${secret}\n`);
  const hs = tmp.write("hs.json", { secretFile: "hs.secret", algorithms: ["HS256"], now: NOW });
  const wrong = tmp.write("wrong.json", { keyFile: "hs.secret", algorithms: ["HS256"], now: NOW });
  const hsToken = hs256({ iss: ISS, aud: "api", iat: NOW - 60, exp: NOW + 600 }, { secret });
  const r = await run(["compare", hsToken, "--config", hs]);
  assert.equal(r.code, 0, r.stdout + r.stderr);
  const refused = await run(["compare", hsToken, "--config", wrong]);
  assert.equal(refused.code, 2);
  assert.match(refused.stderr, /^jwt-doctor: --config .*wrong\.json: keyFile: .*hs\.secret was read as text .*; for an HMAC secret use "secretFile" /);
});

test("a rotated key set: the kid is missing from b's JWKS, which a has: b's copy is the stale one", async () => {
  const r = await run(["compare", token, "--config", paths.a, "--config", paths.b]);
  assert.equal(r.code, 1, r.stderr);
  assert.match(r.stdout, /^rejected by b: kid "key-2024-03" is not in b's key set, which has "key-2024-04"; a has it and verified: b's key set is the stale one \(a cached copy\?\)$/m);
  const expected = differing(inspect(token, opts()), inspect(token, { ...base, jwks: { keys: [rotated.jwk] } }));
  assert.ok(expected.includes("key"));
  for (const check of expected) assert.match(r.stdout, new RegExp(`^≠ ${check} `, "m"), check);
  assert.match(r.stdout, /^ {2}format /m, "equal rows carry no marker");
  assert.match(r.stdout, /^≠ verdict +✓ valid +✗ invalid$/m);
  assert.doesNotMatch(r.stdout, ANSI);
});

test("by audience and by clock, with --json", async () => {
  const r = await run(["compare", token, "--config", paths.a, "--config", paths.web, "--config", paths.late, "--json"]);
  assert.equal(r.code, 1, r.stderr);
  const j = JSON.parse(r.stdout);
  const ra = inspect(token, opts());
  const rw = inspect(token, opts({ audience: "web" }));
  const rl = inspect(token, opts({ now: NOW + 3600 }));
  assert.deepEqual(j.configs.map((c) => c.name), ["a", "web", "late"]);
  assert.deepEqual(j.configs.map((c) => c.valid), [true, false, false]);
  assert.deepEqual(j.configs[0], { name: "a", valid: true, cause: null, firstError: null, checks: ra.checks });
  const webError = rw.findings.find((f) => f.severity === "error");
  assert.deepEqual(j.configs[1], { name: "web", valid: false, cause: rw.cause ?? webError, firstError: webError, checks: rw.checks });
  assert.equal(j.configs[1].cause.code, "audience_mismatch");
  assert.equal(j.configs[1].firstError.code, "audience_mismatch");
  assert.equal(j.configs[2].firstError.code, "expired");
  assert.deepEqual(j.configs[2].checks, rl.checks);
  assert.deepEqual(j.differs, ["exp", "aud"]);

  const human = await run(["compare", token, "--config", paths.a, "--config", paths.web, "--config", paths.late]);
  assert.match(human.stdout, /^rejected by web: aud is "api", which does not contain "web"$/m);
  assert.match(human.stdout, /^rejected by late: the token expired 50 min ago \(exp 2025-11-24T16:10:00Z\), judged at 2025-11-24T17:00:00Z \(clock or leeway\?\)$/m);
  assert.match(human.stdout, /^≠ exp +✓ pass +✓ pass +✗ fail expired$/m);
  assert.match(human.stdout, /^≠ aud +✓ pass +✗ fail audience_mismatch +✓ pass$/m);
});

test("the answer for a rejecting configuration comes from the main cause (report.cause when the core gives it)", () => {
  const rw = inspect(token, opts({ audience: "web" }));
  assert.equal(answer("web", rw), 'rejected by web: aud is "api", which does not contain "web"');
  const explained = { ...rw, cause: { ...rw.findings.find((f) => f.code === "audience_mismatch"), code: "x_cause", message: "why it failed", explains: "audience_mismatch" } };
  assert.equal(answer("web", explained), "rejected by web: x_cause (the cause of audience_mismatch): why it failed");
});

test("differing rows are coloured with FORCE_COLOR, the ≠ marker stays", async () => {
  const r = await run(["compare", token, "--config", paths.a, "--config", paths.web], { env: cleanEnv({ FORCE_COLOR: "1" }) });
  assert.match(r.stdout, ANSI);
  assert.match(r.stdout, /≠/);
});

test("usage errors in configurations: exit 2, one line", async () => {
  for (const [args, pattern] of [
    [["--config", paths.typo], /^jwt-doctor: --config typo: unknown option "audiance"/],
    [["--config", paths.broken], /^jwt-doctor: --config .*broken\.json: not valid JSON/],
    [["--config", "/nonexistent.json"], /^jwt-doctor: --config: cannot read \/nonexistent\.json: no such file/],
    [["--config", paths.a, "--bogus"], /^jwt-doctor: Unknown option '--bogus'/],
  ]) {
    const r = await run(["compare", token, ...args]);
    assert.equal(r.code, 2, r.stdout);
    assert.match(r.stderr, pattern);
    assert.equal(r.stderr.split("\n").length, 2, r.stderr);
  }
});
