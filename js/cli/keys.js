// Reading keys and key sets for the verifier options: files (PEM, JWK, JWK Set, secrets) and
// URLs (a JWKS, or an issuer's OpenID discovery document), fetched here first, by the library's
// own fetcher, because inspect() is synchronous.

import { readFileSync } from "node:fs";
import { createVerifier, describeKey, JwtConfigError } from "../index.node.js";
import { plural } from "./render.js";
import { FetchError, UsageError } from "./usage.js";
import { describe, discover, fetchJwkSet, isCertificateMap, noteDiscovered } from "../jwks.js";

/** How long a JWKS or discovery fetch may take, in milliseconds. */
export const FETCH_TIMEOUT_MS = 10_000;
const MAX_FILE_BYTES = 4 * 1024 * 1024;

/** Reads a file for an option, as bytes; any failure is a usage error naming the option. */
export function readFileFor(what, path) {
  if (/^https?:\/\//i.test(path)) {
    throw new UsageError(`${what} takes a FILE, and ${path} is a URL: for a key set at a URL use --jwks ${path} (or --issuer-discovery for an issuer)`);
  }
  let bytes;
  try {
    bytes = readFileSync(path);
  } catch (e) {
    throw new UsageError(`${what}: cannot read ${path}: ${e.code === "ENOENT" ? "no such file" : e.code === "EISDIR" ? "is a directory" : (e.code ?? e.message)}`);
  }
  if (bytes.length > MAX_FILE_BYTES) throw new UsageError(`${what}: ${path} is larger than ${MAX_FILE_BYTES} bytes`);
  return bytes;
}

function isText(bytes) {
  if (bytes.includes(0)) return false;
  try {
    new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

function parseJson(what, path, text) {
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new UsageError(`${what}: ${path} is not valid JSON (${e.message.split("\n")[0]})`);
  }
}

const SSH_LINE = /^(ssh-|ecdsa-sha2-)/;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;
// An ASN.1 SEQUENCE opens every DER key and certificate; a raw EC point is 0x04 ‖ x ‖ y.
const startsLikeDer = (bytes) => bytes.length >= 16 && bytes[0] === 0x30;
const rawEcPoint = (bytes) => bytes[0] === 0x04 && [65, 97, 133].includes(bytes.length);

/**
 * What a key file holds, judged by its form before the core reads it:
 *  - "jwks", "jwk", "json" (JSON that is neither; `value` is the parsed JSON),
 *  - "pem" (a -----BEGIN block), "ssh" (an OpenSSH public-key line), "base64-der" (text that
 *    is base64 of DER), "der" (binary DER or a raw EC point): key forms the core reads,
 *  - "text", "binary", "empty": no key form; `how` says how the file was read.
 * Invalid JSON text is a usage error here.
 */
export function classifyKeyFile(what, path, bytes) {
  const n = plural(bytes.length, "byte");
  if (bytes.length === 0) return { kind: "empty", how: "is empty" };
  if (!isText(bytes)) {
    if (startsLikeDer(bytes) || rawEcPoint(bytes)) return { kind: "der", how: `was read as binary DER (${n})` };
    return { kind: "binary", how: `was read as binary data (${n}) that is not DER (no ASN.1 SEQUENCE at its start)` };
  }
  const text = bytes.toString("utf8").replace(/^\uFEFF/, ""); // a byte-order mark is not content
  const trimmed = text.trim();
  if (trimmed.startsWith("{") || trimmed.startsWith("[")) {
    const value = parseJson(what, path, trimmed);
    if (value !== null && typeof value === "object" && !Array.isArray(value)) {
      if (Array.isArray(value.keys)) return { kind: "jwks", value, text, how: "holds a JWK Set" };
      if (isCertificateMap(value)) return { kind: "jwks", value, text, how: "holds a certificate map (kid to PEM certificate)" };
      if (typeof value.kty === "string") return { kind: "jwk", value, text, how: "holds a single JWK" };
    }
    return { kind: "json", value, text, how: "holds JSON that is neither a JWK nor a JWK Set" };
  }
  if (trimmed.includes("-----BEGIN")) return { kind: "pem", text, how: "holds a PEM block" };
  if (SSH_LINE.test(trimmed)) return { kind: "ssh", text, how: "holds an OpenSSH public-key line" };
  const compact = trimmed.replace(/\s+/g, "");
  if (compact.length >= 24 && compact.length % 4 === 0 && BASE64.test(compact) && startsLikeDer(Buffer.from(compact, "base64"))) {
    return { kind: "base64-der", text, how: "holds base64 DER without PEM armor" };
  }
  return {
    kind: "text",
    text,
    how: `was read as text (${n}) with no key in it: no "-----BEGIN" line, not JSON, not an OpenSSH key line, not base64 DER`,
  };
}

/** A key the core could not read, as the core words it; null when it reads. */
function keyReadError(options) {
  try {
    createVerifier({ ...options, algorithms: ["RS256"] });
    return null;
  } catch (e) {
    if (e instanceof JwtConfigError) return e.message;
    if (e instanceof TypeError) return null; // misuse: inspect() says it, as a usage error
    throw e;
  }
}

/** Throws a usage error with the core's own words when it cannot read the key or key set. */
export function checkKeyReadable(what, options) {
  const { key, jwks, secretEncoding } = options;
  if (key === undefined && jwks === undefined) return;
  const error = keyReadError({ key, jwks, secretEncoding });
  if (error !== null) throw new UsageError(`${what}: ${error}`);
}

/** Whether the core, failing to read `key` as a key, falls back to an HMAC secret. */
function readAsSecret(key) {
  return describeKey(key).kind === "secret";
}

/** DER bytes as a PEM public key, so that the core says what is wrong with the structure. */
function asPem(der) {
  const lines = Buffer.from(der).toString("base64").match(/.{1,64}/g);
  return `-----BEGIN PUBLIC KEY-----\n${lines.join("\n")}\n-----END PUBLIC KEY-----\n`;
}

/**
 * Loads a `--key` file into inspect options: `{ key }` for a PEM, SSH, DER or JWK key,
 * `{ jwks }` for a JWK Set. Anything else is a usage error that says how the file was read and
 * names `secretOption` for HMAC secrets; a key the core cannot read is a usage error in the
 * core's words.
 */
export function loadKeyFile(what, path, secretOption = "--secret-file") {
  const bytes = readFileFor(what, path);
  const c = classifyKeyFile(what, path, bytes);
  let options;
  switch (c.kind) {
    case "jwks":
      options = { jwks: c.value };
      break;
    case "jwk":
      options = { key: c.value };
      break;
    case "json":
      throw new UsageError(`${what}: ${path} ${c.how} (no "kty" or "keys")`);
    case "pem":
    case "ssh":
      options = { key: c.text };
      break;
    case "base64-der":
    case "der": {
      const key = c.kind === "der" ? new Uint8Array(bytes) : c.text;
      checkKeyReadable(`${what}: ${path}`, { key });
      if (readAsSecret(key)) {
        const der = c.kind === "der" ? bytes : Buffer.from(c.text.replace(/\s+/g, ""), "base64");
        const why = keyReadError({ key: asPem(der) }) ?? "no key structure the core reads";
        throw new UsageError(`${what}: ${path} ${c.how} but does not read as a key: ${why.replace(/^the key could not be read: /, "")}; if it is an HMAC secret, use ${secretOption} ${path}`);
      }
      return { key };
    }
    default:
      throw new UsageError(`${what}: ${path} ${c.how}, so it is not a key; for an HMAC secret use ${secretOption} ${path}`);
  }
  checkKeyReadable(`${what}: ${path}`, options);
  return options;
}

/**
 * Reads an HMAC secret file: its bytes exactly, less one final line break (\n or \r\n) when
 * the file is text, the one an editor or `echo` adds. A key (PEM, JWK, JWK Set, OpenSSH line)
 * is refused with a pointer to `keyOption`. Returns the secret's bytes and, for text, its text.
 */
export function loadSecretFile(what, path, keyOption = "--key") {
  const bytes = readFileFor(what, path);
  if (bytes.length === 0) throw new UsageError(`${what}: ${path} is empty: an HMAC secret cannot be empty`);
  if (!isText(bytes)) return { bytes: new Uint8Array(bytes), text: null };
  const text = bytes.toString("utf8");
  const trimmed = text.trim();
  if (trimmed.startsWith("-----BEGIN")) throw new UsageError(`${what}: ${path} is a PEM key, not a secret: use ${keyOption} ${path}`);
  if (SSH_LINE.test(trimmed)) throw new UsageError(`${what}: ${path} is an OpenSSH public key, not a secret: use ${keyOption} ${path}`);
  if (trimmed.startsWith("{")) {
    let value = null;
    try {
      value = JSON.parse(trimmed);
    } catch {
      // not JSON: a secret that starts with "{"
    }
    if (value && (typeof value.kty === "string" || Array.isArray(value.keys))) {
      throw new UsageError(`${what}: ${path} is a ${Array.isArray(value.keys) ? "JWK Set" : "JWK"}, not a raw secret: use ${keyOption} ${path}`);
    }
  }
  const secret = text.replace(/\r?\n$/, "");
  if (secret === "") throw new UsageError(`${what}: ${path} holds only a line break: an HMAC secret cannot be empty`);
  return { bytes: new Uint8Array(Buffer.from(secret, "utf8")), text: secret };
}

/**
 * The `key` option for a secret file: an "oct" JWK of its bytes, which the core takes as
 * exactly those bytes (a raw Uint8Array or text could be read as DER or PEM first), or the text
 * itself when `secretEncoding` says how to decode it.
 */
export function secretKey({ bytes, text }, secretEncoding) {
  if (secretEncoding !== undefined && secretEncoding !== "utf8" && text !== null) return text;
  return { kty: "oct", k: Buffer.from(bytes).toString("base64url") };
}

/** Loads a JWK Set from a file; a key file of another form is refused with `keyOption`. */
export function loadJwksFile(what, path, keyOption = "--key") {
  const bytes = readFileFor(what, path);
  const c = classifyKeyFile(what, path, bytes);
  switch (c.kind) {
    case "jwks":
      checkKeyReadable(`${what}: ${path}`, { jwks: c.value });
      return c.value;
    case "jwk":
      throw new UsageError(`${what}: ${path} is a single JWK, not a JWK Set: use ${keyOption} ${path}, or wrap it as {"keys": [ … ]}`);
    case "pem":
    case "ssh":
    case "base64-der":
    case "der":
      throw new UsageError(`${what}: ${path} is ${c.kind === "pem" ? "a PEM key" : c.kind === "ssh" ? "an OpenSSH public key" : "a DER key"}, not a JWK Set: use ${keyOption} ${path}`);
    default:
      throw new UsageError(`${what}: ${path} ${c.kind === "json" ? "holds JSON that is not a JWK Set" : `${c.how}: not a JWK Set`} (an object with a "keys" array)`);
  }
}

// The library's one fetcher (js/jwks.js): no redirect followed, the body capped in bytes while
// it streams, a timeout; the CLI only words its errors as usage errors.
const fetchImpl = (...args) => globalThis.fetch(...args);

/** Fetches a JWK Set from a URL. */
export async function fetchJwks(what, url) {
  try {
    return (await fetchJwkSet(fetchImpl, url, FETCH_TIMEOUT_MS)).jwks;
  } catch (e) {
    throw new FetchError(`${what}: cannot use ${url}: ${describe(e)}`);
  }
}

/** Reads an issuer's discovery document and fetches its jwks_uri. */
export async function discoverJwks(issuer) {
  const what = "--issuer-discovery";
  if (!/^https?:\/\//i.test(issuer)) throw new UsageError(`${what} takes an http(s) URL, not ${JSON.stringify(issuer)}`);
  let found;
  try {
    found = await discover(fetchImpl, issuer, FETCH_TIMEOUT_MS);
  } catch (e) {
    throw new FetchError(`${what}: ${e.message}`);
  }
  // the document's issuer: a token from another one is told its key set is another environment's
  return noteDiscovered(await fetchJwks(what, found.jwksUri.href), found.issuer);
}

/** Whether an option value names a URL rather than a file. */
export function isUrl(value) {
  return /^https?:\/\//i.test(value);
}
