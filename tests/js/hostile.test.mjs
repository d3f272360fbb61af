// Hostile input through the built package (SPEC §7): one WebAssembly instance takes 100,000
// hostile inputs and keeps verifying RFC 7515 A.1 correctly; its linear memory stays under a
// stated bound; the slowest single input stays under a stated time (the worst is printed with
// what caused it). Also the JavaScript-side limit: the body of a remote JWK Set.
//
//   bash scripts/build.sh && node --test tests/js/hostile.test.mjs
//
// The package does not expose the WebAssembly memory, and should not. To measure it, this test
// (and only this test) imports the wasm-bindgen glue by path, `pkg/jwt_doctor.js`: the same
// module the package's Node entry loaded (node_modules/jwt-doctor links to pkg/, and Node
// resolves the link to the real path), so `initSync()` returns the exports of the instance
// already running, `memory` among them, without instantiating a second one.
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { inspect, verify, createRemoteJWKSet, JwtConfigError } from "jwt-doctor";
import { initSync } from "../../pkg/jwt_doctor.js";

const root = fileURLToPath(new URL("../../", import.meta.url));

// The bounds this test enforces (on 2 cores, Node 20: see SECURITY.md).
const MEMORY_BOUND = 64 * 1024 * 1024; // bytes of WebAssembly.Memory after every input
const SLOWEST_BOUND_MS = 3000; // the slowest single input (measured ~0.8-1.1 s: a 90-key RSA-16384 set, no kid)
const CHEAP_INPUTS = 100_000;

const A1 = "eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9.eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ.dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
const A1_KEY = { kty: "oct", k: "AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ-EstJQLr_T-1qS0gZH75aKtMN3Yj0iPS4hcgUuTwjAzZr1Z9CAow" };
const A1_OPTIONS = { key: A1_KEY, algorithms: ["HS256"], now: 1300819000 };
const CHECKS = ["format", "algorithm", "key", "signature", "exp", "nbf", "iat", "iss", "aud", "sub", "typ", "required", "crit"];

const memory = initSync({ module: new Uint8Array(0) }).memory;

function a1StillVerifies(when) {
  const r = inspect(A1, A1_OPTIONS);
  assert.equal(r.valid, true, `RFC 7515 A.1 no longer verifies ${when}: ${JSON.stringify(r.findings)}`);
  assert.equal(inspect(A1.slice(0, -1) + "l", A1_OPTIONS).valid, false, `a changed A.1 verifies ${when}`);
}

// --- deterministic generators (xorshift32: the same 100,000 inputs on every run) --------------
let seed = 0x9e3779b9;
const rnd = () => {
  seed ^= seed << 13;
  seed ^= seed >>> 17;
  seed ^= seed << 5;
  return (seed >>> 0) / 2 ** 32;
};
const int = (n) => Math.floor(rnd() * n);
const pick = (a) => a[int(a.length)];
const b64u = (x) => Buffer.from(x).toString("base64url");
const randomBytes = (n) => Buffer.from(Array.from({ length: n }, () => int(256)));
const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.";
const randomToken = (n) => Array.from({ length: n }, () => ALPHABET[int(ALPHABET.length)]).join("");
const nested = (depth) => "[".repeat(depth) + "]".repeat(depth);

// Odd modulus of `bits` bits, top bit set: a structurally valid RSA public key nobody has the
// private half of.
function rsaJwk(bits, kid) {
  const n = Buffer.alloc(Math.ceil(bits / 8), 0xa5);
  n[0] = 0x80 >> ((8 - (bits % 8)) % 8);
  n[n.length - 1] |= 1;
  const jwk = { kty: "RSA", n: b64u(n), e: "AQAB" };
  if (kid) jwk.kid = kid;
  return jwk;
}

function corpus() {
  const out = [];
  for (const target of ["token", "inspect"]) {
    const dir = join(root, "fuzz/corpus", target);
    if (!existsSync(dir)) continue;
    for (const name of readdirSync(dir).sort().slice(0, 5000)) {
      const bytes = readFileSync(join(dir, name));
      // the inspect target's first two bytes select keys and driver: strip them
      out.push((target === "inspect" ? bytes.subarray(2) : bytes).toString("latin1"));
    }
  }
  return out;
}

const BAD_PEMS = [
  "-----BEGIN PUBLIC KEY-----\nMIIB\n-----END PUBLIC KEY-----",
  "-----BEGIN PUBLIC KEY-----\n" + "A".repeat(400) + "\n-----END PUBLIC KEY-----",
  "-----BEGIN RSA PUBLIC KEY-----\nMAA=\n-----END RSA PUBLIC KEY-----",
  "-----BEGIN PUBLIC KEY-----\n" + "A".repeat(100),
  "-----BEGIN " + "X".repeat(100) + "-----",
  "-----BEGIN CERTIFICATE-----\nMIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA\n-----END CERTIFICATE-----",
  "-----BEGIN PUBLIC KEY-----\\nMIIB\\n-----END PUBLIC KEY-----",
  "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAAAgQ== x",
  "ssh-rsa " + b64u(Buffer.from([0, 0, 0, 7, ...Buffer.from("ssh-rsa"), 0xff, 0xff, 0xff, 0xff])),
  "ecdsa-sha2-nistp256 AAAA",
];

/** One cheap hostile input: [label, token, options]. */
function cheap(i, fromCorpus) {
  switch (i % 10) {
    case 0:
      return ["random bytes", randomBytes(int(300)).toString("latin1"), A1_OPTIONS];
    case 1: {
      const t = [...A1];
      for (let n = 1 + int(3); n > 0; n--) t[int(t.length)] = String.fromCharCode(int(128));
      return ["mutated A.1", t.join(""), A1_OPTIONS];
    }
    case 2:
      return fromCorpus.length ? ["fuzz corpus", pick(fromCorpus), A1_OPTIONS] : ["random token", randomToken(int(400)), A1_OPTIONS];
    case 3: {
      const depth = 20 + int(60);
      return [`JSON nested ${depth}`, `${b64u(`{"alg":"HS256","x":${nested(depth)}}`)}.${b64u(`{"a":${nested(depth)}}`)}.AAAA`, A1_OPTIONS];
    }
    case 4:
      return ["random header JSON", `${b64u(JSON.stringify({ alg: pick(["HS256", "RS256", "ES256", "none", "EdDSA", 7, null]), kid: randomToken(int(40)), crit: int(2) ? ["b64"] : undefined }))}.${b64u(randomBytes(int(60)))}.${b64u(randomBytes(int(140)))}`, A1_OPTIONS];
    case 5:
      return ["bad PEM key", A1, { key: pick(BAD_PEMS) + randomToken(int(8)), algorithms: ["RS256", "HS256"], now: 1300819000 }];
    case 6:
      return ["random key text", A1, { key: randomBytes(1 + int(200)).toString("latin1"), now: 1300819000 }];
    case 7:
      return ["random JWK", A1, { key: { kty: pick(["RSA", "EC", "OKP", "oct", "x"]), crv: pick(["P-256", "P-521", "Ed25519", "X"]), n: randomToken(int(50)), e: pick(["AQAB", "", "AA"]), x: randomToken(int(90)), y: randomToken(int(90)), k: randomToken(int(40)) }, now: 1300819000 }];
    case 8:
      return ["transit corruption", `${pick(["Bearer ", "Bearer Bearer ", '"', "%20", ""])}${A1.replaceAll(".", pick([".", "%2E", ". ", "\n."]))}${pick(["", "=", '"', "=="])}`, A1_OPTIONS];
    default:
      return ["huge token", "e".repeat(16 * 1024 + int(4096)), A1_OPTIONS];
  }
}

/** The expensive hostile inputs: each several times. */
function expensive() {
  const kidless = (bits, n) => ({ keys: Array.from({ length: n }, () => rsaJwk(bits)) });
  const rs256 = (sigBytes) => `${b64u('{"alg":"RS256"}')}.${b64u('{"exp":1300819380}')}.${b64u(Buffer.alloc(sigBytes, 7))}`;
  const many = `{"exp":1300819380,"a":[${"0,".repeat(10_000)}0]}`;
  const bigPem = "#".repeat(300 * 1024) + "\n-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n";
  return [
    ["JWK with a 16384-bit modulus", rs256(2048), { key: rsaJwk(16384), algorithms: ["RS256"], now: 1300819000 }],
    ["JWK with a 65536-bit modulus", rs256(8192), { key: rsaJwk(65536), algorithms: ["RS256"], now: 1300819000 }],
    ["JWKS of 90 RSA-16384 keys, no kid", rs256(2048), { jwks: kidless(16384, 90), algorithms: ["RS256"], now: 1300819000 }],
    ["JWKS of 100 RSA-4096 keys, rotated kid", rs256(512).replace(b64u('{"alg":"RS256"}'), b64u('{"alg":"RS256","kid":"gone"}')), { jwks: { keys: Array.from({ length: 100 }, (_, i) => rsaJwk(4096, `k${i}`)) }, algorithms: ["RS256"], now: 1300819000 }],
    ["JWKS of 5000 keys", A1, { jwks: { keys: Array.from({ length: 5000 }, (_, i) => ({ kty: "oct", kid: `k${i}`, k: "AA" })) }, now: 1300819000 }],
    ["JWKS of 2 MB", A1, { jwks: { keys: [{ kty: "oct", k: "A".repeat(2 * 1024 * 1024) }] }, now: 1300819000 }],
    ["PEM of 300 KB", A1, { key: bigPem, now: 1300819000 }],
    ["payload with 10001 values", `${b64u('{"alg":"HS256"}')}.${b64u(many)}.AAAA`, { ...A1_OPTIONS, maxTokenBytes: 1024 * 1024 }],
    ["token of 1 MiB", "e".repeat(1024 * 1024), { ...A1_OPTIONS, maxTokenBytes: 1024 * 1024 }],
  ];
}

function run(label, token, options, stats) {
  const t0 = performance.now();
  let report;
  try {
    report = inspect(token, options);
  } catch (e) {
    // misuse is a TypeError by contract; anything else (a wasm trap) is a failure
    if (!(e instanceof TypeError)) throw new Error(`${label}: ${e?.stack ?? e}`);
  }
  const ms = performance.now() - t0;
  if (ms > stats.worst.ms) stats.worst = { ms, label };
  if (report) {
    assert.deepEqual(report.checks.map((c) => c.check), CHECKS, label);
    if (report.valid) assert.ok(!report.findings.some((f) => f.severity === "error"), label);
  }
  stats.memory = Math.max(stats.memory, memory.buffer.byteLength);
}

test("one instance survives 100,000 hostile inputs, in bounded memory and time", () => {
  assert.ok(memory instanceof WebAssembly.Memory, "the glue exposes the instance's memory");
  a1StillVerifies("at the start");
  const stats = { worst: { ms: 0, label: "" }, memory: memory.buffer.byteLength };
  const start = stats.memory;
  const fromCorpus = corpus();
  const t0 = performance.now();
  for (let i = 0; i < CHEAP_INPUTS; i++) {
    const [label, token, options] = cheap(i, fromCorpus);
    run(label, token, options, stats);
    if (i % 10_000 === 9_999) a1StillVerifies(`after ${i + 1} inputs (last: ${label})`);
  }
  const cheapMs = performance.now() - t0;
  const cheapWorst = stats.worst;
  stats.worst = { ms: 0, label: "" };
  for (let round = 0; round < 3; round++) {
    for (const [label, token, options] of expensive()) run(label, token, options, stats);
    a1StillVerifies(`after round ${round + 1} of the expensive inputs`);
  }
  console.log(
    `hostile: ${CHEAP_INPUTS} cheap inputs (${fromCorpus.length} from the fuzz corpus) in ${(cheapMs / 1000).toFixed(1)} s, ` +
      `slowest ${cheapWorst.ms.toFixed(1)} ms (${cheapWorst.label}); ${expensive().length} × 3 expensive inputs, ` +
      `slowest ${stats.worst.ms.toFixed(1)} ms (${stats.worst.label}); ` +
      `wasm memory ${(start / 2 ** 20).toFixed(1)} MiB at start, ${(stats.memory / 2 ** 20).toFixed(1)} MiB at most`,
  );
  assert.ok(stats.memory <= MEMORY_BOUND, `wasm memory grew to ${stats.memory} bytes`);
  assert.ok(stats.worst.ms <= SLOWEST_BOUND_MS, `slowest input ${stats.worst.ms} ms: ${stats.worst.label}`);
  assert.ok(cheapWorst.ms <= SLOWEST_BOUND_MS, `slowest cheap input ${cheapWorst.ms} ms: ${cheapWorst.label}`);
});

test("limits surface as findings with their detail", async () => {
  const rs = `${b64u('{"alg":"RS256"}')}.${b64u('{"exp":1300819380}')}.AAAA`;
  const reason = (r) => r.findings.find((f) => f.code === "key_invalid")?.detail.reason;
  assert.equal(reason(inspect(rs, { key: rsaJwk(16392), algorithms: ["RS256"], now: 0 })), "rsa_modulus_too_large");
  assert.equal(reason(inspect(rs, { jwks: { keys: Array.from({ length: 101 }, () => rsaJwk(2048)) }, algorithms: ["RS256"], now: 0 })), "jwks_too_many_keys");
  assert.equal(reason(inspect(rs, { key: "-----BEGIN PUBLIC KEY-----\n" + "A".repeat(300_000) + "\n-----END PUBLIC KEY-----", now: 0 })), "key_too_large");
  const big = inspect("e".repeat(20_000), A1_OPTIONS).findings[0];
  assert.equal(big.code, "token_too_large");
  assert.deepEqual([big.detail.bytes, big.detail.limit], [20_000, 16_384]);
  // verify(): past the most maxTokenBytes can allow (1 MiB), and within it in UTF-8 bytes
  for (const [token, bytes] of [["e".repeat(4 << 20), 4 << 20], ["\u20ac".repeat(400_000), 1_200_000]]) {
    for (const maxTokenBytes of [undefined, 1 << 20]) {
      const err = await verify(token, { ...A1_OPTIONS, maxTokenBytes }).then(() => assert.fail("verified"), (e) => e);
      assert.equal(err.code, "token_too_large", `${bytes} bytes, maxTokenBytes ${maxTokenBytes}`);
      assert.equal(err.findings[0].detail.bytes, bytes);
    }
  }
  a1StillVerifies("after tokens too large for verify()");
  const deep = inspect(`${b64u('{"alg":"HS256"}')}.${b64u(`{"a":${nested(40)}}`)}.AAAA`, A1_OPTIONS).findings[0];
  assert.deepEqual([deep.code, deep.detail.part, deep.detail.limit], ["json_too_deep", "payload", 32]);
});

test("a remote JWK Set body over 512 KiB is refused, and says so", async () => {
  const body = JSON.stringify({ keys: [{ kty: "oct", k: "A".repeat(600 * 1024) }] });
  for (const declare of [true, false]) {
    const fetch = async () =>
      new Response(body, { status: 200, headers: declare ? { "content-length": String(body.length) } : {} });
    const jwks = createRemoteJWKSet("https://issuer.example/jwks.json", { fetch });
    const err = await verify(A1, { jwks, algorithms: ["HS256"], now: 1300819000 }).then(
      () => assert.fail("verified"),
      (e) => e,
    );
    assert.ok(err instanceof JwtConfigError, String(err));
    assert.equal(err.code, "key_invalid");
    const f = err.findings.find((x) => x.code === "key_invalid");
    assert.equal(f.detail.reason, "jwks_unavailable");
    assert.match(f.detail.error, /524288-byte limit/);
  }
});

test("a claim beyond 2^53 is reported, not thrown (found by the property tests)", () => {
  for (const n of ["9007199254740993", "-9007199254740992", "18446744073709551616", "1e400"]) {
    const token = `${b64u('{"alg":"HS256"}')}.${b64u(`{"n":${n},"exp":${n}}`)}.AAAA`;
    const r = inspect(token, A1_OPTIONS);
    assert.deepEqual(r.checks.map((c) => c.check), CHECKS, n);
    assert.equal(r.valid, false);
  }
  a1StillVerifies("after huge integers");
});
