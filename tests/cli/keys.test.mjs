// How the CLI reads keys and secrets (issue 21): --key takes keys only and says how it read a
// file it refuses, --secret-file takes secrets, a broken key is a usage error in the core's
// words (never a verdict on the token), and a key given to the wrong option says which one to
// use. Keys and tokens are made with node:crypto; every case runs the real bin.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { inspect } from "jwt-doctor";
import { hs256, ISS, NOW, rs256, rsaKey, run, SECRET, tempDir } from "./helpers.mjs";

const claims = { iss: ISS, aud: "api", sub: "user-1", iat: NOW - 60, exp: NOW + 600 };
const at = ["--now", String(NOW)];
let tmp;
let rsa;
let token; // RS256, kid "k1"
before(() => {
  tmp = tempDir();
  rsa = rsaKey("k1");
  token = rs256(claims, rsa.privateKey, "k1");
});
after(() => tmp.cleanup());

/** Asserts a usage error: exit 2, nothing on stdout, one line on stderr matching each pattern. */
function usageError(r, ...patterns) {
  assert.equal(r.code, 2, r.stdout + r.stderr);
  assert.equal(r.stdout, "");
  assert.equal(r.stderr.split("\n").length, 2, `one line: ${r.stderr}`);
  assert.match(r.stderr, /^jwt-doctor: /);
  for (const p of patterns) assert.match(r.stderr, p);
}

test("--key on a text file that holds no key: refused, says how it was read, points to --secret-file", async () => {
  const file = tmp.write("secret.txt", `${SECRET}\n`);
  const r = await run(["inspect", hs256(claims), "--key", file, ...at]);
  usageError(r, /--key: .*secret\.txt was read as text \(38 bytes\) with no key in it: no "-----BEGIN" line, not JSON/,
    new RegExp(`for an HMAC secret use --secret-file ${file.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")}$`, "m"));
});

test("--key on a binary file that is not DER: refused the same way", async () => {
  const file = tmp.write("secret.bin", Buffer.concat([Buffer.from([0x01]), randomBytes(31)]));
  const r = await run(["inspect", hs256(claims), "--key", file, ...at]);
  usageError(r, /secret\.bin was read as binary data \(32 bytes\) that is not DER/, /for an HMAC secret use --secret-file /);
});

test("--secret-file: the file's bytes are the secret, one final line break dropped; --json as inspect()", async () => {
  const hs = hs256(claims);
  for (const [name, content] of [["lf.txt", `${SECRET}\n`], ["crlf.txt", `${SECRET}\r\n`], ["bare.txt", SECRET]]) {
    const r = await run(["inspect", hs, "--secret-file", tmp.write(name, content), "--alg", "HS256", "--aud", "api", ...at]);
    assert.equal(r.code, 0, `${name}: ${r.stdout}${r.stderr}`);
    assert.match(r.stdout, /^✓ VALID {2}HS256 signature verified$/m);
  }
  // only one line break goes: a secret written with two does not verify
  const two = await run(["inspect", hs, "--secret-file", tmp.write("two.txt", `${SECRET}\n\n`), "--alg", "HS256", ...at]);
  assert.equal(two.code, 1);
  assert.match(two.stdout, /signature_invalid/);
  // binary secrets are taken byte for byte, even one that starts like DER (0x30)
  const raw = Buffer.concat([Buffer.from([0x30, 0x0a]), randomBytes(30)]);
  const signed = hs256(claims, { secret: raw });
  const bin = await run(["inspect", signed, "--secret-file", tmp.write("raw.bin", raw), "--alg", "HS256", ...at, "--json"]);
  assert.equal(bin.code, 0, bin.stderr);
  assert.deepEqual(JSON.parse(bin.stdout), inspect(signed, { key: { kty: "oct", k: raw.toString("base64url") }, algorithms: ["HS256"], now: NOW }));
  // with --secret-encoding the file's text is decoded
  const b64 = await run(["inspect", signed, "--secret-file", tmp.write("b64.txt", `${raw.toString("base64")}\n`), "--secret-encoding", "base64", ...at]);
  assert.equal(b64.code, 0, b64.stdout + b64.stderr);
});

test("--secret-file refuses keys and empty files", async () => {
  const pem = tmp.write("key.pem", rsa.pem);
  usageError(await run(["inspect", token, "--secret-file", pem]), /--secret-file: .*key\.pem is a PEM key, not a secret: use --key .*key\.pem$/m);
  usageError(await run(["inspect", token, "--secret-file", tmp.write("k.jwk", rsa.jwk)]), /is a JWK, not a raw secret: use --key /);
  usageError(await run(["inspect", token, "--secret-file", tmp.write("empty", "")]), /is empty: an HMAC secret cannot be empty/);
  usageError(await run(["inspect", token, "--secret-file", pem, "--secret", "x"]), /give one of --key, --secret and --secret-file, not --secret and --secret-file/);
});

test("a PEM key passed to --secret: our message, not parseArgs' 'ambiguous'", async () => {
  for (const args of [["--secret", rsa.pem], [`--secret=${rsa.pem}`], ["--secret", `\n${rsa.pem}`]]) {
    const r = await run(["inspect", hs256(claims), ...args]);
    usageError(r, /^jwt-doctor: --secret: this is a PEM key, not a secret: use --key FILE$/m);
    assert.doesNotMatch(r.stderr, /ambiguous/);
  }
  const key = await run(["inspect", token, "--key", rsa.pem]);
  usageError(key, /--key: this is the text of a PEM key; --key takes the name of a FILE that holds it/);
});

test("a PEM whose base64 is damaged: exit 2 with the core's message, not a verdict", async () => {
  const lines = rsa.pem.split("\n");
  lines[2] = `${lines[2].slice(0, 10)}!!${lines[2].slice(12)}`;
  const file = tmp.write("damaged.pem", lines.join("\n"));
  const expected = inspect(token, { key: lines.join("\n"), now: NOW }).findings.find((f) => f.code === "key_invalid");
  assert.ok(expected, "the core reports key_invalid for this key");
  const r = await run(["inspect", token, "--key", file, "--alg", "RS256", ...at]);
  usageError(r, /--key: .*damaged\.pem: the key could not be read: the base64 inside the PUBLIC KEY block is invalid: '!' at character \d+/);
  assert.ok(r.stderr.includes(expected.message), `${r.stderr} has ${expected.message}`);
  // the same through triage and compare
  const log = tmp.write("one.log", `${token}\n`);
  usageError(await run(["triage", log, "--key", file]), /damaged\.pem: the key could not be read: the base64 inside the PUBLIC KEY block/);
  const config = tmp.write("damaged-config.json", { keyFile: "damaged.pem" });
  usageError(await run(["compare", token, "--config", config]), /keyFile: .*damaged\.pem: the key could not be read: the base64/);
});

test("a truncated DER key: exit 2, the core says the structure is cut short", async () => {
  const der = rsa.publicKey.export({ type: "spki", format: "der" });
  const file = tmp.write("cut.der", der.subarray(0, 100));
  const r = await run(["inspect", token, "--key", file, "--alg", "RS256", ...at]);
  usageError(r, /cut\.der was read as binary DER \(100 bytes\) but does not read as a key: .*not valid DER: its outer SEQUENCE declares \d+ bytes but \d+ follow \(cut short\?\)/);
  // whole, the same file verifies
  const whole = await run(["inspect", token, "--key", tmp.write("whole.der", der), "--alg", "RS256", ...at]);
  assert.equal(whole.code, 0, whole.stdout + whole.stderr);
});

test("--jwks on a PEM key or a single JWK says what to use instead", async () => {
  const pem = tmp.write("pub.pem", rsa.pem);
  const r = await run(["inspect", token, "--jwks", pem]);
  usageError(r, /--jwks: .*pub\.pem is a PEM key, not a JWK Set: use --key .*pub\.pem$/m);
  assert.doesNotMatch(r.stderr, /JSON|minus sign/);
  const jwk = tmp.write("one.jwk.json", rsa.jwk);
  usageError(await run(["inspect", token, "--jwks", jwk]), /one\.jwk\.json is a single JWK, not a JWK Set: use --key .*one\.jwk\.json, or wrap it as \{"keys": \[ … \]\}/);
});

test("--key takes a JWK Set, and a JWK; both verify", async () => {
  for (const content of [{ keys: [rsa.jwk] }, rsa.jwk]) {
    const r = await run(["inspect", token, "--key", tmp.write("set.json", content), "--alg", "RS256", "--aud", "api", ...at]);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /^✓ VALID {2}RS256 signature verified with key "k1"$/m);
  }
});

test("--secret the core cannot use: exit 2 in its words", async () => {
  usageError(await run(["inspect", hs256(claims), "--secret", ""]), /^jwt-doctor: --secret: the HMAC secret is empty/);
  usageError(await run(["inspect", hs256(claims), "--secret", "xyz", "--secret-encoding", "hex"]), /^jwt-doctor: --secret: .*not valid hexadecimal/);
});

test("--jwks URL that answers a single JWK says so", async () => {
  const { createServer } = await import("node:http");
  const server = createServer((req, res) => {
    res.setHeader("content-type", "application/json");
    res.end(JSON.stringify(rsa.jwk));
  });
  await new Promise((r) => server.listen(0, "127.0.0.1", r));
  try {
    const url = `http://127.0.0.1:${server.address().port}/key.json`;
    // a key set URL that gives no key set: exit 3 (as for one that is down), one line
    const r = await run(["inspect", token, "--jwks", url]);
    assert.equal(r.code, 3, r.stderr);
    assert.equal(r.stderr.split("\n").length, 2, `one line: ${r.stderr}`);
    assert.match(r.stderr, /--jwks: cannot use http:\/\/127\.0\.0\.1:\d+\/key\.json: the response is not a JWK Set \(an object with a "keys" array\) but a single JWK$/m);
  } finally {
    server.close();
  }
});
