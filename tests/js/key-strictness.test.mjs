// Issue 22: the strictness the crate-based key import keeps or adds, through the built package.
// Where the audit of the old reader found it too lenient: the compact `05‖x` point, rsaEncryption
// parameters other than NULL, RSASSA-PSS key parameters, and private keys whose embedded public
// key is not the one of their private scalar. Fixtures are node:crypto keys with one DER element
// changed; the DER is taken apart by the fixed offsets of node's own encodings.
import { test } from "node:test";
import assert from "node:assert/strict";
import crypto from "node:crypto";
import {
  NOW, sign, claims, keys, inspect, verifyOutcome, has, rejectedFor, safeToLogTest,
} from "./diagnosis-helpers.mjs";

const p256 = keys("p256");
const p256b = keys("p256b");
const rsa = keys("rsa");

/** DER TLV with a short or long length. */
function tlv(tag, body) {
  const len = body.length;
  const head = len < 0x80 ? [len] : len < 0x100 ? [0x81, len] : [0x82, len >> 8, len & 0xff];
  return Buffer.concat([Buffer.from([tag, ...head]), body]);
}
const hex = (s) => Buffer.from(s.replace(/\s+/g, ""), "hex");
const pem = (label, der) =>
  `-----BEGIN ${label}-----\n${der.toString("base64").replace(/.{64}/g, "$&\n")}\n-----END ${label}-----\n`;

const EC_ALG = hex("3013 0607 2a8648ce3d0201 0608 2a8648ce3d030107");
const ecSpki = (point) => tlv(0x30, Buffer.concat([EC_ALG, tlv(0x03, Buffer.concat([Buffer.from([0]), point]))]));
const pointOf = (k) => k.spkiDer.subarray(k.spkiDer.length - 65);

const esToken = sign({ alg: "ES256", typ: "JWT" }, claims(), p256.privateKey);
const rsToken = sign({ alg: "RS256", typ: "JWT" }, claims(), rsa.privateKey);

function refused(token, key, alg, reason, messagePattern) {
  const r = inspect(token, { key, algorithms: [alg], now: NOW });
  rejectedFor(r, "key_invalid");
  const f = has(r, "key_invalid", "error", "key");
  assert.equal(f.detail.reason, reason, f.message);
  if (messagePattern) assert.match(f.message, messagePattern);
  assert.equal(r.signature.verified, false);
  return f;
}

test("the SPKI this file rebuilds is accepted as it is (the fixtures change only one element)", async () => {
  const key = pem("PUBLIC KEY", ecSpki(pointOf(p256)));
  assert.equal(inspect(esToken, { key, algorithms: ["ES256"], now: NOW }).valid, true);
  const v = await verifyOutcome(esToken, { key, algorithms: ["ES256"], now: NOW });
  assert.equal(v.ok, true, v.err?.message);
});

test("an EC point in the non-standard compact form 05‖x is refused (it may be the negated key)", async () => {
  const x = pointOf(p256).subarray(1, 33);
  const key = pem("PUBLIC KEY", ecSpki(Buffer.concat([Buffer.from([0x05]), x])));
  refused(esToken, key, "ES256", "point_not_on_curve", /compact form \(05‖x\)/);
  const v = await verifyOutcome(esToken, { key, algorithms: ["ES256"], now: NOW });
  assert.equal(v.ok, false);
  assert.equal(v.err.code, "key_invalid");
});

test("hybrid EC points (06/07‖x‖y) and the identity are refused", () => {
  const point = pointOf(p256);
  for (const tag of [0x06, 0x07]) {
    const key = pem("PUBLIC KEY", ecSpki(Buffer.concat([Buffer.from([tag]), point.subarray(1)])));
    refused(esToken, key, "ES256", "point_not_on_curve");
  }
  refused(esToken, pem("PUBLIC KEY", ecSpki(Buffer.from([0]))), "ES256", "point_not_on_curve");
});

test("a compressed EC point (02/03‖x) is a standard form: accepted", () => {
  const point = pointOf(p256);
  const odd = point[64] & 1;
  const key = pem("PUBLIC KEY", ecSpki(Buffer.concat([Buffer.from([0x02 | odd]), point.subarray(1, 33)])));
  assert.equal(inspect(esToken, { key, algorithms: ["ES256"], now: NOW }).valid, true);
});

/** An RSA SPKI with the given AlgorithmIdentifier parameters (DER bytes; empty for absent). */
function rsaSpki(params) {
  const algorithm = tlv(0x30, Buffer.concat([hex("0609 2a864886f70d010101"), params]));
  const pkcs1 = rsa.publicKey.export({ type: "pkcs1", format: "der" });
  return tlv(0x30, Buffer.concat([algorithm, tlv(0x03, Buffer.concat([Buffer.from([0]), pkcs1]))]));
}

test("rsaEncryption parameters: NULL or absent are accepted", () => {
  for (const params of [hex("0500"), Buffer.alloc(0)]) {
    const key = pem("PUBLIC KEY", rsaSpki(params));
    const r = inspect(rsToken, { key, algorithms: ["RS256"], now: NOW });
    assert.equal(r.valid, true, JSON.stringify(r.findings));
  }
});

test("rsaEncryption parameters other than NULL (a NULL with content, a BOOLEAN) are refused", () => {
  for (const params of [hex("050100"), hex("0101ff")]) {
    refused(rsToken, pem("PUBLIC KEY", rsaSpki(params)), "RS256", "der", /rsaEncryption parameters must be NULL or absent/);
  }
});

/** The AlgorithmIdentifier node writes for an RSASSA-PSS key with these options. */
function pssAlgorithm(options) {
  const spki = crypto.generateKeyPairSync("rsa-pss", { modulusLength: 1024, ...options }).publicKey
    .export({ type: "spki", format: "der" });
  const at = { 0x81: 3, 0x82: 4 }[spki[1]] ?? 2;
  assert.equal(spki[at], 0x30);
  assert.ok(spki[at + 1] < 0x80, "a short AlgorithmIdentifier");
  return spki.subarray(at, at + 2 + spki[at + 1]);
}

/** `rsa`'s public key under an RSASSA-PSS AlgorithmIdentifier. */
function pssSpki(options) {
  const pkcs1 = rsa.publicKey.export({ type: "pkcs1", format: "der" });
  return tlv(0x30, Buffer.concat([pssAlgorithm(options), tlv(0x03, Buffer.concat([Buffer.from([0]), pkcs1]))]));
}

test("RSASSA-PSS key parameters are honoured: a SHA-256 PSS key verifies PS256 and nothing else", async () => {
  const key = pem("PUBLIC KEY", pssSpki({ hashAlgorithm: "sha256", mgf1HashAlgorithm: "sha256", saltLength: 32 }));
  const ps256 = sign({ alg: "PS256" }, claims(), rsa.privateKey);
  const ok = inspect(ps256, { key, algorithms: ["PS256"], now: NOW });
  assert.equal(ok.valid, true, JSON.stringify(ok.findings));
  const v = await verifyOutcome(ps256, { key, algorithms: ["PS256"], now: NOW });
  assert.equal(v.ok, true, v.err?.message);
  // the same RSA key signs RS256 and PS384 tokens: the PSS-SHA-256 key refuses both
  for (const token of [rsToken, sign({ alg: "PS384" }, claims(), rsa.privateKey)]) {
    const r = inspect(token, { key, algorithms: ["RS256", "PS256", "PS384"], now: NOW });
    assert.equal(r.valid, false);
    const f = has(r, "jwk_alg_mismatch", "error", "key");
    assert.match(f.message, /RSASSA-PSS parameters allow only PS256/);
    const w = await verifyOutcome(token, { key, algorithms: ["RS256", "PS256", "PS384"], now: NOW });
    assert.equal(w.ok, false);
    assert.equal(w.err.code, "jwk_alg_mismatch");
  }
});

test("RSASSA-PSS key parameters no JWS algorithm uses (a 20-byte salt, MGF1 over another hash) are refused", () => {
  const ps256 = sign({ alg: "PS256" }, claims(), rsa.privateKey);
  const salt20 = pem("PUBLIC KEY", pssSpki({ hashAlgorithm: "sha256", mgf1HashAlgorithm: "sha256", saltLength: 20 }));
  refused(ps256, salt20, "PS256", "unsupported_key_type", /salt of 20 bytes/);
  const mixed = pem("PUBLIC KEY", pssSpki({ hashAlgorithm: "sha256", mgf1HashAlgorithm: "sha512", saltLength: 32 }));
  refused(ps256, mixed, "PS256", "unsupported_key_type", /MGF1 with another hash/);
});

test("an RSASSA-PSS key without parameters verifies PS256", () => {
  const pair = crypto.generateKeyPairSync("rsa-pss", { modulusLength: 2048 });
  const key = pair.publicKey.export({ type: "spki", format: "pem" });
  const r = inspect(sign({ alg: "PS256" }, claims(), pair.privateKey), { key, algorithms: ["PS256"], now: NOW });
  assert.equal(r.valid, true, JSON.stringify(r.findings));
});

/** A private key's DER with its trailing embedded public point replaced by another key's. */
function withOtherPoint(der) {
  const out = Buffer.from(der);
  assert.deepEqual(out.subarray(out.length - 65), pointOf(p256), "node puts the point last");
  pointOf(p256b).copy(out, out.length - 65);
  return out;
}

test("a SEC1 or PKCS#8 EC private key whose embedded public key is not d·G is refused", async () => {
  const sec1 = p256.privateKey.export({ type: "sec1", format: "der" });
  const pkcs8 = p256.privateKey.export({ type: "pkcs8", format: "der" });
  for (const [label, der] of [["EC PRIVATE KEY", sec1], ["PRIVATE KEY", pkcs8]]) {
    // the key as node wrote it: its public half verifies, with the private-key warning
    const good = inspect(esToken, { key: pem(label, der), algorithms: ["ES256"], now: NOW });
    assert.equal(good.signature.verified, true, `${label}: ${JSON.stringify(good.findings)}`);
    has(good, "private_key_supplied", "warning", "key");
    const f = refused(esToken, pem(label, withOtherPoint(der)), "ES256", "key_pair_mismatch", /not the one of its private scalar/);
    assert.doesNotMatch(f.message, /[0-9a-f]{32}/i, "the message carries no key bytes");
  }
  const v = await verifyOutcome(esToken, { key: pem("EC PRIVATE KEY", withOtherPoint(sec1)), algorithms: ["ES256"], now: NOW });
  assert.equal(v.ok, false);
  assert.equal(v.err.code, "key_invalid");
});

test("truncated DER names the structure and what its header declares", () => {
  const der = rsa.spkiDer.subarray(0, 100);
  const f = refused(rsToken, pem("PUBLIC KEY", der), "RS256", "der");
  assert.match(f.message, /SubjectPublicKeyInfo\) is not valid DER: its outer SEQUENCE declares 290 bytes but 96 follow/);
});

test("a P-256 key given for ES384 says so", () => {
  const es384 = sign({ alg: "ES384" }, claims(), keys("p384").privateKey);
  const r = inspect(es384, { key: p256.spkiPem, algorithms: ["ES384"], now: NOW });
  assert.equal(r.valid, false);
  const f = r.findings.find((x) => x.severity === "error");
  assert.match(f.message, /P-256/);
  assert.match(f.message, /ES384/);
});

safeToLogTest();
