// The public API over the WebAssembly core. Every entry point (node, workerd, browser)
// re-exports this module after registering how the module is instantiated.

import * as core from "./jwt_doctor.js";
import { JwtError } from "./errors.js";
import { LocalJWKSet, RemoteJWKSet } from "./jwks.js";
import { init, requireReady } from "./runtime.js";

export { JwtError } from "./errors.js";
export { FINDINGS } from "./findings.js";
export { tokenFromAuthorization } from "./authorization.js";
export { createLocalJWKSet, createRemoteJWKSet, discoverJWKS, LocalJWKSet, RemoteJWKSet } from "./jwks.js";
export { init } from "./runtime.js";

function isKeyObject(k) {
  return typeof k === "object" && k !== null && typeof k.export === "function" &&
    (k.type === "public" || k.type === "private" || k.type === "secret") && typeof k.asymmetricKeyType !== "function";
}

// Turns what JavaScript callers pass into what the core reads: key objects and buffers become
// JWKs or bytes, local key sets become their JWK Set.
function normalise(options, fn) {
  if (options === undefined || options === null) return undefined;
  if (typeof options !== "object" || Array.isArray(options)) throw new TypeError(`${fn}(): options must be an object`);
  const o = { ...options };
  if (o.key instanceof ArrayBuffer) o.key = new Uint8Array(o.key);
  else if (ArrayBuffer.isView(o.key) && !(o.key instanceof Uint8Array)) {
    o.key = new Uint8Array(o.key.buffer, o.key.byteOffset, o.key.byteLength);
  } else if (isKeyObject(o.key)) {
    o.key = o.key.type === "secret" ? new Uint8Array(o.key.export()) : o.key.export({ format: "jwk" });
  }
  if (o.jwks instanceof LocalJWKSet) o.jwks = o.jwks.jwks;
  else if (o.jwks instanceof RemoteJWKSet) {
    throw new TypeError(`${fn}() is synchronous and cannot fetch a remote key set: use verify(), or fetch the JWKS first`);
  }
  return o;
}

function kidOf(token) {
  try {
    const d = core.decode(token);
    return typeof d.header?.kid === "string" ? d.header.kid : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Inspects a token and explains every problem. Synchronous; throws only for misuse
 * (`TypeError`).
 * @param {string} token
 * @param {object} [options]
 */
export function inspect(token, options) {
  requireReady("inspect");
  if (typeof token !== "string") throw new TypeError("inspect(): token must be a string");
  return core.inspect(token, normalise(options, "inspect"));
}

/**
 * Verifies a token on the production path. Resolves to `{ header, payload, key, findings }`;
 * rejects with `JwtError` (`code`, `findings`, `report`).
 * @param {string} token
 * @param {object} options `algorithms` and `key` or `jwks` are required
 */
export async function verify(token, options) {
  await init();
  if (typeof token !== "string") throw new TypeError("verify(): token must be a string");
  if (!options || typeof options !== "object") throw new TypeError("verify(): options with algorithms and a key are required");
  let o = options;
  if (options.jwks instanceof RemoteJWKSet) {
    const { jwks, stale } = await options.jwks.resolve(kidOf(token));
    o = { ...options, jwks };
    if (stale) o.jwksStale = stale;
  }
  o = normalise(o, "verify");
  const r = core.verify(token, o);
  if (r.ok) {
    return { header: r.header, payload: r.payload, key: r.key, findings: r.findings };
  }
  const report = core.diagnose(token, o);
  const first = report.findings.find((f) => f.severity === "error");
  const code = first?.code ?? r.code;
  throw new JwtError(code, first?.message ?? "the token is not valid", report.findings, report);
}

/**
 * The bare signature primitive: does `signature` verify over `message` with `key` for `alg`?
 * No token, no claims, no diagnosis (the conformance suites use it; also for detached content).
 * Throws TypeError for an unknown algorithm or a key that cannot be read.
 * @param {string} alg
 * @param {string|object|Uint8Array} key PEM, JWK (object or JSON) or secret bytes
 * @param {Uint8Array} message
 * @param {Uint8Array} signature
 * @returns {boolean}
 */
export function verifySignature(alg, key, message, signature) {
  requireReady("verifySignature");
  if (!(message instanceof Uint8Array) || !(signature instanceof Uint8Array)) {
    throw new TypeError("verifySignature(): message and signature must be Uint8Arrays");
  }
  return core.verifySignature(alg, key, message, signature);
}

/**
 * Decodes a token WITHOUT verifying it: for display and debugging only. Throws `JwtError`
 * when the header or payload cannot be decoded.
 * @param {string} token
 */
export function decode(token) {
  requireReady("decode");
  if (typeof token !== "string") throw new TypeError("decode(): token must be a string");
  const d = core.decode(token);
  if (!d.header || !d.payload) {
    const f = d.findings[0];
    throw new JwtError(f?.code ?? "malformed_token", f?.message ?? "the token cannot be decoded", d.findings, null);
  }
  return { header: d.header, payload: d.payload, signature: d.signature };
}
