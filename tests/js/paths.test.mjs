// One verdict on every path. Every key and token of the project's crypto corpora goes through
// verify() with native crypto (node:crypto), verify() with the WebAssembly crypto
// (crypto: "wasm") and inspect(); any disagreement fails the test, with the case named.
//
// Corpora: the shared compact JWS index and attack tokens (../shared/vectors), the diagnosis
// cases (tests/cases/*.json), and what is made here with node:crypto: honest tokens and forgeries
// under Ed25519 keys of small order or non-canonical encoding, a small-order R under an honest
// key, a malleated S, an RSASSA-PSS-restricted key as SPKI and PKCS#8, PKCS#8 and SPKI keys with
// odd AlgorithmIdentifier parameters, and every peer key fixture (../shared/vectors/peers)
// signing a token. Where OpenSSL's verdict is the reference (a PSS restriction, a key's
// structure), node:crypto's own answer is asserted too.
import { test } from "node:test";
import assert from "node:assert/strict";
import crypto from "node:crypto";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { inspect, verify, describeKey, createVerifier } from "jwt-doctor";
import { JWS, STRICTER_THAN_UPSTREAM, VECTORS, algsFor, readJson, readJsonl } from "./vectors.mjs";
import { loadCases } from "./cases-data.mjs";
import { NOW, b64u, claims, sign } from "../cases/sign.mjs";

const vectorsMissing = VECTORS ? false : "vectors not found (../shared/vectors or $JWT_DOCTOR_VECTORS)";

/** The verdict of one path: "accepted", or "rejected:<code>" ("TypeError" for misuse). */
async function verifyOutcome(token, opts, cryptoPath) {
  try {
    await verify(token, { ...opts, crypto: cryptoPath });
    return "accepted";
  } catch (e) {
    if (e instanceof TypeError) return "TypeError";
    return `rejected:${e.code ?? e.reason ?? e.name}`;
  }
}

function inspectOutcome(token, opts) {
  try {
    return inspect(token, opts).valid ? "accepted" : "rejected";
  } catch (e) {
    if (e instanceof TypeError) return "TypeError";
    throw e;
  }
}

/**
 * The three verdicts, and whether they agree (inspect is compared on accept vs reject). A token
 * that inspect() repaired in transit (a "Bearer " prefix, say) is judged by design differently
 * by verify(), which never repairs: for those only the two verify() paths are compared.
 */
async function paths(token, opts) {
  const native = await verifyOutcome(token, opts, "native");
  const wasm = await verifyOutcome(token, opts, "wasm");
  const insp = inspectOutcome(token, opts);
  const repaired = insp !== "TypeError" && inspect(token, opts).token.repaired.length > 0;
  const accepted = (o) => o === "accepted";
  const agree = native === wasm && (insp === "TypeError" || repaired || accepted(native) === accepted(insp));
  return { native, wasm, inspect: insp, agree };
}

/** Runs every case through the three paths; returns the disagreements and the verdicts. */
async function compare(cases) {
  const disagreements = [];
  const verdicts = new Map();
  for (const c of cases) {
    const p = await paths(c.token, c.opts);
    verdicts.set(c.name, p);
    if (!p.agree) disagreements.push(`${c.name}: native ${p.native}, wasm ${p.wasm}, inspect ${p.inspect}`);
    if (c.expect === "valid" && p.native !== "accepted") disagreements.push(`${c.name}: expected to verify, got ${p.native}`);
    if (c.expect === "invalid" && p.native === "accepted") disagreements.push(`${c.name}: expected rejection, accepted`);
  }
  return { disagreements, verdicts };
}

function vectorCase(c, prefix) {
  if (c.extra?.detached_payload !== undefined || c.key == null) return null;
  const opts = { algorithms: c.extra?.allowed_algs ?? (JWS.has(c.alg) ? [c.alg] : algsFor(c.key)), now: 1_000_000_000 };
  if (typeof c.key === "object" && c.key.keys) opts.jwks = c.key;
  else opts.key = c.key;
  // a token the index calls valid may still be refused for its claims (not a JWT payload):
  // only the agreement of the paths is asserted for those, and the verdict of invalid ones
  const expect = STRICTER_THAN_UPSTREAM.has(c.name) ? "invalid" : c.expect === "invalid" ? "invalid" : undefined;
  return { name: `${prefix}${c.name}`, token: c.token, opts, expect };
}

test("the shared vectors: compact JWS index and attack tokens agree on every path", { skip: vectorsMissing }, async () => {
  const cases = [
    ...readJsonl("compact_jws_index.jsonl").map((c) => vectorCase(c, "index/")),
    ...readJson("attacks.json").map((c) => vectorCase(c, "attacks/")),
  ].filter(Boolean);
  const { disagreements } = await compare(cases);
  console.log(`shared vectors: ${cases.length} tokens through native, wasm and inspect; ${disagreements.length} disagreements`);
  assert.deepEqual(disagreements, []);
  assert.ok(cases.length >= 510, `only ${cases.length} cases read`);
});

test("the diagnosis cases (tests/cases) agree on every path", async () => {
  const cases = loadCases()
    .filter((c) => Array.isArray(c.options?.algorithms) && (c.options.key !== undefined || c.options.jwks !== undefined))
    .map((c) => ({ name: `${c.file}/${c.name}`, token: c.token, opts: { now: NOW, ...c.options } }));
  const { disagreements } = await compare(cases);
  console.log(`diagnosis cases: ${cases.length} through native, wasm and inspect; ${disagreements.length} disagreements`);
  assert.deepEqual(disagreements, []);
  assert.ok(cases.length >= 150, `only ${cases.length} cases with algorithms and a key`);
});

// --- Ed25519 ------------------------------------------------------------------------------------

const L = 2n ** 252n + 27742317777372353535851937790883648493n;
const le = (bytes) => [...bytes].reverse().reduce((n, b) => (n << 8n) | BigInt(b), 0n);
const toLe32 = (n) => Buffer.from(Array.from({ length: 32 }, (_, i) => Number((n >> BigInt(8 * i)) & 0xffn)));
const sha512 = (...parts) => crypto.createHash("sha512").update(Buffer.concat(parts)).digest();
const unb64u = (s) => Buffer.from(s, "base64url");

// The canonical encodings of the eight points of small order (the same list src/verify/eddsa.rs
// keeps, and tests/crypto_parameters.rs derives from curve25519-dalek).
const SMALL_ORDER = [
  "0100000000000000000000000000000000000000000000000000000000000000",
  "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
  "0000000000000000000000000000000000000000000000000000000000000000",
  "0000000000000000000000000000000000000000000000000000000000000080",
  "26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05",
  "26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc85",
  "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a",
  "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac03fa",
].map((h) => Buffer.from(h, "hex"));

const okp = (x) => ({ kty: "OKP", crv: "Ed25519", x: b64u(x) });
const edSpkiPem = (x) => {
  const der = Buffer.concat([Buffer.from("302a300506032b6570032100", "hex"), x]);
  return `-----BEGIN PUBLIC KEY-----\n${der.toString("base64")}\n-----END PUBLIC KEY-----\n`;
};
const unsigned = (payload) => `${b64u(JSON.stringify({ alg: "EdDSA", typ: "JWT" }))}.${b64u(JSON.stringify(payload))}`;

/** An Ed25519 signature by the private key `jwk` (with `d`) whose R is the identity: s = k·a. */
function identityRSignature(jwk, input) {
  const h = sha512(unb64u(jwk.d));
  h[0] &= 248; h[31] &= 127; h[31] |= 64;
  const a = le(h.subarray(0, 32));
  const R = SMALL_ORDER[0];
  const k = le(sha512(R, unb64u(jwk.x), Buffer.from(input))) % L;
  return Buffer.concat([R, toLe32((k * a) % L)]);
}

test("Ed25519: small-order and non-canonical keys, small-order R and malleated S get one verdict on every path", async () => {
  const cases = [];
  const opts = (key) => ({ algorithms: ["EdDSA"], key, now: NOW });
  // the issue's key and forgery: x = 01 00…00 (the identity), signature R = identity, S = 0
  const identityForgery = Buffer.concat([SMALL_ORDER[0], Buffer.alloc(32)]);
  for (let i = 0; i < 40; i++) {
    const token = `${unsigned(claims({ sub: `forged-${i}`, admin: true }))}.${b64u(identityForgery)}`;
    cases.push({ name: `identity key, forgery ${i}`, token, opts: opts(okp(SMALL_ORDER[0])), expect: "invalid" });
  }
  // every small-order key, as JWK, JWK Set and SPKI, with every small-order R and S = 0: under
  // a cofactorless check one of the eight verifies for any message
  for (const [ki, x] of SMALL_ORDER.entries()) {
    for (const [ri, r] of SMALL_ORDER.entries()) {
      const token = `${unsigned(claims({ sub: `k${ki}r${ri}` }))}.${b64u(Buffer.concat([r, Buffer.alloc(32)]))}`;
      cases.push({ name: `small-order key ${ki} (JWK), R ${ri}`, token, opts: opts(okp(x)), expect: "invalid" });
      cases.push({ name: `small-order key ${ki} (SPKI), R ${ri}`, token, opts: opts(edSpkiPem(x)), expect: "invalid" });
      cases.push({ name: `small-order key ${ki} (JWKS), R ${ri}`, token, opts: { algorithms: ["EdDSA"], jwks: { keys: [{ ...okp(x), kid: "k" }] }, now: NOW }, expect: "invalid" });
    }
  }
  // non-canonical encodings: y = p + y0 (y0 < 19), either sign
  for (let y0 = 0; y0 < 19; y0++) {
    for (const sign of [0, 0x80]) {
      const x = Buffer.alloc(32, 0xff);
      x[0] = 0xed + y0; x[31] = 0x7f | sign;
      const token = `${unsigned(claims({ sub: `nc${y0}` }))}.${b64u(Buffer.concat([SMALL_ORDER[0], Buffer.alloc(32)]))}`;
      cases.push({ name: `non-canonical key y0=${y0} sign=${sign}`, token, opts: opts(okp(x)), expect: "invalid" });
    }
  }
  // honest keys: honest tokens verify; R = identity (made with the private key), a small-order
  // R with any S, and S + L are refused
  for (let i = 0; i < 8; i++) {
    const pair = crypto.generateKeyPairSync("ed25519");
    const priv = pair.privateKey.export({ format: "jwk" });
    const pub = pair.publicKey.export({ format: "jwk" });
    const token = sign({ alg: "EdDSA", typ: "JWT" }, claims({ sub: `honest-${i}` }), pair.privateKey);
    cases.push({ name: `honest key ${i}: honest token`, token, opts: opts(pub), expect: "valid" });
    cases.push({ name: `honest key ${i}: honest token, SPKI`, token, opts: opts(pair.publicKey.export({ type: "spki", format: "pem" })), expect: "valid" });
    const input = unsigned(claims({ sub: `identity-r-${i}` }));
    const sig = identityRSignature(priv, input);
    assert.ok(crypto.verify(null, Buffer.from(input), pair.publicKey, sig), "OpenSSL accepts an identity R (the case the core refuses)");
    cases.push({ name: `honest key ${i}: R = identity`, token: `${input}.${b64u(sig)}`, opts: opts(pub), expect: "invalid" });
    for (const [ri, r] of SMALL_ORDER.entries()) {
      const s = Buffer.concat([r, crypto.randomBytes(31), Buffer.from([0x01])]);
      cases.push({ name: `honest key ${i}: small-order R ${ri}`, token: `${input}.${b64u(s)}`, opts: opts(pub), expect: "invalid" });
    }
    const good = unb64u(token.split(".")[2]);
    const malleated = Buffer.concat([good.subarray(0, 32), toLe32(le(good.subarray(32)) + L)]);
    cases.push({ name: `honest key ${i}: S + L`, token: `${token.slice(0, token.lastIndexOf("."))}.${b64u(malleated)}`, opts: opts(pub), expect: "invalid" });
  }
  const { disagreements, verdicts } = await compare(cases);
  console.log(`Ed25519: ${cases.length} tokens through native, wasm and inspect; ${disagreements.length} disagreements`);
  assert.deepEqual(disagreements, []);
  // what a user sees: the weak key is refused at import, saying what it is
  assert.equal(verdicts.get("identity key, forgery 0").native, "rejected:key_invalid");
  const r = inspect(cases[0].token, cases[0].opts);
  const f = r.findings.find((x) => x.code === "key_invalid");
  assert.equal(f?.detail?.reason, "ed25519_small_order");
  assert.match(f.message, /small order/);
  assert.equal(verdicts.get("honest key 0: R = identity").native, "rejected:signature_invalid");
  for (const config of [{ key: okp(SMALL_ORDER[0]) }, { jwks: { keys: [{ ...okp(SMALL_ORDER[0]), kid: "a" }] } }]) {
    assert.throws(() => createVerifier({ algorithms: ["EdDSA"], ...config }), (e) => e.name === "JwtConfigError" && e.reason === "ed25519_small_order");
  }
  assert.deepEqual({ ...describeKey(okp(SMALL_ORDER[0])), what: undefined, sensitive: undefined },
    { kind: "invalid", reason: "ed25519_small_order", what: undefined, sensitive: undefined });
});

// --- RSASSA-PSS restrictions and key structure ---------------------------------------------------

// DER by hand, for keys with odd AlgorithmIdentifier parameters (test data only)
const derLen = (n) => (n < 0x80 ? [n] : n < 0x100 ? [0x81, n] : [0x82, n >> 8, n & 0xff]);
const tlv = (tag, ...body) => { const b = Buffer.concat(body); return Buffer.concat([Buffer.from([tag, ...derLen(b.length)]), b]); };
const hex = (h) => Buffer.from(h, "hex");
const OID_RSA = hex("06092a864886f70d010101");
const OID_PSS = hex("06092a864886f70d01010a");
const OID_EC = hex("06072a8648ce3d0201");
/** The elements of a DER buffer: [{ tag, body }]. */
function derChildren(buf) {
  const out = [];
  for (let i = 0; i < buf.length;) {
    const tag = buf[i];
    let len = buf[i + 1], at = i + 2;
    if (len & 0x80) { const n = len & 0x7f; len = 0; for (let j = 0; j < n; j++) len = len * 256 + buf[at + j]; at += n; }
    out.push({ tag, body: buf.subarray(at, at + len) });
    i = at + len;
  }
  return out;
}


const testKeys = JSON.parse(readFileSync(new URL("../cases/keys/test-keys.json", import.meta.url), "utf8"));

test("an RSASSA-PSS-restricted key allows only its PS* algorithm, as SPKI and as PKCS#8, on every path (as OpenSSL)", async () => {
  const pssPrivate = crypto.createPrivateKey(testKeys["rsa-pss-sha384"]);
  const pssPublic = crypto.createPublicKey(pssPrivate);
  assert.equal(pssPrivate.asymmetricKeyType, "rsa-pss");
  // the same key as an unrestricted rsaEncryption PKCS#8, to sign what the restriction forbids
  const pkcs1 = derChildren(derChildren(pssPrivate.export({ type: "pkcs8", format: "der" }))[0].body)[2].body;
  const plain = crypto.createPrivateKey({ key: tlv(0x30, hex("020100"), tlv(0x30, OID_RSA, hex("0500")), tlv(0x04, pkcs1)), format: "der", type: "pkcs8" });
  const forms = {
    "SPKI": pssPublic.export({ type: "spki", format: "pem" }),
    "PKCS#8": testKeys["rsa-pss-sha384"],
  };
  const cases = [];
  for (const alg of ["RS256", "PS256", "PS384", "PS512"]) {
    const token = sign({ alg, typ: "JWT" }, claims(), alg === "PS384" ? pssPrivate : plain);
    const input = Buffer.from(token.slice(0, token.lastIndexOf(".")));
    const sig = unb64u(token.split(".")[2]);
    const hash = `sha${alg.slice(2)}`;
    let openssl;
    try {
      openssl = crypto.verify(hash, input, alg.startsWith("PS") ? { key: pssPublic, padding: crypto.constants.RSA_PKCS1_PSS_PADDING, saltLength: Number(alg.slice(2)) / 8 } : pssPublic, sig);
    } catch {
      openssl = false; // ERR_OSSL_DIGEST_NOT_ALLOWED and the like
    }
    assert.equal(openssl, alg === "PS384", `OpenSSL on ${alg}`);
    for (const [form, key] of Object.entries(forms)) {
      cases.push({ name: `${form} ${alg}`, token, opts: { algorithms: [alg], key, now: NOW }, expect: openssl ? "valid" : "invalid" });
    }
  }
  const { disagreements, verdicts } = await compare(cases);
  assert.deepEqual(disagreements, []);
  assert.equal(verdicts.get("PKCS#8 RS256").native, "rejected:jwk_alg_mismatch");
  assert.equal(verdicts.get("PKCS#8 PS256").wasm, "rejected:jwk_alg_mismatch");
});

test("odd AlgorithmIdentifier parameters are refused in PKCS#8 as in SPKI, on every path", async () => {
  const rsa = crypto.createPrivateKey(testKeys.rsa);
  const pkcs1 = rsa.export({ type: "pkcs1", format: "der" });
  const rsaPublic = crypto.createPublicKey(rsa).export({ type: "pkcs1", format: "der" });
  const pkcs8 = (oid, params) => tlv(0x30, hex("020100"), tlv(0x30, oid, ...(params ? [params] : [])), tlv(0x04, pkcs1));
  const spki = (oid, params) => tlv(0x30, tlv(0x30, oid, ...(params ? [params] : [])), tlv(0x03, hex("00"), rsaPublic));
  const pem = (label, der) => `-----BEGIN ${label}-----\n${der.toString("base64").replace(/.{64}/g, "$&\n")}\n-----END ${label}-----\n`;
  const p256 = crypto.createPrivateKey(testKeys.p256);
  const sec1 = p256.export({ type: "sec1", format: "der" });
  // [name, jwt-doctor reads it, OpenSSL reads it, PKCS#8, SPKI]: OpenSSL ignores what an
  // rsaEncryption key's parameters hold; jwt-doctor holds both forms to RFC 8017 A.1
  const variants = [
    ["rsaEncryption, NULL", true, true, pkcs8(OID_RSA, hex("0500")), spki(OID_RSA, hex("0500"))],
    ["rsaEncryption, absent", true, true, pkcs8(OID_RSA), spki(OID_RSA)],
    ["rsaEncryption, NULL of length 1", false, false, pkcs8(OID_RSA, hex("050100")), spki(OID_RSA, hex("050100"))],
    ["rsaEncryption, INTEGER 0", false, true, pkcs8(OID_RSA, hex("020100")), spki(OID_RSA, hex("020100"))],
    ["rsaEncryption, an OID", false, true, pkcs8(OID_RSA, hex("06032b6570")), spki(OID_RSA, hex("06032b6570"))],
    ["rsaEncryption, empty SEQUENCE", false, true, pkcs8(OID_RSA, hex("3000")), spki(OID_RSA, hex("3000"))],
    ["RSASSA-PSS, NULL", false, false, pkcs8(OID_PSS, hex("0500")), spki(OID_PSS, hex("0500"))],
    ["RSASSA-PSS, absent", true, true, pkcs8(OID_PSS), spki(OID_PSS)],
  ];
  const token = sign({ alg: "RS256", typ: "JWT" }, claims(), rsa);
  const psToken = sign({ alg: "PS256", typ: "JWT" }, claims(), rsa);
  const cases = [];
  const mismatches = [];
  for (const [name, ours, theirs, p8, sp] of variants) {
    for (const [form, der, label, load] of [["PKCS#8", p8, "PRIVATE KEY", crypto.createPrivateKey], ["SPKI", sp, "PUBLIC KEY", crypto.createPublicKey]]) {
      let openssl = true;
      try { load({ key: der, format: "der", type: form === "PKCS#8" ? "pkcs8" : "spki" }); } catch { openssl = false; }
      if (openssl !== theirs) mismatches.push(`${form} ${name}: OpenSSL ${openssl ? "reads" : "refuses"} it`);
      const described = describeKey(pem(label, der)).kind !== "invalid";
      if (described !== ours) mismatches.push(`${form} ${name}: describeKey ${described ? "reads" : "refuses"} it`);
      const t = name.startsWith("RSASSA") ? psToken : token;
      const alg = name.startsWith("RSASSA") ? "PS256" : "RS256";
      cases.push({ name: `${form} ${name}`, token: t, opts: { algorithms: [alg], key: pem(label, der), now: NOW }, expect: ours ? "valid" : "invalid" });
    }
  }
  // EC: the curve named, or absent (the SEC1 key's own); NULL is no curve
  const ecVariants = [
    ["EC, named curve", true, tlv(0x30, hex("020100"), tlv(0x30, OID_EC, hex("06082a8648ce3d030107")), tlv(0x04, sec1))],
    ["EC, NULL", false, tlv(0x30, hex("020100"), tlv(0x30, OID_EC, hex("0500")), tlv(0x04, sec1))],
  ];
  const esToken = sign({ alg: "ES256", typ: "JWT" }, claims(), p256);
  for (const [name, ours, der] of ecVariants) {
    let openssl = true;
    try { crypto.createPrivateKey({ key: der, format: "der", type: "pkcs8" }); } catch { openssl = false; }
    if (openssl !== ours) mismatches.push(`PKCS#8 ${name}: OpenSSL ${openssl ? "reads" : "refuses"} it`);
    cases.push({ name: `PKCS#8 ${name}`, token: esToken, opts: { algorithms: ["ES256"], key: pem("PRIVATE KEY", der), now: NOW }, expect: ours ? "valid" : "invalid" });
  }
  assert.deepEqual(mismatches, []);
  const { disagreements, verdicts } = await compare(cases);
  assert.deepEqual(disagreements, []);
  assert.equal(verdicts.get("PKCS#8 rsaEncryption, INTEGER 0").native, "rejected:key_invalid");
});

// --- every peer key fixture signs a token ------------------------------------------------------

function files(dir) {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? files(p) : [p];
  });
}

const defaultAlg = (k) => ({ rsa: "RS256", "rsa-pss": "PS256", ed25519: "EdDSA" })[k.asymmetricKeyType]
  ?? ({ prime256v1: "ES256", secp384r1: "ES384", secp521r1: "ES512" })[k.asymmetricKeyDetails?.namedCurve];

test("every peer private key fixture signs a token that every path verifies, with the private and the public key", { skip: vectorsMissing }, async () => {
  const cases = [];
  for (const file of files(join(VECTORS, "peers"))) {
    if (!/\.(pem|key)$/i.test(file)) continue;
    const text = readFileSync(file, "utf8");
    if (!/PRIVATE KEY-----/.test(text) || /ENCRYPTED/.test(text)) continue;
    let key;
    try { key = crypto.createPrivateKey(text); } catch { continue; }
    const alg = defaultAlg(key);
    if (!alg) continue;
    if (key.asymmetricKeyType.startsWith("rsa") && key.asymmetricKeyDetails.modulusLength < 2048) continue;
    const token = sign({ alg, typ: "JWT" }, claims({ sub: file }), key);
    const name = file.slice(VECTORS.length + 1);
    cases.push({ name: `${name} (private)`, token, opts: { algorithms: [alg], key: text, now: NOW }, expect: "valid" });
    const pub = crypto.createPublicKey(key);
    cases.push({ name: `${name} (SPKI)`, token, opts: { algorithms: [alg], key: pub.export({ type: "spki", format: "pem" }), now: NOW }, expect: "valid" });
    cases.push({ name: `${name} (JWK)`, token, opts: { algorithms: [alg], key: pub.export({ format: "jwk" }), now: NOW }, expect: "valid" });
  }
  const { disagreements } = await compare(cases);
  console.log(`peer fixtures: ${cases.length} key forms through native, wasm and inspect; ${disagreements.length} disagreements`);
  assert.deepEqual(disagreements, []);
  assert.ok(cases.length >= 30, `only ${cases.length} peer key forms`);
});
