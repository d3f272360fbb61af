// Shared by the middleware tests: keys made with node:crypto, the tokens of each case, a JWKS
// server and a dead JWKS URL on 127.0.0.1, and the assertions every framework must pass.
import assert from "node:assert/strict";
import { createHmac, generateKeyPairSync, sign as signWith } from "node:crypto";
import { createServer } from "node:http";
import v8 from "node:v8";
import vm from "node:vm";

import { AUDIENCE, ISSUER, REALM } from "./constants.mjs";

export { AUDIENCE, ISSUER, REALM };

const b64url = (v) => (Buffer.isBuffer(v) ? v : Buffer.from(typeof v === "string" ? v : JSON.stringify(v))).toString("base64url");

// Node 20 can deadlock exporting a freshly generated key as JWK (a garbage collection during the
// export finalizes the key's generation job, which waits on the lock the export holds):
// collecting right after generating closes the window (see tests/cases/sign.mjs).
v8.setFlagsFromString("--expose-gc");
const collect = vm.runInNewContext("gc");

/** The keys of one test run: k1 (published) and an older key whose kid was rotated out. */
export function makeKeys() {
  const current = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const retired = generateKeyPairSync("rsa", { modulusLength: 2048 });
  collect();
  const jwk = { ...current.publicKey.export({ format: "jwk" }), kid: "k1", alg: "RS256", use: "sig" };
  return { current, retired, jwks: { keys: [jwk] }, publicPem: current.publicKey.export({ format: "pem", type: "spki" }) };
}

function rs256(privateKey, header, payload) {
  const input = `${b64url(header)}.${b64url(payload)}`;
  return `${input}.${b64url(signWith("sha256", Buffer.from(input), privateKey))}`;
}

function hs256(secret, header, payload) {
  const input = `${b64url(header)}.${b64url(payload)}`;
  return `${input}.${createHmac("sha256", secret).update(input).digest("base64url")}`;
}

/** One token per case; `claims` are the payload of the good token. */
export function makeTokens(keys) {
  const now = Math.floor(Date.now() / 1000);
  const claims = { iss: ISSUER, aud: AUDIENCE, sub: "user-42", scope: "orders:read", iat: now, exp: now + 600 };
  return {
    claims,
    good: rs256(keys.current.privateKey, { alg: "RS256", typ: "JWT", kid: "k1" }, claims),
    expired: rs256(keys.current.privateKey, { alg: "RS256", typ: "JWT", kid: "k1" }, { ...claims, iat: now - 7200, exp: now - 3600 }),
    rotated: rs256(keys.retired.privateKey, { alg: "RS256", typ: "JWT", kid: "k0" }, claims),
    // the classic confusion: HS256 with the RSA public key's PEM text as the HMAC secret
    confused: hs256(keys.publicPem, { alg: "HS256", typ: "JWT", kid: "k1" }, claims),
  };
}

/** A JWKS server on 127.0.0.1, counting its hits. */
export async function startJwksServer(jwks) {
  let hits = 0;
  const server = createServer((req, res) => {
    hits++;
    res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(jwks));
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}/.well-known/jwks.json`,
    hits: () => hits,
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

/** A JWKS URL whose server was up, then went down before anything fetched from it. */
export async function deadJwksUrl() {
  const server = await startJwksServer({ keys: [] });
  await server.close();
  return server.url;
}

/** Starts `listen(port => server)` style servers on 127.0.0.1; returns its base URL. */
export function baseOf(server) {
  return `http://127.0.0.1:${server.address().port}`;
}

// --- the cases every framework answers the same way ----------------------------------------------

/** [name, Authorization header (or undefined), expected status, expected error code or null]. */
export function cases(tokens) {
  return [
    ["good token", `Bearer ${tokens.good}`, 200, null],
    ["expired", `Bearer ${tokens.expired}`, 401, "expired"],
    ["rotated kid", `Bearer ${tokens.rotated}`, 401, "kid_not_found"],
    ["confused alg (HS256 signed with the RSA public key PEM)", `Bearer ${tokens.confused}`, 401, "alg_confusion"],
    ["Bearer Bearer", `Bearer Bearer ${tokens.good}`, 401, "double_bearer"],
    ["no Authorization header", undefined, 401, null],
  ];
}

/** GETs `url` with an optional Authorization header and a request id. */
export async function get(url, authorization, requestId) {
  const headers = {};
  if (authorization !== undefined) headers.authorization = authorization;
  if (requestId) headers["x-request-id"] = requestId;
  const res = await fetch(url, { headers, signal: AbortSignal.timeout(15000) });
  const text = await res.text();
  let body = null;
  try {
    body = JSON.parse(text);
  } catch {}
  return { status: res.status, www: res.headers.get("www-authenticate"), body, text, headers: res.headers };
}

/** The answer of one case, as RFC 6750 and the issue ask. */
export function assertAnswer(r, [name, authorization, status, code], tokens, realm = REALM) {
  assert.equal(r.status, status, `${name}: ${r.text}`);
  if (status === 200) {
    assert.equal(r.body.payload.sub, tokens.claims.sub, name);
    assert.equal(r.www, null, name);
    return;
  }
  if (code === null) {
    // no credentials: a challenge without an error attribute (RFC 6750 §3.1)
    assert.equal(r.www, `Bearer realm="${realm}"`, name);
    assert.doesNotMatch(r.www, /error=/, name);
  } else {
    assert.equal(r.www, `Bearer realm="${realm}", error="invalid_token", error_description="${code}"`, name);
    assert.deepEqual(r.body, { error: "invalid_token", code }, name);
  }
  assertNothingLeaks(r.text, tokens);
}

/** A client body names no expected value, key, URL or claim. */
export function assertNothingLeaks(text, tokens, url) {
  for (const secret of [ISSUER, AUDIENCE, "k1", "user-42", tokens.good.split(".")[1]]) {
    assert.ok(!text.includes(secret), `the body leaks ${secret}: ${text}`);
  }
  if (url) assert.ok(!text.includes(url) && !text.includes("127.0.0.1"), `the body leaks the JWKS URL: ${text}`);
}

/** The log object of a rejection: the fixed fields, nothing of the token but kid/iss/alg. */
export function assertLogEntry(entry, { code, kid, alg, requestId }, tokens) {
  assert.equal(entry.event, "jwt_rejected");
  assert.equal(entry.code, code);
  assert.equal(entry.kind, "token");
  assert.equal(entry.severity, "error");
  assert.equal(typeof entry.check, "string");
  assert.equal(entry.kid, kid);
  assert.equal(entry.alg, alg);
  assert.equal(entry.iss, ISSUER);
  assert.equal(entry.requestId, requestId);
  assert.match(entry.fingerprint, /^[A-Za-z0-9_-]{16}$/);
  assert.ok(!Number.isNaN(Date.parse(entry.ts)));
  const { report, ...line } = entry;
  const text = JSON.stringify(line);
  for (const t of Object.values(tokens).filter((v) => typeof v === "string")) {
    for (const part of t.split(".")) assert.ok(!text.includes(part), `the log line carries the token: ${text}`);
  }
  assert.ok(!text.includes("user-42") && !text.includes(AUDIENCE), `the log line carries claims: ${text}`);
}

/**
 * Reads a validation count from Prometheus text: the sum over the series that carry `labels`
 * (and any others, such as the configured issuer).
 */
export function counter(text, labels) {
  const want = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  let n = 0;
  for (const l of text.split("\n")) {
    const m = /^jwt_validation_total\{(.*)\} (\S+)$/.exec(l);
    if (!m) continue;
    const have = m[1].split(",");
    // the same cause label exactly: "outcome" alone must not match a series that has a cause
    if (want.every((w) => have.includes(w)) && have.filter((h) => !h.startsWith("issuer=")).length === want.length) n += Number(m[2]);
  }
  return n;
}

export function assertPrometheusShape(text) {
  assert.match(text, /^# HELP jwt_validation_total .+$/m);
  assert.match(text, /^# TYPE jwt_validation_total counter$/m);
  assert.match(text, /^# TYPE jwt_diagnosis_sampled_out_total counter$/m);
}
