// jwt-doctor inspect --stack NAME through the real bin: the fixes printed under the report, the
// same entries as fixFor() in --json, a usage error for an unknown stack.
import { test } from "node:test";
import assert from "node:assert/strict";
import { fixFor, inspect } from "jwt-doctor";
import { cleanEnv, hs256, ISS, NOW, run, SECRET } from "../cli/helpers.mjs";

// the issuer's clock 30 s ahead: nbf in the future (an exp missed by a little gets no leeway)
const SKEWED = hs256({ iss: ISS, aud: "api", sub: "user-1", nbf: NOW + 30, exp: NOW + 600 });
const args = ["--secret", SECRET, "--alg", "HS256", "--iss", "https://auth.example.com", "--aud", "api", "--now", String(NOW)];
const options = { key: SECRET, algorithms: ["HS256"], issuer: "https://auth.example.com", audience: "api", now: NOW };

test("--stack fast-jwt prints each fix with its snippet in milliseconds", async () => {
  const r = await run(["inspect", SKEWED, ...args, "--stack", "fast-jwt"], { env: cleanEnv() });
  assert.equal(r.code, 1, r.stderr);
  const text = r.stdout.slice(r.stdout.indexOf("fixes for fast-jwt"));
  assert.match(text, /^fixes for fast-jwt\n/);
  assert.match(text, /not_yet_valid {2}a leeway of 30 s/);
  assert.match(text, /clockTolerance: 30000, \/\/ milliseconds \(30 s\); added/);
  assert.match(text, /issuer_mismatch {2}the issuer exactly as the token states it/);
  assert.match(text, /allowedIss: "https:\/\/auth\.example\.com\/", \/\/ was "https:\/\/auth\.example\.com"/);
});

test("--json --stack adds fixes, equal to fixFor()", async () => {
  const r = await run(["inspect", SKEWED, ...args, "--stack", "pyjwt", "--json"], { env: cleanEnv() });
  assert.equal(r.code, 1, r.stderr);
  const out = JSON.parse(r.stdout);
  const report = inspect(SKEWED, options);
  assert.deepEqual(out.fixes, fixFor(report, "pyjwt", { options }));
  const { fixes: _f, ...rest } = out;
  assert.deepEqual(Object.keys(rest), Object.keys(report));
});

test("without --stack, inspect prints no fixes; an unknown stack is a usage error", async () => {
  const plain = await run(["inspect", SKEWED, ...args], { env: cleanEnv() });
  assert.doesNotMatch(plain.stdout, /fixes for/);
  const bad = await run(["inspect", SKEWED, ...args, "--stack", "express-jwt"], { env: cleanEnv() });
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /^jwt-doctor: --stack takes jose, jsonwebtoken, fast-jwt, pyjwt, hono, spring, not "express-jwt"\n$/);
});
