// The CLI as a new user meets it (issue 34), through the real bin: --secret-file keeps the --stack
// fix that --secret gives; compare's configurations take the page's clock offset and a JWKS URL;
// a key set URL that cannot be fetched exits 3 (not 2, usage); triage shows a sample per cause
// (never the token) and counts per NDJSON field; --json carries no float noise; --key URL points
// to --jwks.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { hs256, ISS, NOW, rs256, rsaKey, run, tempDir } from "./helpers.mjs";

let tmp;
let key;
let server; // a JWKS on 127.0.0.1, closed in after()
let jwksUrl;
let deadUrl; // a 127.0.0.1 port where nothing listens

before(async () => {
  tmp = tempDir();
  key = rsaKey("k1");
  server = createServer((req, res) => {
    res.writeHead(req.url === "/jwks.json" ? 200 : 404, { "Content-Type": "application/json", Connection: "close" });
    res.end(req.url === "/jwks.json" ? JSON.stringify({ keys: [key.jwk] }) : "{}");
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  jwksUrl = `http://127.0.0.1:${server.address().port}/jwks.json`;
  const dead = createServer();
  await new Promise((resolve) => dead.listen(0, "127.0.0.1", resolve));
  deadUrl = `http://127.0.0.1:${dead.address().port}/jwks.json`;
  await new Promise((resolve) => dead.close(resolve));
});
after(async () => {
  tmp?.cleanup();
  server?.closeAllConnections?.();
  if (server) await new Promise((resolve) => server.close(resolve));
});

test("--secret-file gives the same --stack fix as --secret (a secret base64-decoded by the signer)", async () => {
  const text = "c2VjcmV0LXRoYXQtaXMtdGhpcnR5LXR3by1ieXRlcy1sb25nIQ==";
  const token = hs256({ iss: ISS, aud: "api", iat: NOW - 60, exp: NOW + 600 }, { secret: Buffer.from(text, "base64") });
  const file = tmp.write("secret.txt", `${text}\n`);
  const common = ["--alg", "HS256", "--now", String(NOW), "--stack", "jose", "--json"];
  const viaSecret = JSON.parse((await run(["inspect", token, "--secret", text, ...common])).stdout);
  const viaFile = JSON.parse((await run(["inspect", token, "--secret-file", file, ...common])).stdout);
  const fix = (out) => out.fixes.find((f) => f.code === "secret_encoding_mismatch");
  assert.equal(typeof fix(viaSecret)?.snippet, "string", "--secret gives code");
  assert.deepEqual(fix(viaFile), fix(viaSecret));
});

test("compare: a configuration's clockOffset (as on the page) and a jwksUrl", async () => {
  const token = rs256({ iss: ISS, aud: "api", iat: NOW - 60, exp: NOW + 600 }, key.privateKey, "k1");
  const base = { algorithms: ["RS256"], issuer: ISS, audience: "api" };
  const live = tmp.write("live.json", { ...base, jwksUrl });
  const ahead = tmp.write("ahead.json", { ...base, jwksUrl, clockOffset: 700 });
  const r = await run(["compare", token, "--config", live, "--config", ahead, "--now", String(NOW), "--json"]);
  assert.equal(r.code, 1, r.stderr);
  const j = JSON.parse(r.stdout);
  assert.deepEqual(j.configs.map((c) => [c.name, c.valid]), [["live", true], ["ahead", false]]);
  assert.equal(j.configs[1].firstError.code, "expired");
  assert.ok(j.differs.includes("exp"));
});

test("an unreachable JWKS URL exits 3 with one line, not 2 (usage)", async () => {
  const token = rs256({ iss: ISS, aud: "api", iat: NOW - 60, exp: NOW + 600 }, key.privateKey, "k1");
  const r = await run(["inspect", token, "--jwks", deadUrl, "--alg", "RS256"]);
  assert.equal(r.code, 3, r.stderr);
  assert.match(r.stderr, /^jwt-doctor: --jwks: cannot use http:\/\/127\.0\.0\.1:\d+\/jwks\.json: .+\n$/);
  const cfg = tmp.write("dead.json", { algorithms: ["RS256"], jwksUrl: deadUrl });
  const c = await run(["compare", token, "--config", cfg]);
  assert.equal(c.code, 3, c.stderr);
  const help = await run(["--help"]);
  assert.match(help.stdout, /3 a JWKS or discovery URL could not be fetched/);
});

test("--key with a URL points to --jwks", async () => {
  const r = await run(["inspect", "a.b.c", "--key", jwksUrl]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /--key takes a FILE, and http:\/\/127\.0\.0\.1:\d+\/jwks\.json is a URL: for a key set at a URL use --jwks/);
});

test("triage --sample: a line and a fingerprint per main cause, never the token; --group-by instance", async () => {
  const good = hs256({ iss: ISS, aud: "api", iat: NOW - 60, exp: NOW + 600 });
  const expired = hs256({ iss: ISS, aud: "api", iat: NOW - 4000, exp: NOW - 3600 });
  const wrongAud = hs256({ iss: ISS, aud: "web", iat: NOW - 60, exp: NOW + 600 });
  const lines = [
    JSON.stringify({ instance: "api-1", host: "a", authorization: `Bearer ${good}` }),
    JSON.stringify({ instance: "api-2", host: "b", authorization: `Bearer ${expired}` }),
    JSON.stringify({ instance: "api-2", host: "b", authorization: `Bearer ${wrongAud}` }),
    JSON.stringify({ instance: "api-2", host: "b", authorization: `Bearer ${expired}` }),
    `plain line ${good}`,
  ].join("\n");
  const args = ["triage", "-", "--secret", "cli-test-secret-that-is-32-bytes-long", "--alg", "HS256", "--aud", "api", "--now", String(NOW), "--sample", "--group-by", "instance"];
  const j = JSON.parse((await run([...args, "--json"], { input: lines })).stdout);
  assert.deepEqual(Object.keys(j.samples).sort(), ["audience_mismatch", "expired"]);
  assert.equal(j.samples.expired.line, 2);
  assert.equal(j.samples.audience_mismatch.line, 3);
  assert.match(j.samples.expired.fingerprint, /^[A-Za-z0-9_-]{16}$/);
  assert.deepEqual(j.groups, {
    field: "instance",
    values: {
      "api-2": { tokens: 3, invalid: 3, mainCauses: { expired: 2, audience_mismatch: 1 } },
      "api-1": { tokens: 1, invalid: 0, mainCauses: {} },
      "(none)": { tokens: 1, invalid: 0, mainCauses: {} },
    },
  });
  const human = await run(args, { input: lines });
  assert.equal(human.code, 1, human.stderr);
  assert.match(human.stdout, /^ {2}expired +line 2 {2}[A-Za-z0-9_-]{16}$/m);
  assert.match(human.stdout, /^by instance\n {2}api-2 +3 tokens, 3 invalid, mostly expired \(2\)$/m);
  for (const t of [good, expired, wrongAud]) {
    assert.ok(!human.stdout.includes(t) && !JSON.stringify(j).includes(t), "never a token");
    assert.ok(!human.stdout.includes(t.split(".")[2]), "never a signature");
  }
});

test("--json without --now: whole seconds, no float noise (expiresIn)", async () => {
  const now = Math.floor(Date.now() / 1000);
  const token = hs256({ iss: ISS, aud: "api", iat: now - 60, exp: now + 3600 });
  const r = await run(["inspect", token, "--secret", "cli-test-secret-that-is-32-bytes-long", "--alg", "HS256", "--json"]);
  assert.equal(r.code, 0, r.stderr);
  const j = JSON.parse(r.stdout);
  assert.ok(Number.isInteger(j.times.expiresIn), `expiresIn ${j.times.expiresIn}`);
  assert.doesNotMatch(r.stdout, /\d\.\d{6,}/);
});

test("triage tells a forged alg_confusion (an attack) from an HMAC token the public key does not forge (a mismatch)", async () => {
  const pem = key.pem;
  const pemFile = tmp.write("public.pem", pem);
  const claims = { iss: ISS, aud: "api", iat: NOW - 60, exp: NOW + 600 };
  const forged = hs256(claims, { secret: pem });
  const genuine = hs256(claims, { secret: "the-issuer-s-own-shared-secret-0123456789" });
  const input = `${forged}\n${genuine}\n${genuine}\n`;
  const args = ["triage", "-", "--key", pemFile, "--alg", "RS256", "--now", String(NOW)];
  const j = JSON.parse((await run([...args, "--json"], { input })).stdout);
  assert.deepEqual(j.algConfusion, { forged: 1, notForged: 2 });
  assert.equal(j.mainCauses.alg_confusion, 3);
  const human = await run(args, { input });
  assert.match(human.stdout, /alg_confusion: 1 token forged with your public key as the HMAC secret: an attack/);
  assert.match(human.stdout, /alg_confusion: 2 HMAC tokens the public key does not forge: not an attack, a configuration mismatch/);
  // the report of the genuine one names the mismatch, not an attack
  const r = JSON.parse((await run(["inspect", genuine, "--key", pemFile, "--alg", "RS256", "--now", String(NOW), "--json"])).stdout);
  const f = r.findings.find((x) => x.code === "alg_confusion");
  assert.equal(f.detail.forged, false);
  assert.match(f.message, /configuration mismatch, not an attack/);
  assert.doesNotMatch(f.message, /FORGED/);
});
