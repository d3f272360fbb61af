// jwt-doctor inspect and decode through the real bin: exit codes, --json equal to inspect(),
// standard input, Authorization lines, colour, key files and URLs, usage errors.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { createPrivateKey } from "node:crypto";
import { readFileSync } from "node:fs";
import { createServer } from "node:http";
import { join } from "node:path";
import { createRemoteJWKSet, inspect, verify } from "jwt-doctor";
import { ANSI, cleanEnv, hs256, ISS, NOW, rs256, rsaKey, run, SECRET, tempDir } from "./helpers.mjs";

const claims = { iss: ISS, aud: "api", sub: "user-1", iat: NOW - 60, exp: NOW + 600 };
const VALID = hs256(claims);
const EXPIRED = hs256({ ...claims, iat: NOW - 660, exp: NOW - 30 });
const base = ["--secret", SECRET, "--alg", "HS256", "--iss", ISS, "--aud", "api", "--now", String(NOW)];
const baseOptions = { key: SECRET, algorithms: ["HS256"], issuer: ISS, audience: "api", now: NOW };

let tmp;
let rsa;
let server;
let origin;
before(async () => {
  tmp = tempDir();
  rsa = rsaKey("key-2024-03");
  server = createServer((req, res) => {
    if (req.url === "/.well-known/openid-configuration") {
      res.setHeader("content-type", "application/json");
      res.end(JSON.stringify({ issuer: origin, jwks_uri: `${origin}/jwks.json` }));
    } else if (req.url === "/jwks.json") {
      res.setHeader("content-type", "application/json");
      res.end(JSON.stringify({ keys: [rsa.jwk] }));
    } else if (req.url === "/old") {
      res.writeHead(302, { location: "/jwks.json" });
      res.end();
    } else {
      res.statusCode = 404;
      res.end("not found");
    }
  });
  await new Promise((r) => server.listen(0, "127.0.0.1", r));
  origin = `http://127.0.0.1:${server.address().port}`;
});
after(() => {
  tmp.cleanup();
  server.close();
});

test("a valid token: exit 0, a checklist of the 13 checks and the verdict", async () => {
  const r = await run(["inspect", VALID, ...base]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stderr, "");
  for (const check of ["format", "algorithm", "key", "signature", "exp", "nbf", "iat", "iss", "aud", "sub", "typ", "required", "crit"]) {
    assert.match(r.stdout, new RegExp(`^  ${check} +[✓✗!○-] (pass|fail|warn|skip|not checked)`, "m"), check);
  }
  assert.match(r.stdout, /✓ VALID {2}HS256 signature verified/);
  assert.match(r.stdout, /iss "https:\/\/auth\.example\.com\/"/);
  assert.doesNotMatch(r.stdout, ANSI, "no colour when stdout is not a terminal");
});

test("an invalid token: exit 1, the verdict and its cause first, each finding with severity, code, message and hint", async () => {
  const r = await run(["inspect", EXPIRED, ...base]);
  assert.equal(r.code, 1);
  const lines = r.stdout.split("\n");
  assert.match(lines[0], /^✗ INVALID {2}expired: the token expired 30 s ago .*— 1 error$/);
  assert.match(lines[1], /^ {11}→ get a new token; if it expired only seconds ago, check the clocks/);
  assert.match(r.stdout, /^ {2}error +expired +the token expired 30 s ago/m);
  // 30 s late is no evidence of a clock (a late client is the usual cause): no leeway advice
  assert.doesNotMatch(r.stdout, /clock_skew_suspected/);
});

test("--json is the report exactly as inspect() returns it", async () => {
  for (const [token, args, options] of [
    [VALID, base, baseOptions],
    [EXPIRED, base, baseOptions],
    [VALID, [...base, "--aud", "web", "--leeway", "5", "--sub", "x", "--typ", "JWT", "--max-token-age", "30"],
      { ...baseOptions, audience: ["api", "web"], leeway: 5, subject: "x", typ: "JWT", maxTokenAge: 30 }],
    ["not.a.token", ["--now", String(NOW)], { now: NOW }],
    [VALID, ["--now", "2025-11-24T16:00:00Z"], { now: NOW }],
    [VALID, ["--secret", Buffer.from(SECRET).toString("base64"), "--secret-encoding", "base64", "--now", String(NOW)],
      { key: Buffer.from(SECRET).toString("base64"), secretEncoding: "base64", now: NOW }],
  ]) {
    const r = await run(["inspect", token, ...args, "--json"]);
    const expected = inspect(token, options);
    assert.equal(r.code, expected.valid ? 0 : 1, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout), expected);
  }
});

test("- reads the token from standard input, trailing newline trimmed", async () => {
  const r = await run(["inspect", "-", ...base, "--json"], { input: `${VALID}\n` });
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(JSON.parse(r.stdout), inspect(VALID, baseOptions));
  const crlf = await run(["inspect", "-", ...base], { input: `${VALID}\r\n` });
  assert.equal(crlf.code, 0);
});

test("a whole Authorization header line on standard input", async () => {
  const line = `Authorization: Bearer ${VALID}`;
  const r = await run(["inspect", "-", ...base, "--json"], { input: `${line}\n` });
  assert.equal(r.code, 0, r.stderr);
  const report = JSON.parse(r.stdout);
  assert.deepEqual(report, inspect(line, baseOptions));
  assert.equal(report.findings[0].code, "bearer_prefix");
  const human = await run(["inspect", "-", ...base], { input: `${line}\n` });
  assert.match(human.stdout, /info +bearer_prefix/);
  assert.match(human.stdout, /repaired: bearer_prefix/);
});

test("NO_COLOR turns colour off, FORCE_COLOR=1 forces it", async () => {
  const forced = await run(["inspect", EXPIRED, ...base], { env: cleanEnv({ FORCE_COLOR: "1" }) });
  assert.match(forced.stdout, ANSI);
  assert.equal(forced.code, 1);
  const plain = await run(["inspect", EXPIRED, ...base], { env: cleanEnv({ NO_COLOR: "1" }) });
  assert.doesNotMatch(plain.stdout, ANSI);
  assert.equal(forced.stdout.replace(/\x1b\[[0-9;]*m/g, ""), plain.stdout);
});

test("usage errors: one line on stderr, exit 2, nothing on stdout", async () => {
  const notJson = tmp.write("broken.json", '{"kty": "RSA", ');
  const noKty = tmp.write("nokty.json", '{"n": "abc"}');
  const cases = [
    [["inspect", VALID, "--audiance", "api"], /^jwt-doctor: Unknown option '--audiance'/],
    [["inspect", VALID, "--key"], /^jwt-doctor: Option '--key <value>' argument missing/],
    [["inspect", VALID, "--key", "/nonexistent/key.pem"], /^jwt-doctor: --key: cannot read \/nonexistent\/key\.pem: no such file/],
    [["inspect", VALID, "--key", notJson], /^jwt-doctor: --key: .*broken\.json is not valid JSON/],
    [["inspect", VALID, "--key", noKty], /holds JSON that is neither a JWK nor a JWK Set \(no "kty" or "keys"\)/],
    [["inspect", VALID, "--jwks", notJson], /^jwt-doctor: --jwks: .* is not valid JSON/],
    [["inspect", VALID, "--leeway", "soon"], /^jwt-doctor: --leeway takes a number of seconds/],
    [["inspect", VALID, "--now", "yesterday"], /^jwt-doctor: --now takes seconds since the epoch or an ISO 8601 time/],
    [["inspect", VALID, "--secret-encoding", "rot13"], /^jwt-doctor: --secret-encoding takes utf8, base64, base64url, hex/],
    [["inspect", VALID, "--secret", "a", "--key", notJson], /give one of --key, --secret and --secret-file, not --key and --secret/],
    [["inspect"], /^jwt-doctor: inspect needs a TOKEN/],
    [["inspect", VALID, "extra"], /^jwt-doctor: unexpected argument "extra"/],
    [["inspect", "-"], /^jwt-doctor: standard input is empty/],
    [["frobnicate"], /^jwt-doctor: unknown command "frobnicate"/],
    [["inspect", VALID, "--alg", "none"], /^jwt-doctor: /],
    [["decode"], /^jwt-doctor: decode needs a TOKEN/],
    [["triage"], /^jwt-doctor: triage needs a FILE/],
    [["triage", "/nonexistent.log"], /^jwt-doctor: cannot read \/nonexistent\.log: no such file/],
    [["compare", VALID], /^jwt-doctor: compare needs at least one --config/],
  ];
  for (const [args, pattern] of cases) {
    const r = await run(args);
    assert.equal(r.code, 2, `${args.join(" ")}: ${r.stdout}${r.stderr}`);
    assert.equal(r.stdout, "", args.join(" "));
    assert.match(r.stderr, pattern, args.join(" "));
    assert.equal(r.stderr.split("\n").length, 2, `one line: ${r.stderr}`);
    assert.doesNotMatch(r.stderr, /\n\s+at /, "no stack trace");
  }
  // a key set URL that cannot be fetched is no usage error: exit 3, one line
  const down = await run(["inspect", VALID, "--jwks", "http://127.0.0.1:9/jwks.json"]);
  assert.equal(down.code, 3, down.stderr);
  assert.match(down.stderr, /^jwt-doctor: --jwks: cannot use http:\/\/127\.0\.0\.1:9\/jwks\.json: fetch failed[^\n]*\n$/);
});

test("--help, -h and --version exit 0", async () => {
  for (const args of [["--help"], ["-h"], ["inspect", "--help"], ["triage", "-h"], ["compare", "--help"], ["decode", "--help"]]) {
    const r = await run(args);
    assert.equal(r.code, 0, args.join(" "));
    assert.match(r.stdout, /usage/);
  }
  const v = await run(["--version"]);
  assert.equal(v.code, 0);
  assert.match(v.stdout, /^jwt-doctor \d+\.\d+\.\d+\n$/);
  const none = await run([]);
  assert.equal(none.code, 2);
});

test("--key reads PEM and JWK files; --key with a JWK Set and --jwks files", async () => {
  const token = rs256({ ...claims }, rsa.privateKey, "key-2024-03");
  const pem = tmp.write("pub.pem", rsa.pem);
  const jwk = tmp.write("pub.jwk.json", rsa.jwk);
  const jwks = tmp.write("jwks.json", { keys: [rsa.jwk] });
  for (const [args, options] of [
    [["--key", pem], { key: rsa.pem }],
    [["--key", jwk], { key: rsa.jwk }],
    [["--key", jwks], { jwks: { keys: [rsa.jwk] } }],
    [["--jwks", jwks], { jwks: { keys: [rsa.jwk] } }],
  ]) {
    const r = await run(["inspect", token, ...args, "--alg", "RS256", "--now", String(NOW), "--json"]);
    assert.equal(r.code, 0, `${args.join(" ")}: ${r.stderr}`);
    assert.deepEqual(JSON.parse(r.stdout), inspect(token, { ...options, algorithms: ["RS256"], now: NOW }));
  }
  // a rotated key set: kid_not_found, exit 1
  const other = rsaKey("key-2024-04");
  const rotated = tmp.write("rotated.json", { keys: [other.jwk] });
  const r = await run(["inspect", token, "--jwks", rotated, "--now", String(NOW)]);
  assert.equal(r.code, 1);
  assert.match(r.stdout, /kid_not_found/);
});

test("--jwks URL and --issuer-discovery fetch the key set, then inspect", async () => {
  const token = rs256({ ...claims, iss: origin }, rsa.privateKey, "key-2024-03");
  const expected = inspect(token, { jwks: { keys: [rsa.jwk] }, now: NOW, issuer: origin });
  assert.equal(expected.valid, true);
  const viaUrl = await run(["inspect", token, "--jwks", `${origin}/jwks.json`, "--iss", origin, "--now", String(NOW), "--json"]);
  assert.equal(viaUrl.code, 0, viaUrl.stderr);
  assert.deepEqual(JSON.parse(viaUrl.stdout), expected);
  const viaDiscovery = await run(["inspect", token, "--issuer-discovery", `${origin}/`, "--iss", origin, "--now", String(NOW), "--json"]);
  assert.equal(viaDiscovery.code, 0, viaDiscovery.stderr);
  assert.deepEqual(JSON.parse(viaDiscovery.stdout), expected);
  const missing = await run(["inspect", token, "--jwks", `${origin}/nope.json`]);
  assert.equal(missing.code, 3);
  assert.match(missing.stderr, /^jwt-doctor: --jwks: cannot use http:\/\/127\.0\.0\.1:\d+\/nope\.json: HTTP 404 Not Found, expected 200\n$/);
});

test("a JWKS behind a redirect is refused as the library refuses it (one fetcher: no redirect followed)", async () => {
  const token = rs256({ ...claims, iss: origin }, rsa.privateKey, "key-2024-03");
  const cli = await run(["inspect", token, "--jwks", `${origin}/old`, "--now", String(NOW)]);
  assert.equal(cli.code, 3, cli.stdout);
  assert.match(cli.stderr, /^jwt-doctor: --jwks: cannot use http:\/\/127\.0\.0\.1:\d+\/old: HTTP 302 redirect to \/jwks\.json not followed, expected 200\n$/);
  const library = await verify(token, { jwks: createRemoteJWKSet(`${origin}/old`), algorithms: ["RS256"], now: NOW }).catch((e) => e);
  assert.equal(library.reason, "jwks_unavailable");
  assert.match(library.finding.detail.error, /^HTTP 302 redirect to \/jwks\.json not followed, expected 200: /);
});

test("decode prints header and payload without verifying; exit 1 when undecodable", async () => {
  const r = await run(["decode", VALID, "--json"]);
  assert.equal(r.code, 0, r.stderr);
  const d = JSON.parse(r.stdout);
  assert.deepEqual(d.header, { alg: "HS256", typ: "JWT" });
  assert.deepEqual(d.payload, claims);
  const human = await run(["decode", "-", "--now", String(NOW)], { input: `Authorization: Bearer ${VALID}\n` });
  assert.equal(human.code, 0, human.stderr);
  assert.match(human.stdout, /"sub": "user-1"/);
  assert.match(human.stdout, /exp 2025-11-24T16:10:00Z \(in 10 min\)/);
  assert.match(human.stdout, /nothing was verified/);
  const bad = await run(["decode", "garbage"]);
  assert.equal(bad.code, 1);
  assert.match(bad.stdout, /malformed_token/);
});

test("singular and plural: a 1-byte token, 1 error", async () => {
  const r = await run(["inspect", "x", "--now", String(NOW)]);
  assert.equal(r.code, 1, r.stderr);
  assert.match(r.stdout, /^token {4}1 byte(?!s)/m);
  assert.match(r.stdout, /^✗ INVALID {2}malformed_token: .* — 1 error(?!s)/m);
});

test("the provider of the token's issuer is named, on a valid token too", async () => {
  const tid = "9188040d-6c67-4c5b-b112-36a304b66dad";
  const entra = hs256({ ...claims, iss: `https://login.microsoftonline.com/${tid}/v2.0` });
  const r = await run(["inspect", entra, "--secret", SECRET, "--alg", "HS256", "--aud", "api", "--now", String(NOW)]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^provider Microsoft Entra ID \(v2 issuer\)$/m);
  const plain = await run(["inspect", VALID, ...base]);
  assert.doesNotMatch(plain.stdout, /^provider/m, "an issuer of no known provider: no line");
});

test("--issuer-discovery of another environment: kid_not_found names the document's issuer and the token's", async () => {
  const prod = "https://prod.example.com/";
  const token = rs256({ ...claims, iss: prod }, rsaKey("prod-key").privateKey, "prod-key");
  const r = await run(["inspect", token, "--issuer-discovery", origin, "--alg", "RS256", "--iss", prod, "--aud", "api", "--now", String(NOW)]);
  assert.equal(r.code, 1, r.stderr);
  assert.match(r.stdout, new RegExp(`kid_not_found: .*the key set comes from the discovery document of ${origin.replace(/\./g, "\\.")}, the token from https://prod\\.example\\.com/`));
  assert.match(r.stdout, /→ use the keys of the token's issuer \(https:\/\/prod\.example\.com\/\.well-known\/openid-configuration\)/);
});

test("--jwks takes a certificate map (Google's, Firebase's): the certificates' keys under their kids", async () => {
  const dir = tempDir();
  try {
    execFileSync("openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=test", "-days", "2",
      "-keyout", join(dir.dir, "key.pem"), "-out", join(dir.dir, "cert.pem")], { stdio: "ignore" });
    const map = dir.write("certs.json", { "8e8fc8e5": readFileSync(join(dir.dir, "cert.pem"), "utf8") });
    const token = rs256({ ...claims, iss: "https://accounts.google.com" }, createPrivateKey(readFileSync(join(dir.dir, "key.pem"))), "8e8fc8e5");
    const r = await run(["inspect", token, "--jwks", map, "--alg", "RS256", "--aud", "api", "--now", String(NOW)]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /✓ VALID {2}RS256 signature verified with key "8e8fc8e5"/);
    assert.match(r.stdout, /info +jwks_certificate_map +the key set is a map of 1 X\.509 certificates by kid/);
    assert.match(r.stdout, /→ Google serves the same keys as a JWK Set: https:\/\/www\.googleapis\.com\/oauth2\/v3\/certs/);
    assert.match(r.stdout, /^provider Google$/m);
  } finally {
    dir.cleanup();
  }
});
