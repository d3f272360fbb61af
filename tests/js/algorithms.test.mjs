// The algorithm table the package exports (ALGORITHMS, generated from src/alg.rs into pkg/algs.js)
// is the list the core accepts, its facts are the ones signatures are made with, the page offers
// exactly it, and no hand-written copy of the list comes back in src/, js/ or www/.
import { test } from "node:test";
import assert from "node:assert/strict";
import crypto from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { ALGORITHMS, inspect, verify } from "jwt-doctor";
// The browser's signature backend (what verify() uses on WebCrypto), over Node's WebCrypto.
import { webBackend } from "../../pkg/native.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const NAMES = ALGORITHMS.map((a) => a.name);
const NOW = 1_735_689_600;

test("ALGORITHMS is frozen and names each algorithm once, never none", () => {
  assert.ok(Object.isFrozen(ALGORITHMS) && ALGORITHMS.every((a) => Object.isFrozen(a)));
  assert.equal(new Set(NAMES).size, NAMES.length);
  assert.ok(NAMES.includes("RS256") && NAMES.includes("Ed25519"), NAMES.join(" "));
  assert.ok(!NAMES.some((n) => n.toLowerCase() === "none"));
});

test("ALGORITHMS are exactly the algorithms inspect() accepts", () => {
  for (const name of NAMES) {
    assert.doesNotThrow(() => inspect("a.b.c", { algorithms: [name], now: NOW }), name);
  }
  // The core's own list, as it words an unknown name.
  let message = "";
  try {
    inspect("a.b.c", { algorithms: ["XS256"], now: NOW });
  } catch (e) {
    assert.ok(e instanceof TypeError, String(e));
    message = e.message;
  }
  const known = /expected one of ([^)]+)\)/.exec(message)?.[1]?.split(" ");
  assert.deepEqual(known, NAMES, message);
  assert.throws(() => inspect("a.b.c", { algorithms: ["none"], now: NOW }), TypeError);
});

const b64u = (x) => Buffer.from(x).toString("base64url");
const rsa = crypto.generateKeyPairSync("rsa", { modulusLength: 2048 });

// A key pair for a row, from its kty and curve only.
function keyFor(row) {
  switch (row.kty) {
    case "oct": {
      const secret = crypto.randomBytes(64);
      return { sign: secret, jwk: { kty: "oct", k: b64u(secret) } };
    }
    case "RSA": return { sign: rsa.privateKey, jwk: rsa.publicKey.export({ format: "jwk" }) };
    case "EC": {
      const pair = crypto.generateKeyPairSync("ec", { namedCurve: row.curve });
      return { sign: pair.privateKey, jwk: pair.publicKey.export({ format: "jwk" }) };
    }
    case "OKP": {
      const pair = crypto.generateKeyPairSync("ed25519");
      return { sign: pair.privateKey, jwk: pair.publicKey.export({ format: "jwk" }) };
    }
    default: throw new Error(`unknown kty ${row.kty}`);
  }
}

// The signature of `input` made from the row's family and hash size only.
function signFor(row, key, input) {
  const hash = row.hashBits ? `sha${row.hashBits}` : null;
  const data = Buffer.from(input);
  switch (row.family) {
    case "hmac": return crypto.createHmac(hash, key).update(data).digest();
    case "rsa-pkcs1": return crypto.sign(hash, data, key);
    case "rsa-pss": return crypto.sign(hash, data, { key, padding: crypto.constants.RSA_PKCS1_PSS_PADDING, saltLength: row.hashBits / 8 });
    case "ecdsa": return crypto.sign(hash, data, { key, dsaEncoding: "ieee-p1363" });
    case "eddsa": return crypto.sign(null, data, key);
    default: throw new Error(`unknown family ${row.family}`);
  }
}

test("each row's facts make a token that inspect(), verify() and WebCrypto accept, with a signature of signatureBytes", async () => {
  for (const row of ALGORITHMS) {
    const key = keyFor(row);
    assert.equal(key.jwk.kty, row.kty, row.name);
    const input = `${b64u(JSON.stringify({ alg: row.name }))}.${b64u(JSON.stringify({ sub: "u", exp: NOW + 60 }))}`;
    const sig = signFor(row, key.sign, input);
    if (row.signatureBytes !== null) assert.equal(sig.length, row.signatureBytes, row.name);
    const token = `${input}.${b64u(sig)}`;
    const options = { key: key.jwk, algorithms: [row.name], now: NOW };
    const report = inspect(token, options);
    assert.equal(report.valid, true, `${row.name}: ${JSON.stringify(report.findings)}`);
    for (const crypto of ["native", "wasm"]) {
      const ok = await verify(token, { ...options, crypto });
      assert.equal(ok.header.alg, row.name, `${row.name} (${crypto})`);
    }
    const web = webBackend(globalThis.crypto.subtle);
    const material = row.kty === "oct" ? { kind: "secret", bytes: key.sign } : { kind: "public", jwk: key.jwk };
    const webKey = await web.importKey(row.name, material);
    assert.equal(await web.verify(row.name, webKey, Buffer.from(input), sig), true, `${row.name} (WebCrypto)`);
    // The same key as a CryptoKey: the package reads the algorithm it is bound to from the table.
    const viaCryptoKey = await verify(token, { key: webKey, algorithms: [row.name], now: NOW });
    assert.equal(viaCryptoKey.header.alg, row.name, `${row.name} (CryptoKey)`);
    sig[0] ^= 1;
    assert.equal(await web.verify(row.name, webKey, Buffer.from(input), sig), false, `${row.name} (WebCrypto, altered)`);
  }
});

test("the page offers exactly ALGORITHMS", async () => {
  // site/ is www/ with the built package beside it as site/pkg/, as the page is served.
  const page = await import(path.join(ROOT, "site/options.js"));
  assert.deepEqual(page.ALGORITHMS, NAMES);
});

// Files of `dir` (recursively) whose name ends with one of `exts`.
function files(dir, exts) {
  return readdirSync(path.join(ROOT, dir), { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && exts.some((x) => e.name.endsWith(x)))
    .map((e) => path.relative(ROOT, path.join(e.parentPath ?? e.path, e.name)));
}

// The table itself, and the one mapping the compiler keeps exhaustive: the PS* name of each SHA-2
// an RSASSA-PSS key may be restricted to (a lookup in the table would grow the WebAssembly module).
const ALLOWED = new Set(["src/alg.rs", "src/key/public.rs"]);

test("no hand-written list of algorithms outside src/alg.rs", () => {
  const word = /\b(?:(?:HS|RS|PS|ES)(?:256|384|512)|EdDSA|Ed25519)\b/g;
  const sources = [
    ...files("src", [".rs"]),
    ...files("js", [".js", ".ts"]),
    ...files("www", [".js", ".html"]),
  ].filter((f) => !ALLOWED.has(f.split(path.sep).join("/")));
  assert.ok(sources.length > 20, sources.join(" "));
  const lists = [];
  for (const f of sources) {
    // A Rust file's tests may name algorithms: they are the expected values.
    const text = readFileSync(path.join(ROOT, f), "utf8").split("#[cfg(test)]")[0];
    const named = new Set(text.match(word) ?? []);
    // Two names are a pair (EdDSA and its RFC 9864 alias, PS256 in an example); three are a list.
    if (named.size >= 3) lists.push(`${f}: ${[...named].join(" ")}`);
  }
  assert.deepEqual(lists, [], "read the table (src/alg.rs, or ALGORITHMS from pkg/algs.js) instead");
});
