// SPEC §1 (GitHub issue 5), key rows with keys given as bytes (Uint8Array, Buffer): JSON cannot
// carry them, so the cases (tests/cases/*.json) give keys as PEM text or JWK objects and these
// few run here only.
import { test } from "node:test";
import assert from "node:assert/strict";
import crypto from "node:crypto";
import {
  NOW, sign, claims, keys, secret, inspect, verifyOutcome, safeToLogTest, finding, has, rejectedFor,
} from "./diagnosis-helpers.mjs";

const rsa = keys("rsa");
const p256 = keys("p256");
const ed = keys("ed");

const forge = (hmacKey) => sign({ alg: "HS256", typ: "JWT" }, claims({ sub: "admin" }), hmacKey);

test("an RSA/EC/OKP key given as bytes (DER Uint8Array, PEM Buffer) is never an HMAC key, even when only HS256 is allowed", async () => {
  for (const k of [rsa, p256, ed]) {
    for (const key of [new Uint8Array(k.spkiDer), Buffer.from(k.spkiPem)]) {
      const r = inspect(forge(k.spkiPem), { key, algorithms: ["HS256"], now: NOW });
      rejectedFor(r, "alg_confusion");
      assert.equal(r.signature.verified, false);
      const v = await verifyOutcome(forge(k.spkiPem), { key, algorithms: ["HS256"], now: NOW });
      assert.equal(v.ok, false);
      assert.equal(v.err.code, "alg_confusion");
    }
  }
});

test("CVE-2025-65945 (node-jws): an empty secret given as bytes is never verified", () => {
  const r = inspect(sign({ alg: "HS256" }, claims(), ""), { key: new Uint8Array(0), algorithms: ["HS256"], now: NOW });
  assert.equal(r.valid, false);
  finding(r, "key_invalid");
});

test("secret_encoding_mismatch, other direction: secret given as bytes (Uint8Array), signer used its base64url text", () => {
  const raw = crypto.randomBytes(32);
  secret(raw.toString("base64url"));
  const token = sign({ alg: "HS256" }, claims(), raw.toString("base64url"));
  const r = inspect(token, { key: new Uint8Array(raw), algorithms: ["HS256"], now: NOW });
  assert.equal(r.valid, false);
  assert.equal(r.cause.explains, "signature_invalid");
  assert.equal(has(r, "secret_encoding_mismatch", "info", "signature").detail.encoding, "base64url_encoded");
});

safeToLogTest();
