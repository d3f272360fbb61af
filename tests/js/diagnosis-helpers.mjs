// Shared helpers of the JavaScript-only suites (tests/js/diagnosis*.test.mjs, attacks.test.mjs...):
// real keys generated once per file, compact JWS built by hand (tests/cases/sign.mjs, shared with
// the case generator), a recorder of every report for the "safe to log" test, and assertion shorthands.
//
// Not a test file itself (no `.test.` in the name): node --test only loads it through imports.
import { test } from "node:test";
import assert from "node:assert/strict";
import { inspect as coreInspect, verify as coreVerify, JwtError } from "jwt-doctor";
import { keyForms, generatePair, privateStrings } from "../cases/sign.mjs";

export { NOW, b64u, hmac, sign, withSignature, claims, sshLine } from "../cases/sign.mjs";

export const CHECK_ORDER = [
  "format", "algorithm", "key", "signature", "exp", "nbf", "iat",
  "iss", "aud", "sub", "typ", "required", "crit",
];

// ---------------------------------------------------------------------------------------------
// Keys (generate once per file; RSA keygen dominates the suite's time)
// ---------------------------------------------------------------------------------------------

const keyCache = new Map();

/** A key pair, generated once per process per name: `rsa` (2048), `rsa2`, `rsa1024`, `p256`, `p384`, `ed`... */
export function keys(name) {
  if (keyCache.has(name)) return keyCache.get(name);
  const k = keyForms(generatePair(name), name);
  for (const s of privateStrings(k)) secrets.add(s);
  keyCache.set(name, k);
  return k;
}

// ---------------------------------------------------------------------------------------------
// Safe to log: every report is recorded; every secret is registered
// ---------------------------------------------------------------------------------------------

const secrets = new Set();
const tokens = new Set();
const reports = [];

/** Registers secret material that must never appear in a report; returns it. */
export function secret(s) {
  secrets.add(typeof s === "string" ? s : Buffer.from(s).toString("latin1"));
  return s;
}

/** inspect(), recording the report and the token. */
export function inspect(token, options) {
  if (typeof token === "string" && token.length > 0) tokens.add(token);
  const r = coreInspect(token, options);
  reports.push(r);
  return r;
}

/** verify(), recording err.report on rejection. Resolves to the result or the JwtError. */
export async function verifyOutcome(token, options) {
  if (typeof token === "string" && token.length > 0) tokens.add(token);
  try {
    return { ok: true, result: await coreVerify(token, options) };
  } catch (err) {
    if (err instanceof JwtError && err.report) reports.push(err.report);
    return { ok: false, err };
  }
}

/** The last test of a file: no report produced in it holds a secret, private key material or a full token. */
export function safeToLogTest() {
  test("safe to log: no report of this file holds a secret, private key material or a full token", () => {
    assert.ok(reports.length > 0, "no report was recorded");
    assert.ok(secrets.size > 0, "no secret was registered");
    const leaks = [];
    for (const r of reports) {
      const text = JSON.stringify(r);
      for (const s of secrets) if (text.includes(s)) leaks.push(`secret ${JSON.stringify(s.slice(0, 12))}… in ${r.findings.map((f) => f.code).join(",")} ${process.env.LEAK_DEBUG ? text.slice(Math.max(0, text.indexOf(s) - 300), text.indexOf(s) + 50) : ""}`);
      for (const t of tokens) {
        // a token is "full" when it has a signature part: its header.payload alone is decoded anyway
        if (t.length > 20 && text.includes(t)) leaks.push(`token ${t.slice(0, 20)}…`);
      }
    }
    assert.deepEqual([...new Set(leaks)], [], `${reports.length} reports checked`);
  });
}

// ---------------------------------------------------------------------------------------------
// Assertion shorthands
// ---------------------------------------------------------------------------------------------

export const codes = (r) => r.findings.map((f) => f.code);
export const errors = (r) => r.findings.filter((f) => f.severity === "error").map((f) => f.code);

/** The one finding with `code` (fails when absent). */
export function finding(r, code) {
  const f = r.findings.find((x) => x.code === code);
  assert.ok(f, `expected finding ${code}, got ${JSON.stringify(r.findings.map((x) => `${x.code}:${x.detail ? JSON.stringify(x.detail) : ""}`))}`);
  return f;
}

/** Asserts the finding exists with this severity and check, a message and a hint; returns it. */
export function has(r, code, severity, check) {
  const f = finding(r, code);
  assert.equal(f.severity, severity, `${code} severity`);
  if (check) assert.equal(f.check, check, `${code} check`);
  assert.ok(typeof f.message === "string" && f.message.length > 10, `${code} message`);
  assert.ok(typeof f.hint === "string" && f.hint.length > 10, `${code} hint`);
  assert.equal(typeof f.detail, "object");
  return f;
}

export const lacks = (r, code) =>
  assert.ok(!codes(r).includes(code), `unexpected ${code}: ${JSON.stringify(r.findings.map((f) => f.code))}`);

/** The first error finding: the main cause. */
export const firstError = (r) => r.findings.find((f) => f.severity === "error");

/** The status of one check in the checklist. */
export const status = (r, check) => r.checks.find((c) => c.check === check)?.status;

/** The report is invalid and its main cause is `code`. */
export function rejectedFor(r, code) {
  assert.equal(r.valid, false, "valid");
  assert.equal(firstError(r)?.code, code, `main cause: ${JSON.stringify(r.findings.map((f) => f.code))}`);
}
