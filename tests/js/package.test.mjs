// The walking skeleton through the built package, imported by its name through the exports
// map exactly as a user's project would.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { createHmac } from "node:crypto";
import { inspect, verify, decode, JwtError, FINDINGS, init, createInspector } from "jwt-doctor";

// RFC 7515 Appendix A.1
const A1 =
  "eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9.eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ.dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
const A1_KEY = { kty: "oct", k: "AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ-EstJQLr_T-1qS0gZH75aKtMN3Yj0iPS4hcgUuTwjAzZr1Z9CAow" };
const A1_EXP = 1300819380;
const before = { key: A1_KEY, algorithms: ["HS256"], now: A1_EXP - 100 };

const codes = (r) => r.findings.map((f) => f.code);

test("the package resolves through its exports map to the node entry", () => {
  const require = createRequire(import.meta.url);
  const manifest = require("jwt-doctor/package.json");
  assert.equal(manifest.name, "jwt-doctor");
  // Only the entry points have side effects (they instantiate the module); bundlers that
  // honour sideEffects: false would drop that and leave the API without its module.
  assert.deepEqual(manifest.sideEffects, ["./index.node.js", "./index.workerd.js", "./index.browser.js", "./inline.js"]);
  assert.equal(typeof manifest.exports["."].node, "string");
  assert.equal(typeof init, "function");
});

test("RFC 7515 A.1 verifies", async () => {
  const r = inspect(A1, before);
  assert.equal(r.valid, true, JSON.stringify(r.findings));
  assert.equal(r.signature.verified, true);
  assert.deepEqual(r.findings, []);
  assert.deepEqual(r.checks.map((c) => c.check),
    ["format", "algorithm", "key", "signature", "exp", "nbf", "iat", "iss", "aud", "sub", "typ", "required", "crit"]);
  const ok = await verify(A1, before);
  assert.equal(ok.payload.iss, "joe");
  assert.equal(ok.header.alg, "HS256");
  assert.equal(ok.key.alg, "HS256");
});

test("verify()'s result is plain data: header read late, assigned, spread, serialised", async () => {
  const a = await verify(A1, before);
  const b = await verify(A1, { ...before, key: A1_KEY }); // another token verified in between
  // the header is parsed when first read, from this token's text (RFC 7515 A.1 has CR LF in it)
  assert.deepEqual(a.header, { typ: "JWT", alg: "HS256" });
  assert.equal(a.header, a.header, "the same object each time");
  assert.deepEqual(Object.keys(a), ["header", "payload", "key", "findings"]);
  const round = JSON.parse(JSON.stringify(a));
  assert.deepEqual(round.header, { typ: "JWT", alg: "HS256" });
  assert.deepEqual(round.payload, { iss: "joe", exp: A1_EXP, "http://example.com/is_root": true });
  assert.deepEqual({ ...b }.header, { typ: "JWT", alg: "HS256" });
  assert.deepEqual(structuredClone(b).header, { typ: "JWT", alg: "HS256" });
  a.header = { replaced: true };
  assert.deepEqual(a.header, { replaced: true });
  delete b.header;
  assert.equal("header" in b, false);
});

test("a tampered copy fails with signature_invalid", async () => {
  const tampered = A1.slice(0, -4) + (A1.endsWith("AAAA") ? "BBBB" : "AAAA");
  const r = inspect(tampered, before);
  assert.equal(r.valid, false);
  assert.equal(r.findings[0].code, "signature_invalid");
  assert.equal(r.checks.find((c) => c.check === "signature").status, "fail");
  await assert.rejects(verify(tampered, before), (e) => {
    assert.ok(e instanceof JwtError);
    assert.equal(e.code, "signature_invalid");
    assert.equal(e.report.valid, false);
    return true;
  });
  // a changed payload (is_root flipped) fails too
  const [h, , s] = A1.split(".");
  const payload = Buffer.from('{"iss":"joe",\r\n "exp":1300819380,\r\n "http://example.com/is_root":false}').toString("base64url");
  assert.deepEqual(codes(inspect(`${h}.${payload}.${s}`, before)), ["signature_invalid"]);
});

test("30 s after exp: expired, no clock_skew_suspected (a late token is no clock evidence); 31 s of leeway accepts it", async () => {
  const late = { ...before, now: A1_EXP + 30 };
  const r = inspect(A1, late);
  assert.equal(r.valid, false);
  assert.deepEqual(codes(r), ["expired"]);
  assert.match(r.findings[0].message, /expired 30 s ago/);
  assert.equal(r.findings[0].detail.at, "2011-03-22T18:43:00Z");
  assert.equal(inspect(A1, { ...late, leeway: 31 }).valid, true);
  assert.equal(inspect(A1, { ...late, leeway: 30 }).valid, false);
  await assert.rejects(verify(A1, late), { code: "expired" });
  // long expired: no skew suspicion
  assert.deepEqual(codes(inspect(A1, { ...before, now: A1_EXP + 3 * 3600 + 12 * 60 })), ["expired"]);
});

test("misuse throws TypeError: unknown option names, wrong types, verify without algorithms", async () => {
  assert.throws(() => inspect(A1, { key: A1_KEY, audiance: "x" }), (e) => e instanceof TypeError && /audiance/.test(e.message) && /audience/.test(e.message));
  assert.throws(() => inspect(A1, { leeway: "5" }), TypeError);
  assert.throws(() => inspect(A1, { algorithms: ["RS265"] }), TypeError);
  assert.throws(() => inspect(A1, { algorithms: ["none"] }), TypeError);
  assert.throws(() => inspect(42), TypeError);
  assert.throws(() => inspect(A1, { leeway: "5" }), /options\.leeway must be a number of seconds, not the string "5"/);
  assert.throws(() => inspect(A1, { audience: [1] }), /options\.audience/);
  assert.throws(() => inspect(A1, { key: A1_KEY, jwks: { keys: [A1_KEY] } }), /key or options\.jwks, not both/);
  await assert.rejects(verify(A1, { key: A1_KEY }), TypeError);
  await assert.rejects(verify(A1, { algorithms: ["HS256"] }), TypeError);
});

test("a Bearer prefix is stripped by inspect but rejected by verify", async () => {
  const r = inspect(`Bearer ${A1}`, before);
  assert.equal(r.valid, true);
  assert.deepEqual(codes(r), ["bearer_prefix"]);
  assert.deepEqual(r.token.repaired, ["bearer_prefix"]);
  await assert.rejects(verify(`Bearer ${A1}`, before), (e) => e.code === "malformed_token" && e.report.valid === false);
});

test("decode reads without verifying; garbage throws JwtError", () => {
  const d = decode(A1);
  assert.equal(d.payload.exp, A1_EXP);
  assert.equal(d.signature, A1.split(".")[2]);
  assert.throws(() => decode("not a token"), (e) => e instanceof JwtError && e.code === "malformed_token");
});

test("FINDINGS is the catalogue", () => {
  const byCode = new Map(FINDINGS.map((f) => [f.code, f]));
  assert.equal(byCode.size, FINDINGS.length);
  assert.equal(byCode.get("expired").severity, "error");
  assert.equal(byCode.get("bearer_prefix").severity, "info");
  assert.equal(byCode.get("clock_skew_suspected").severity, "warning");
  assert.equal(byCode.get("expired").jose, "ERR_JWT_EXPIRED");
  assert.ok(Object.isFrozen(FINDINGS));
});

test("the same instance survives 1,000 garbage tokens and still verifies A.1", () => {
  let seed = 7;
  const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.=+/% \n\"'{}[]:,\u0000é😀";
  const pick = (n) => Array.from({ length: n }, () => alphabet[Math.floor(rand() * alphabet.length)]).join("");
  const b64 = (s) => Buffer.from(s).toString("base64url");
  const shapes = [
    () => pick(Math.floor(rand() * 300)),
    () => `${pick(20)}.${pick(40)}.${pick(10)}`,
    () => `${b64("{".repeat(100))}.${b64("[".repeat(5000))}.AA`,
    () => `${b64('{"alg":"HS256","alg":"none"}')}.${b64('{"exp":"soon"}')}.${pick(43)}`,
    () => `${b64('{"alg":"ES256"}')}.${b64("{}")}.${b64("\u0000".repeat(64))}`,
    () => `${b64('{"alg":"RS256","kid":"../../dev/null"}')}.${b64('{"exp":1e400}')}.${pick(342)}`,
    () => "a.".repeat(Math.floor(rand() * 50)),
    () => `Bearer Bearer "${pick(60)}"`,
  ];
  for (let i = 0; i < 1000; i++) {
    const token = shapes[i % shapes.length]();
    const r = inspect(token, { key: A1_KEY, algorithms: ["HS256", "ES256", "RS256"], now: A1_EXP });
    assert.equal(r.valid, false, token);
    assert.equal(r.checks.length, 13);
    assert.ok(r.findings.some((f) => f.severity === "error"), token);
  }
  assert.equal(inspect(A1, before).valid, true);
});

test("a signature check stopped by the key set fails in the checklist with the blocking code", () => {
  const payload = A1.split(".")[1];
  const header = Buffer.from(JSON.stringify({ alg: "HS256", kid: "key-2024-02" })).toString("base64url");
  const body = `${header}.${payload}`;
  const token = `${body}.${createHmac("sha256", Buffer.from(A1_KEY.k, "base64url")).update(body).digest("base64url")}`;
  const r = inspect(token, { jwks: { keys: [{ ...A1_KEY, kid: "key-2024-03" }] }, algorithms: ["HS256"], now: A1_EXP - 100 });
  assert.equal(r.valid, false);
  assert.deepEqual(r.checks.find((c) => c.check === "signature"), { check: "signature", status: "fail", code: "kid_not_found" });
  assert.deepEqual(codes(r), ["kid_not_found", "verifies_with_other_key"]);
  assert.deepEqual(r.findings[0].detail.available, ["key-2024-03"]);
});

test("createInspector(): the same report as inspect(), and a summary for triage", () => {
  const ins = createInspector({ key: A1_KEY, algorithms: ["HS256"] });
  const late = A1_EXP + 30;
  assert.deepEqual(ins.inspect(A1, late), inspect(A1, { key: A1_KEY, algorithms: ["HS256"], now: late }));
  assert.deepEqual(ins.summarize(A1, late), {
    valid: false, verified: true, codes: ["expired"], main: "expired",
    header: true, payload: true, alg: "HS256", kid: null, iss: "joe", aud: null, exp: A1_EXP, iat: null, provider: null, forged: null,
  });
  assert.equal(ins.summarize(A1, A1_EXP - 1).valid, true);
  const garbage = ins.summarize("garbage", A1_EXP);
  assert.equal(garbage.valid, false);
  assert.equal(garbage.main, "malformed_token");
  assert.equal(garbage.header, false);
  assert.throws(() => createInspector({ audiance: "x" }), TypeError);
  assert.throws(() => ins.summarize(42), TypeError);
});

test("verify() with the same options object: an allow-list or audience edited in place takes effect", async () => {
  const options = { key: A1_KEY, algorithms: ["HS256"], now: A1_EXP - 100 };
  assert.equal((await verify(A1, options)).payload.iss, "joe");
  assert.equal((await verify(A1, options)).payload.iss, "joe"); // the remembered verifier
  options.algorithms[0] = "HS512";
  await assert.rejects(verify(A1, options), { code: "alg_not_allowed" });
  options.algorithms[0] = "HS256";
  options.issuer = "someone-else";
  await assert.rejects(verify(A1, options), { code: "issuer_mismatch" });
  delete options.issuer;
  options.now = A1_EXP + 1;
  await assert.rejects(verify(A1, options), { code: "expired" });
});

test("inspect() with the same options object: the compiled inspector follows every edit", () => {
  const options = { key: A1_KEY, algorithms: ["HS256"], now: A1_EXP - 100 };
  // the first call reads the options; later calls reuse a compiled inspector
  for (let i = 0; i < 3; i++) assert.equal(inspect(A1, options).valid, true);
  options.algorithms[0] = "HS512";
  assert.deepEqual(codes(inspect(A1, options)), ["alg_not_allowed"]);
  options.algorithms[0] = "HS256";
  options.audience = ["api"];
  assert.equal(inspect(A1, options).findings[0].code, "claim_missing");
  delete options.audience;
  options.now = A1_EXP + 1;
  assert.equal(inspect(A1, options).findings[0].code, "expired");
  delete options.now; // the clock: long after A.1 expired
  assert.equal(inspect(A1, options).findings[0].code, "expired");
  options.key = { kty: "oct", k: "c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0LXNlY3JldC0" };
  options.now = A1_EXP - 100;
  assert.equal(inspect(A1, options).findings.find((f) => f.severity === "error").code, "signature_invalid");
  // more option objects than the inspector cache holds, each used twice: the evicted ones
  // are freed and every answer stays right
  const many = Array.from({ length: 40 }, (_, i) => ({ key: A1_KEY, algorithms: ["HS256"], now: A1_EXP - 100 + (i % 2 ? 200 : 0) }));
  for (let round = 0; round < 3; round++) {
    for (const [i, o] of many.entries()) assert.equal(inspect(A1, o).valid, i % 2 === 0, `options ${i}, round ${round}`);
  }
  assert.throws(() => inspect(A1, { ...options, audiance: "x" }), TypeError);
});

test("verify() with crypto: \"wasm\" and the same options object: the remembered verifier follows edits", async () => {
  const options = { key: A1_KEY, algorithms: ["HS256"], now: A1_EXP - 100, crypto: "wasm" };
  assert.equal((await verify(A1, options)).payload.iss, "joe");
  assert.equal((await verify(A1, options)).key.alg, "HS256");
  options.crypto = "native";
  assert.equal((await verify(A1, options)).payload.iss, "joe");
  options.crypto = "quantum";
  await assert.rejects(verify(A1, options), TypeError);
  options.crypto = "wasm";
  options.subject = "jane";
  await assert.rejects(verify(A1, options), { code: "claim_missing" });
});
