// `jwt-doctor fleet`: instances' metrics (as the middleware exports them) served on 127.0.0.1,
// compared by the built CLI; hostile metrics; and the Prometheus rules and Grafana dashboard of
// deploy/, checked by Debian's promtool. The whole path with real apps scraped by a real
// Prometheus server is tests/middleware/fleet.test.mjs.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { run, hs256 } from "./helpers.mjs";

const root = fileURLToPath(new URL("../../", import.meta.url));
const JWKS = "https://issuer.test/.well-known/jwks.json";
const ISS = "https://issuer.test";
const NOW = Math.floor(Date.now() / 1000);

/** The exposition text of one instance's state, as js/middleware/metrics.js writes it. */
function metrics({ version = "0.1.0", fingerprint = "f1", audience = "api", kids = { old: NOW - 86_400, new: NOW - 3_600 }, lastSuccess = NOW - 60, stale = 0, attempt = "ok", offset = 0.5, accepted = 1000, rejected = {} } = {}) {
  const lines = [
    "# HELP jwt_doctor_info The verifier's configuration.",
    "# TYPE jwt_doctor_info gauge",
    `jwt_doctor_info{fingerprint="${fingerprint}",version="${version}",issuer="${ISS}",audience="${audience}",algorithms="RS256",keys="${JWKS}"} 1`,
    "# TYPE jwt_doctor_jwks_key_first_seen_timestamp_seconds gauge",
    ...Object.entries(kids).map(([kid, t]) => `jwt_doctor_jwks_key_first_seen_timestamp_seconds{jwks="${JWKS}",kid="${kid}"} ${t}`),
    `jwt_doctor_jwks_last_success_timestamp_seconds{jwks="${JWKS}"} ${lastSuccess}`,
    `jwt_doctor_jwks_stale_seconds{jwks="${JWKS}"} ${stale}`,
    `jwt_doctor_jwks_last_attempt_timestamp_seconds{jwks="${JWKS}",result="${attempt}"} ${NOW - 5}`,
    `jwt_doctor_jwks_fetches_total{jwks="${JWKS}",result="ok"} 12`,
    ...(attempt !== "ok" ? [`jwt_doctor_jwks_fetches_total{jwks="${JWKS}",result="${attempt}"} 40`] : []),
    `jwt_doctor_clock_offset_seconds{issuer="${ISS}"} ${offset}`,
    "# TYPE jwt_validation_total counter",
    `jwt_validation_total{outcome="accepted",issuer="${ISS}"} ${accepted}`,
    ...Object.entries(rejected).map(([cause, n]) => `jwt_validation_total{outcome="rejected",cause="${cause}",issuer="${ISS}"} ${n}`),
    "# an unrelated series of the app",
    'http_requests_total{path="/x"} 5',
  ];
  return `${lines.join("\n")}\n`;
}

// One HTTP server on 127.0.0.1 whose paths answer what `routes` says: path -> [status, body, type]
let server, base;
const routes = new Map();
before(async () => {
  server = createServer((req, res) => {
    const r = routes.get(new URL(req.url, "http://x").pathname);
    if (!r) {
      res.writeHead(404).end("no");
      return;
    }
    if (r === "hang") return; // never answers
    const [status, body, type = "text/plain; version=0.0.4"] = typeof r === "function" ? r(req) : r;
    res.writeHead(status, { "content-type": type }).end(body);
  });
  await new Promise((ok) => server.listen(0, "127.0.0.1", ok));
  base = `http://127.0.0.1:${server.address().port}`;
});
after(() => {
  server.closeAllConnections();
  server.close();
});

function serve(name, body, status = 200, type) {
  routes.set(`/${name}`, [status, body, type]);
  return `${base}/${name}`;
}

const fleet = (...args) => run(["fleet", ...args]);

test("three healthy instances agree: exit 0 and a table of them", async () => {
  const urls = ["a", "b", "c"].map((n) => serve(`ok-${n}`, metrics()));
  const r = await fleet(...urls);
  assert.equal(r.code, 0, r.stderr + r.stdout);
  assert.match(r.stdout, /INSTANCE/);
  assert.match(r.stdout, /the 3 instances agree/);
  // the same base: the instance is named by its whole URL
  for (const u of urls) assert.ok(r.stdout.includes(u.slice(0, 30)), r.stdout);
});

test("a stale set lacking the rotated kid, a skewed clock, another audience, another version: each named with evidence and fix", async () => {
  const a = serve("a", metrics({ rejected: { signature_invalid: 2 } }));
  const b = serve("b", metrics({ kids: { old: NOW - 86_400 }, lastSuccess: NOW - 7_300, stale: 7_200, attempt: "http_500", rejected: { kid_not_found: 300 } }));
  const c = serve("c", metrics({ offset: 90.4 }));
  const d = serve("d", metrics({ fingerprint: "f2", audience: "api-staging" }));
  const e = serve("e", metrics({ version: "0.0.9" }));
  const r = await fleet(a, b, c, d, e, "--json");
  assert.equal(r.code, 1, r.stderr);
  const out = JSON.parse(r.stdout);
  const kinds = (inst) => out.findings.filter((f) => f.instances.includes(inst)).map((f) => f.kind).sort();
  const name = (u) => out.instances.find((i) => u.endsWith(i.name) || i.name === u)?.name ?? u;
  assert.deepEqual(kinds(name(b)), ["cause_rate", "kid_missing", "stale"]);
  assert.deepEqual(kinds(name(c)), ["clock"]);
  assert.deepEqual(kinds(name(d)), ["config"]);
  assert.deepEqual(kinds(name(e)), ["version"]);
  assert.deepEqual(kinds(name(a)), []);
  const missing = out.findings.find((f) => f.kind === "kid_missing");
  assert.match(missing.message, /lacks kid new/);
  assert.match(missing.fix, /http_500/);
  assert.ok(missing.evidence.some((x) => /since \d{4}-\d\d-\d\dT/.test(x)), missing.evidence.join("\n"));
  assert.match(out.findings.find((f) => f.kind === "config").evidence.join("\n"), /audience: api-staging here, api on the others/);
  assert.match(out.findings.find((f) => f.kind === "clock").message, /90 s behind/);
  assert.match(out.findings.find((f) => f.kind === "stale").message, /stale copy .* for 2 h/);
  assert.match(out.findings.find((f) => f.kind === "cause_rate").message, /kid_not_found is 2\d\.\d* ?%|kid_not_found is \d+ %/);
  // the human output says the same, one finding a block
  const human = await fleet(a, b, c, d, e);
  assert.equal(human.code, 1);
  assert.match(human.stdout, /✗ 4 instances differ/);
  assert.match(human.stdout, /lacks kid new/);
  assert.match(human.stdout, /→ synchronise its clock/);
});

test("--token: which instances would reject it, and why", async () => {
  const a = serve("t-a", metrics());
  const b = serve("t-b", metrics({ kids: { old: NOW - 86_400 } }));
  const c = serve("t-c", metrics());
  const token = hs256({ iss: ISS, aud: "api", sub: "u", iat: NOW, exp: NOW + 600 }, { header: { alg: "RS256", kid: "new" } });
  const r = await fleet(a, b, c, "--token", token, "--json");
  assert.equal(r.code, 1);
  const out = JSON.parse(r.stdout);
  const t = out.findings.filter((f) => f.kind === "token");
  assert.equal(t.length, 1);
  assert.match(t[0].message, /rejects this token: kid new is not in its key set/);
  assert.ok(b.endsWith(t[0].instances[0]) || t[0].instances[0] === b);
});

test("an instance that does not answer is named, not fatal", async () => {
  const a = serve("u-a", metrics());
  const b = serve("u-b", metrics());
  routes.set("/hang", "hang");
  const r = await fleet(a, b, `${base}/hang`, "http://127.0.0.1:9/metrics", `${base}/missing`, "--timeout", "1");
  assert.equal(r.code, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /no metrics \(no answer within 1 s\)/);
  assert.match(r.stdout, /no metrics \(cannot connect/);
  assert.match(r.stdout, /no metrics \(HTTP 404\)/);
});

test("hostile metrics: HTML, JSON, garbage, oversized, hostile label values give a clear message and no crash", async () => {
  const good = serve("h-ok", metrics());
  const cases = [
    [serve("html", "<!doctype html><title>login</title>"), /this is HTML/],
    [serve("json", '{"status":"success"}'), /this is JSON/],
    [serve("garbage", "jwt_validation_total{outcome=accepted} 1\n"), /line 1: label outcome has no quoted value/],
    [serve("novalue", "jwt_validation_total\n"), /line 1: metric jwt_validation_total has no value/],
    [serve("big", "x".repeat(9 * 1024 * 1024)), /exceeds the \d+-byte limit/],
  ];
  for (const [url, message] of cases) {
    const r = await fleet(good, url);
    assert.equal(r.code, 0, `${url}: ${r.stderr}`);
    assert.match(r.stdout, message, url);
  }
  // label values with escapes, control characters and great length: shown safely, cut
  const evil = metrics({ fingerprint: `f1\\"\\n\u001b[31m${"x".repeat(5000)}` });
  const r = await fleet(good, serve("evil", evil), "--json");
  assert.equal(r.code, 1);
  const out = JSON.parse(r.stdout);
  const fp = out.instances.find((i) => i.name.endsWith("evil") || i.name.includes("evil")).fingerprints[0];
  assert.ok(fp.length <= 513 + 2, `label kept at ${fp.length} chars`);
  const human = await fleet(good, serve("evil2", evil));
  assert.ok(!human.stdout.includes("\u001b[31m"), "a control sequence from the network reached the terminal");
});

test("--prometheus reads a Prometheus API answer grouped by instance; errors exit 3; usage errors exit 2", async () => {
  const series = (instance, name, labels, value) => ({ metric: { __name__: name, instance, job: "api", ...labels }, value: [NOW, String(value)] });
  const result = [];
  for (const inst of ["10.0.0.1:8080", "10.0.0.2:8080"]) {
    result.push(series(inst, "jwt_doctor_info", { fingerprint: "f1", version: "0.1.0", issuer: ISS, audience: "api", algorithms: "RS256", keys: JWKS }, 1));
    result.push(series(inst, "jwt_doctor_jwks_key_first_seen_timestamp_seconds", { jwks: JWKS, kid: "old" }, NOW - 100));
  }
  result.push(series("10.0.0.1:8080", "jwt_doctor_jwks_key_first_seen_timestamp_seconds", { jwks: JWKS, kid: "new" }, NOW - 50));
  let query = null;
  routes.set("/prom/api/v1/query", (req) => {
    query = new URL(req.url, "http://x").searchParams.get("query");
    return [200, JSON.stringify({ status: "success", data: { resultType: "vector", result } }), "application/json"];
  });
  const r = await fleet("--prometheus", `${base}/prom`, "--job", "api", "--json");
  assert.equal(r.code, 1, r.stderr);
  assert.match(query, /__name__=~"jwt_doctor_\.\+\|jwt_validation_\.\+",job="api"/);
  const out = JSON.parse(r.stdout);
  assert.deepEqual(out.instances.map((i) => i.name).sort(), ["10.0.0.1:8080", "10.0.0.2:8080"]);
  assert.deepEqual(out.findings.map((f) => [f.kind, f.instances[0]]), [["kid_missing", "10.0.0.2:8080"]]);

  routes.set("/bad/api/v1/query", [200, "<html>", "text/html"]);
  const bad = await fleet("--prometheus", `${base}/bad`);
  assert.equal(bad.code, 3);
  assert.match(bad.stderr, /not JSON: is the URL a Prometheus server/);
  const down = await fleet("--prometheus", "http://127.0.0.1:9");
  assert.equal(down.code, 3);
  for (const args of [[], ["--prometheus", base, `${base}/a`], ["not a url"], ["--job", "x", `${base}/a`]]) {
    const u = await fleet(...args);
    assert.equal(u.code, 2, `${args.join(" ")}: ${u.stderr}`);
  }
});

// --- deploy/: rules and dashboard ------------------------------------------------------------

test("deploy/prometheus: the alert rules load in promtool and their unit tests pass", () => {
  const dir = join(root, "deploy", "prometheus");
  const check = execFileSync("promtool", ["check", "rules", "jwt-doctor.rules.yml"], { cwd: dir, encoding: "utf8" });
  assert.match(check, /SUCCESS: 6 rules found/);
  const unit = execFileSync("promtool", ["test", "rules", "jwt-doctor.rules.test.yml"], { cwd: dir, encoding: "utf8" });
  assert.match(unit, /SUCCESS/);
});

test("deploy/grafana: the dashboard is valid JSON and every query is valid PromQL over jwt-doctor's series", () => {
  const dash = JSON.parse(readFileSync(join(root, "deploy", "grafana", "jwt-doctor.json"), "utf8"));
  const exprs = dash.panels.flatMap((p) => p.targets.map((t) => t.expr));
  assert.ok(exprs.length >= 8);
  for (const e of exprs) assert.match(e, /jwt_doctor_|jwt_validation_total/);
  const dir = mkdtempSync(join(tmpdir(), "jwtd-dash-"));
  try {
    const rules = ["groups:", "  - name: dashboard", "    rules:", ...exprs.map((e, i) => `      - record: dashboard:q${i}\n        expr: ${JSON.stringify(e)}`)];
    writeFileSync(join(dir, "q.yml"), `${rules.join("\n")}\n`);
    const out = execFileSync("promtool", ["check", "rules", join(dir, "q.yml")], { encoding: "utf8" });
    assert.match(out, new RegExp(`SUCCESS: ${exprs.length} rules found`));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
