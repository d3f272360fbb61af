// Reading keys and key sets for the verifier options: files (PEM, JWK, JWK Set, secrets) and
// URLs (a JWKS, or an issuer's OpenID discovery document), fetched here with a timeout because
// inspect() is synchronous.

import { readFileSync } from "node:fs";
import { UsageError } from "./usage.js";

/** How long a JWKS or discovery fetch may take, in milliseconds. */
export const FETCH_TIMEOUT_MS = 10_000;
const MAX_FILE_BYTES = 4 * 1024 * 1024;
const MAX_RESPONSE_BYTES = 512 * 1024;

/** Reads a file for an option, as bytes; any failure is a usage error naming the option. */
export function readFileFor(what, path) {
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

/**
 * Loads a key file into inspect options: `{ key }` for a PEM, a JWK or a secret, `{ jwks }` for
 * a JWK Set. JSON text must parse (a broken JWK file is a usage error, not a finding); a
 * binary file is a raw HMAC secret; a text secret loses one trailing newline.
 */
export function loadKeyFile(what, path) {
  const bytes = readFileFor(what, path);
  if (!isText(bytes)) return { key: new Uint8Array(bytes) };
  const text = bytes.toString("utf8");
  const trimmed = text.trim();
  if (trimmed.startsWith("{") || trimmed.startsWith("[")) {
    const value = parseJson(what, path, trimmed);
    if (value === null || typeof value !== "object" || Array.isArray(value)) {
      throw new UsageError(`${what}: ${path} holds JSON but not a JWK or JWK Set object`);
    }
    if (Array.isArray(value.keys)) return { jwks: value };
    if (typeof value.kty !== "string") throw new UsageError(`${what}: ${path} is JSON without "kty" or "keys": not a JWK or JWK Set`);
    return { key: value };
  }
  if (trimmed.includes("-----BEGIN") || /^(ssh-|ecdsa-sha2-)/.test(trimmed)) return { key: text };
  return { key: text.replace(/\r?\n$/, "") };
}

/** Loads a JWK Set from a file. */
export function loadJwksFile(what, path) {
  const value = parseJson(what, path, readFileFor(what, path).toString("utf8"));
  if (value === null || typeof value !== "object" || !Array.isArray(value.keys)) {
    throw new UsageError(`${what}: ${path} is not a JWK Set (an object with a "keys" array)`);
  }
  return value;
}

async function fetchJson(what, url, fetchImpl = globalThis.fetch) {
  if (typeof fetchImpl !== "function") throw new UsageError(`${what}: this Node has no global fetch (Node ≥ 18 needed)`);
  let res;
  try {
    res = await fetchImpl(url, { headers: { accept: "application/json" }, signal: AbortSignal.timeout(FETCH_TIMEOUT_MS), redirect: "follow" });
  } catch (e) {
    const why = e?.name === "TimeoutError" ? `no answer within ${FETCH_TIMEOUT_MS / 1000} s` : (e?.cause?.code ?? e?.cause?.message ?? e?.message ?? String(e));
    throw new UsageError(`${what}: cannot fetch ${url}: ${why}`);
  }
  if (!res.ok) throw new UsageError(`${what}: ${url} answered HTTP ${res.status}`);
  let text;
  try {
    text = await res.text();
  } catch (e) {
    throw new UsageError(`${what}: reading ${url} failed: ${e?.message ?? e}`);
  }
  if (text.length > MAX_RESPONSE_BYTES) throw new UsageError(`${what}: ${url} sent more than ${MAX_RESPONSE_BYTES} bytes`);
  try {
    return JSON.parse(text);
  } catch {
    throw new UsageError(`${what}: ${url} did not answer JSON`);
  }
}

/** Fetches a JWK Set from a URL. */
export async function fetchJwks(what, url) {
  const value = await fetchJson(what, url);
  if (value === null || typeof value !== "object" || !Array.isArray(value.keys)) {
    throw new UsageError(`${what}: ${url} did not answer a JWK Set (an object with a "keys" array)`);
  }
  return value;
}

/** Reads an issuer's discovery document and fetches its jwks_uri. */
export async function discoverJwks(issuer) {
  const what = "--issuer-discovery";
  if (!/^https?:\/\//i.test(issuer)) throw new UsageError(`${what} takes an http(s) URL, not ${JSON.stringify(issuer)}`);
  const url = `${issuer.replace(/\/+$/, "")}/.well-known/openid-configuration`;
  const doc = await fetchJson(what, url);
  const jwksUri = doc && typeof doc === "object" ? doc.jwks_uri : undefined;
  if (typeof jwksUri !== "string" || !/^https?:\/\//i.test(jwksUri)) {
    throw new UsageError(`${what}: ${url} has no http(s) jwks_uri`);
  }
  return fetchJwks(what, jwksUri);
}

/** Whether an option value names a URL rather than a file. */
export function isUrl(value) {
  return /^https?:\/\//i.test(value);
}
