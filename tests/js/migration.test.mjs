// Switching from jose, jsonwebtoken, fast-jwt or PyJWT: every option or call shape of theirs is
// a TypeError that names jwt-doctor's option and its unit, never silently ignored or misread.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createLocalJWKSet, createVerifier, inspect, verify } from "jwt-doctor";
import { NOW, claims, keys, sign } from "./diagnosis-helpers.mjs";

const rsa = keys("rsa");
const token = sign({ alg: "RS256" }, claims({ iss: "https://right.example" }), rsa.privateKey);
const base = { key: rsa.spkiPem, algorithms: ["RS256"], now: NOW };

test("other libraries' option names name jwt-doctor's", async () => {
  for (const [name, value, says] of [
    ["clockTolerance", 5, /"clockTolerance": jwt-doctor's is leeway \(in seconds/],
    ["currentDate", new Date(), /"currentDate": jwt-doctor's is now \(seconds since the epoch/],
    ["maxAge", "1h", /"maxAge": jwt-doctor's is maxTokenAge \(in seconds\)/],
    ["ignoreExpiration", true, /jwt-doctor never ignores exp/],
    ["allowedIss", "x", /"allowedIss": jwt-doctor's is issuer/],
    ["secret", "s", /"secret": jwt-doctor's is key/],
  ]) {
    const options = { ...base, [name]: value };
    assert.throws(() => inspect(token, options), (e) => e instanceof TypeError && says.test(e.message), name);
    await assert.rejects(verify(token, options), (e) => e instanceof TypeError && says.test(e.message), name);
    assert.throws(() => createVerifier(options), says, name);
  }
});

test("jose's values: a duration string and a Date say what to write", () => {
  assert.throws(() => inspect(token, { ...base, maxTokenAge: "1h" }),
    /options\.maxTokenAge must be a number of seconds, not the string "1h" \(durations are numbers of seconds here, not jose's "1h" strings\)/);
  assert.throws(() => inspect(token, { ...base, now: new Date(NOW * 1000) }), new RegExp(`not a Date \\(write ${NOW}, seconds since the epoch\\)`));
});

test("jose's call shape verify(token, key, options) is refused, not half-read", async () => {
  const jwks = createLocalJWKSet({ keys: [rsa.publicJwk] });
  for (const args of [[jwks, { issuer: "https://wrong.example" }], [rsa.spkiPem, { algorithms: ["RS256"] }], [rsa.publicKey], [jwks]]) {
    await assert.rejects(verify(token, ...args), (e) => e instanceof TypeError && /verify\(token, \{ key or jwks, algorithms/.test(e.message));
  }
  await assert.rejects(verify(token, { jwks, algorithms: ["RS256"], now: NOW }, { issuer: "https://wrong.example" }), /the third argument would be ignored/);
  // the same options in the one argument: checked, and the wrong issuer refused
  await assert.rejects(verify(token, { jwks, algorithms: ["RS256"], issuer: "https://wrong.example", now: NOW }), (e) => e.code === "issuer_mismatch");
});
